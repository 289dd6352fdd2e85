import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { credentials } from '../../db/schema/index.ts'
import type { CompletionResult, HostCompany, WorkplaceAttestation } from '../../db/schema/participants.ts'
import { newId } from '../../lib/ids.ts'
import type { ModuleFacts, UnitEvidence } from './documents.ts'
import { parsedColumn } from '../../lib/json-column.ts'

export type CredentialRow = typeof credentials.$inferSelect
export type CredentialKind = CredentialRow['kind']
/** A credential as the issuer stores it: the document already in JSON. */
export type NewCredentialRow = Omit<typeof credentials.$inferInsert, 'document' | 'revokedAt' | 'revocationReason'> & { document: string }

/** An outbox event as the issuer reads it. */
export interface EventRow {
  id: string
  type: string
  payload: { participantId: string, moduleVersionId: string }
}

/** An event of a participant's still in the outbox: a module credential to issue, or a correction to settle. */
export interface PendingEvent { id: string, type: string, moduleVersionId: string, since: string }

/** The outbox subject of a participant's module version: every event about it carries this one. */
export const outboxSubject = (participantId: string, moduleVersionId: string) => `${participantId}/${moduleVersionId}`

/** What every credential of one module version says, whoever earned it. */
export interface VersionFacts {
  moduleVersionId: string
  /** the provider: the issuer of the version's credentials */
  providerId: string
  published: boolean
  module: ModuleFacts
  units: Array<{ id: string, key: string, title: string }>
  skills: Array<{ id: string, name: string, kind: 'vocational' | 'basic', domain: 'language' | 'numeracy' | 'digital' | null, level: string | null, escoUri: string | null }>
}

interface CompletionFacts {
  unitId: string
  completedOn: string
  assessment: UnitEvidence['assessment']
  hostCompany: string | null
  workplaceAttestation: string | null
  evidenceUrl: string | null
  result: string | null
}

/** The outbox's next events, in the order they were queued; read whole from its index (no sort). */
export const NEXT_EVENTS = `select id, type, payload from domain_events where handled_at is null
  order by created_at, id limit ?`

/**
 * Queries for issuing and revoking credentials, and the outbox of events that drives issuance.
 * The statements the issuer runs per credential are raw prepared statements (no mapping layer),
 * and the facts of a published module version, which never change, are read once.
 */
