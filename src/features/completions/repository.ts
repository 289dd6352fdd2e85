import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { completions, domainEvents, moduleVersions, modules, participantReferences, participants, units } from '../../db/schema/index.ts'
import type { CompletionSource } from './schemas.ts'

export type CompletionRow = typeof completions.$inferSelect
export type NewCompletionRow = typeof completions.$inferInsert

export interface UnitTarget {
  unitId: string
  moduleVersionId: string
  moduleId: string
  version: number
  published: boolean
  providerId: string
}

/**
 * Queries for recording completions. Every lookup on the write path is a prepared statement;
 * published units never change, so they are cached in memory.
 */
export function createCompletionRepository (db: Db) {
  const unitStmt = db.select({
    unitId: units.id,
    moduleVersionId: moduleVersions.id,
    moduleId: moduleVersions.moduleId,
    version: moduleVersions.version,
    status: moduleVersions.status,
    providerId: modules.providerId
  }).from(units)
    .innerJoin(moduleVersions, eq(moduleVersions.id, units.moduleVersionId))
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .where(eq(units.id, sql.placeholder('id'))).prepare()
  const participantStmt = db.select({ id: participants.id, regionId: participants.regionId }).from(participants)
    .where(eq(participants.id, sql.placeholder('id'))).prepare()
  const referenceStmt = db.select({ id: participants.id, regionId: participants.regionId }).from(participantReferences)
    .innerJoin(participants, eq(participants.id, participantReferences.participantId))
    .where(and(eq(participantReferences.organisationId, sql.placeholder('organisationId')), eq(participantReferences.reference, sql.placeholder('reference'))))
    .prepare()
  const byExternalStmt = db.select().from(completions)
    .where(and(eq(completions.providerId, sql.placeholder('providerId')), eq(completions.externalId, sql.placeholder('externalId')))).prepare()
  const byIdStmt = db.select().from(completions).where(eq(completions.id, sql.placeholder('id'))).prepare()
  // JSON columns are written as text here, so the hot insert skips drizzle's per-row mapping
  const insertStmt = db.$client.prepare(`insert into completions
    (id, participant_id, unit_id, module_version_id, provider_id, completed_on, assessment, host_company,
     workplace_attestation, evidence_url, result, external_id, fingerprint, source, created_at, created_by)
    values (@id, @participantId, @unitId, @moduleVersionId, @providerId, @completedOn, @assessment, @hostCompany,
     @workplaceAttestation, @evidenceUrl, @result, @externalId, @fingerprint, @source, @createdAt, @createdBy)`)

  const publishedUnits = new Map<string, UnitTarget>()
  const json = (value: unknown) => value === undefined || value === null ? null : JSON.stringify(value)

  return {
    findUnit: (id: string): UnitTarget | undefined => {
      const cached = publishedUnits.get(id)
      if (cached) return cached
      const row = unitStmt.get({ id })
      if (!row) return undefined
      const target = { ...row, published: row.status === 'published' }
      if (target.published) publishedUnits.set(id, target)
      return target
    },
    findParticipant: (id: string) => participantStmt.get({ id }),
    findParticipantByReference: (organisationId: string, reference: string) => referenceStmt.get({ organisationId, reference }),
    findByExternalId: (providerId: string, externalId: string) => byExternalStmt.get({ providerId, externalId }),
    findById: (id: string) => byIdStmt.get({ id }),
    /** the module and version a completion names, for its view */
    versionOf: (moduleVersionId: string) =>
      db.select({ moduleId: moduleVersions.moduleId, version: moduleVersions.version }).from(moduleVersions)
        .where(eq(moduleVersions.id, moduleVersionId)).get()!,
    insert: (row: Omit<NewCompletionRow, 'source'> & { source: CompletionSource }) => {
      insertStmt.run({
        ...row,
        hostCompany: json(row.hostCompany),
        workplaceAttestation: json(row.workplaceAttestation),
        result: json(row.result),
        evidenceUrl: row.evidenceUrl ?? null,
        createdBy: row.createdBy ?? null
      })
    },
    /** marks a completion void and keeps an event for what depends on it, in one transaction */
    markVoid: (row: CompletionRow, reason: string, by: string, at: string, eventId: string) => db.transaction(() => {
      db.update(completions).set({ voidedAt: at, voidReason: reason, voidedBy: by }).where(eq(completions.id, row.id)).run()
      db.insert(domainEvents).values({
        id: eventId,
        type: 'completion.voided',
        subjectId: row.id,
        payload: { completionId: row.id, participantId: row.participantId, unitId: row.unitId, moduleVersionId: row.moduleVersionId, reason },
        createdAt: at
      }).run()
    }),
    transaction: <T>(fn: () => T): T => db.$client.transaction(fn)()
  }
}
export type CompletionRepository = ReturnType<typeof createCompletionRepository>
