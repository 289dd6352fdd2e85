import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import {
  completions, credentials, domainEvents, moduleVersions, modules, participants, skills, unitSkills, units
} from '../../db/schema/index.ts'
import { newId } from '../../lib/ids.ts'

export type CredentialRow = typeof credentials.$inferSelect
export type CredentialKind = CredentialRow['kind']
export type EventRow = typeof domainEvents.$inferSelect

/** Queries for issuing and revoking credentials, and the outbox of events that drives issuance. */
export function createCredentialRepository (db: Db) {
  const unitsTotal = db.$client.prepare('select count(*) as n from units where module_version_id = ?').pluck()
  const unitsDone = db.$client.prepare(`select count(distinct unit_id) as n from completions
    where participant_id = ? and module_version_id = ? and voided_at is null`).pluck()
  const validStmt = db.select().from(credentials).where(and(
    eq(credentials.participantId, sql.placeholder('participantId')),
    eq(credentials.kind, sql.placeholder('kind')),
    eq(credentials.subjectRef, sql.placeholder('subjectRef')),
    isNull(credentials.revokedAt))).orderBy(desc(credentials.issuedAt)).limit(1).prepare()
  const pendingStmt = db.$client.prepare('select 1 from domain_events where type = ? and subject_id = ? and handled_at is null').pluck()
  const participantStmt = db.select({ id: participants.id, displayName: participants.displayName, regionId: participants.regionId })
    .from(participants).where(eq(participants.id, sql.placeholder('id'))).prepare()
  const unhandledStmt = db.select().from(domainEvents).where(isNull(domainEvents.handledAt))
    .orderBy(asc(domainEvents.createdAt), asc(domainEvents.id)).limit(sql.placeholder('limit')).prepare()
  const handledStmt = db.$client.prepare('update domain_events set handled_at = ? where id = ?')
  const insertStmt = db.$client.prepare(`insert into credentials (id, participant_id, issuer_id, kind, subject_ref, document, jwt,
    status_list_id, status_index, issued_at) values (@id, @participantId, @issuerId, @kind, @subjectRef, @document, @jwt, @statusListId, @statusIndex, @issuedAt)`)
  const versionStmt = db.select({ v: moduleVersions, providerId: modules.providerId }).from(moduleVersions)
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId)).where(eq(moduleVersions.id, sql.placeholder('id'))).prepare()
  const unitsStmt = db.select().from(units).where(eq(units.moduleVersionId, sql.placeholder('id'))).orderBy(asc(units.position)).prepare()
  const skillsStmt = db.selectDistinct({ s: skills }).from(unitSkills).innerJoin(skills, eq(skills.id, unitSkills.skillId))
    .innerJoin(units, eq(units.id, unitSkills.unitId)).where(eq(units.moduleVersionId, sql.placeholder('id'))).orderBy(asc(skills.name)).prepare()
  const doneStmt = db.select().from(completions).where(and(eq(completions.participantId, sql.placeholder('participantId')),
    eq(completions.moduleVersionId, sql.placeholder('moduleVersionId')), isNull(completions.voidedAt)))
    .orderBy(asc(completions.completedOn), asc(completions.id)).prepare()

  const isVersionComplete = (participantId: string, moduleVersionId: string) => {
    const total = unitsTotal.get(moduleVersionId) as number
    return total > 0 && (unitsDone.get(participantId, moduleVersionId) as number) === total
  }
  const findValid = (participantId: string, kind: CredentialKind, subjectRef: string) => validStmt.get({ participantId, kind, subjectRef })

  return {
    isVersionComplete,
    findValid,
    findById: (id: string) => db.select().from(credentials).where(eq(credentials.id, id)).get(),
    findByStatus: (listId: string, index: number) => db.select().from(credentials)
      .where(and(eq(credentials.statusListId, listId), eq(credentials.statusIndex, index))).get(),
    listByParticipant: (participantId: string) => db.select().from(credentials)
      .where(eq(credentials.participantId, participantId)).orderBy(asc(credentials.issuedAt), asc(credentials.id)).all(),
    validOfParticipant: (participantId: string, kinds: CredentialKind[]) => db.select().from(credentials)
      .where(and(eq(credentials.participantId, participantId), inArray(credentials.kind, kinds), isNull(credentials.revokedAt)))
      .orderBy(asc(credentials.issuedAt), asc(credentials.id)).all(),
    insert: (row: typeof credentials.$inferInsert) => { insertStmt.run({ ...row, document: JSON.stringify(row.document) }) },
    markRevoked: (id: string, reason: string, at: string) => {
      db.update(credentials).set({ revokedAt: at, revocationReason: reason }).where(eq(credentials.id, id)).run()
    },

    /**
     * Notes, inside the caller's transaction, each (participant, module version) that is now
     * complete and has no valid credential yet, so the issuer makes one; acknowledged completions
     * thus never lose their credential, even if the process stops before signing.
     */
    enqueueCompletedModules: (pairs: Iterable<{ participantId: string, moduleVersionId: string }>, at: string) => {
      for (const { participantId, moduleVersionId } of pairs) {
        const subject = `${participantId}/${moduleVersionId}`
        if (!isVersionComplete(participantId, moduleVersionId) || findValid(participantId, 'module', moduleVersionId) ||
          pendingStmt.get('module.completed', subject)) continue
        db.insert(domainEvents).values({ id: newId('evt'), type: 'module.completed', subjectId: subject, payload: { participantId, moduleVersionId }, createdAt: at }).run()
      }
    },
    unhandledEvents: (limit: number) => unhandledStmt.all({ limit }),
    markHandled: (id: string, at: string) => { handledStmt.run(at, id) },
    participant: (id: string) => participantStmt.get({ id }),

    /** Everything a module credential says: the version, its provider, skills and the completions that met each unit. */
    moduleCredentialFacts: (participantId: string, moduleVersionId: string) => {
      const version = versionStmt.get({ id: moduleVersionId })!
      const unitRows = unitsStmt.all({ id: moduleVersionId })
      const skillRows = skillsStmt.all({ id: moduleVersionId }).map((r) => r.s)
      const done = doneStmt.all({ participantId, moduleVersionId })
      // the first valid completion of each unit is the one the credential shows
      const firstOf = new Map<string, typeof done[number]>()
      for (const c of done) if (!firstOf.has(c.unitId)) firstOf.set(c.unitId, c)
      return { version: version.v, providerId: version.providerId, units: unitRows.map((u) => ({ unit: u, completion: firstOf.get(u.id) })), skills: skillRows }
    }
  }
}
export type CredentialRepository = ReturnType<typeof createCredentialRepository>