export function createCredentialRepository (db: Db) {
  const client = db.$client
  // the participant's valid completions, from their index alone (participant, unit)
  const doneUnitsStmt = client.prepare<[string], string>('select unit_id from completions where participant_id = ? and voided_at is null').pluck()
  const validStmt = db.select().from(credentials).where(and(
    eq(credentials.participantId, sql.placeholder('participantId')),
    eq(credentials.kind, sql.placeholder('kind')),
    eq(credentials.subjectRef, sql.placeholder('subjectRef')),
    isNull(credentials.revokedAt))).orderBy(desc(credentials.issuedAt)).limit(1).prepare()
  const hasValidStmt = client.prepare(`select 1 from credentials
    where participant_id = ? and kind = ? and subject_ref = ? and revoked_at is null limit 1`).pluck()
  const pendingStmt = client.prepare('select 1 from domain_events where subject_id = ? and type = ? and handled_at is null').pluck()
  // outbox subjects are `participant/version`: the participant's are one range of the pending index
  const pendingOfStmt = client.prepare<[string, string], { id: string, type: string, subject: string, since: string }>(`select id, type,
    subject_id as subject, created_at as since from domain_events
    where handled_at is null and subject_id > ? and subject_id < ? order by created_at, id`)
  const insertEventStmt = client.prepare('insert into domain_events (id, type, subject_id, payload, created_at) values (?, ?, ?, ?, ?)')
  const nameStmt = client.prepare('select display_name from participants where id = ?').pluck()
  const unhandledStmt = client.prepare(NEXT_EVENTS)
  const handledStmt = client.prepare('update domain_events set handled_at = ? where id = ?')
  const insertStmt = client.prepare(`insert into credentials (id, participant_id, issuer_id, kind, subject_ref, document, jwt,
    status_list_id, status_index, issued_at) values (@id, @participantId, @issuerId, @kind, @subjectRef, @document, @jwt, @statusListId, @statusIndex, @issuedAt)`)
  const versionStmt = client.prepare(`select v.id, v.module_id as moduleId, v.version, v.status, v.title, v.description, v.kind, v.hours,
    v.nlqf_level as nlqfLevel, v.eqf_level as eqfLevel, v.crebo, v.work_process as workProcess,
    v.learning_outcomes as learningOutcomes, m.provider_id as providerId
    from module_versions v join modules m on m.id = v.module_id where v.id = ?`)
  const unitsStmt = client.prepare('select id, key, title from units where module_version_id = ? order by position')
  const skillsStmt = client.prepare(`select distinct s.id, s.name, s.kind, s.domain, s.level, s.esco_uri as escoUri
    from unit_skills us join skills s on s.id = us.skill_id join units u on u.id = us.unit_id
    where u.module_version_id = ? order by s.name`)
  // the units of the version, not its column: the index (participant, unit) finds just those rows
  const doneStmt = client.prepare(`select unit_id as unitId, completed_on as completedOn, assessment, host_company as hostCompany,
    workplace_attestation as workplaceAttestation, evidence_url as evidenceUrl, result
    from completions where participant_id = ? and voided_at is null and unit_id in (select id from units where module_version_id = ?)
    order by completed_on, id`)

  /** whether the participant has a valid completion of every unit of the version */
  function allUnitsDone (participantId: string, version: VersionFacts): boolean {
    const done = doneUnitsStmt.all(participantId)
    return version.units.every((unit) => done.includes(unit.id))
  }

  const publishedVersions = new Map<string, VersionFacts>()
  function versionFacts (moduleVersionId: string): VersionFacts | undefined {
    const cached = publishedVersions.get(moduleVersionId)
    if (cached) return cached
    const v = versionStmt.get(moduleVersionId) as (Omit<ModuleFacts, 'learningOutcomes'> & { id: string, status: string, providerId: string, learningOutcomes: string }) | undefined
    if (!v) return undefined
    const facts: VersionFacts = {
      moduleVersionId,
      providerId: v.providerId,
      published: v.status === 'published',
      module: {
        moduleId: v.moduleId,
        version: v.version,
        title: v.title,
        description: v.description,
        kind: v.kind,
        hours: v.hours,
        nlqfLevel: v.nlqfLevel,
        eqfLevel: v.eqfLevel,
        crebo: v.crebo,
        workProcess: v.workProcess,
        learningOutcomes: JSON.parse(v.learningOutcomes) as string[]
      },
      units: unitsStmt.all(moduleVersionId) as VersionFacts['units'],
      skills: skillsStmt.all(moduleVersionId) as VersionFacts['skills']
    }
    // a published version never changes; a draft may
    if (facts.published) publishedVersions.set(moduleVersionId, facts)
    return facts
  }

  const hasValid = (participantId: string, kind: CredentialKind, subjectRef: string) =>
    hasValidStmt.get(participantId, kind, subjectRef) !== undefined

  return {
    versionFacts,
    hasValid,
    findValid: (participantId: string, kind: CredentialKind, subjectRef: string) => validStmt.get({ participantId, kind, subjectRef }),
    findById: (id: string) => db.select().from(credentials).where(eq(credentials.id, id)).get(),
    findByStatus: (listId: string, index: number) => db.select().from(credentials)
      .where(and(eq(credentials.statusListId, listId), eq(credentials.statusIndex, index))).get(),
    listByParticipant: (participantId: string) => db.select().from(credentials)
      .where(eq(credentials.participantId, participantId)).orderBy(asc(credentials.issuedAt), asc(credentials.id)).all(),
    validOfParticipant: (participantId: string, kinds: CredentialKind[]) => db.select().from(credentials)
      .where(and(eq(credentials.participantId, participantId), inArray(credentials.kind, kinds), isNull(credentials.revokedAt)))
      .orderBy(asc(credentials.issuedAt), asc(credentials.id)).all(),
    insert: (row: NewCredentialRow) => { insertStmt.run(row) },
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
        const subject = outboxSubject(participantId, moduleVersionId)
        const version = versionFacts(moduleVersionId)
        if (!version || version.units.length === 0) continue
        if (!allUnitsDone(participantId, version) ||
          hasValid(participantId, 'module', moduleVersionId) || pendingStmt.get(subject, 'module.completed') !== undefined) continue
        insertEventStmt.run(newId('evt'), 'module.completed', subject, JSON.stringify({ participantId, moduleVersionId }), at)
      }
    },
    unhandledEvents: (limit: number): EventRow[] => (unhandledStmt.all(limit) as Array<{ id: string, type: string, payload: string }>)
      .map((e) => ({ id: e.id, type: e.type, payload: JSON.parse(e.payload) as EventRow['payload'] })),
    markHandled: (id: string, at: string) => { handledStmt.run(at, id) },
    /** the participant's events still in the outbox, oldest first */
    pendingOf: (participantId: string): PendingEvent[] => pendingOfStmt.all(`${participantId}/`, `${participantId}0`)
      .map((e) => ({ id: e.id, type: e.type, moduleVersionId: e.subject.slice(participantId.length + 1), since: e.since })),
    displayNameOf: (participantId: string) => nameStmt.get(participantId) as string | undefined,

    /**
     * The evidence a module credential shows, one per unit in the version's order: the first
     * valid completion of each unit; undefined while a unit is not done.
     */
    unitEvidence: (participantId: string, version: VersionFacts): UnitEvidence[] | undefined => {
      const firstOf = new Map<string, CompletionFacts>()
      for (const c of doneStmt.all(participantId, version.moduleVersionId) as CompletionFacts[]) {
        if (!firstOf.has(c.unitId)) firstOf.set(c.unitId, c)
      }
      if (version.units.length === 0) return undefined
      const evidence: UnitEvidence[] = []
      for (const unit of version.units) {
        const c = firstOf.get(unit.id)
        if (!c) return undefined
        evidence.push({
          key: unit.key,
          title: unit.title,
          completedOn: c.completedOn,
          assessment: c.assessment,
          hostCompany: parsedColumn<HostCompany>(c.hostCompany),
          workplaceAttestation: parsedColumn<WorkplaceAttestation>(c.workplaceAttestation),
          evidenceUrl: c.evidenceUrl,
          result: parsedColumn<CompletionResult>(c.result)
        })
      }
      return evidence
    }
  }
}
export type CredentialRepository = ReturnType<typeof createCredentialRepository>
