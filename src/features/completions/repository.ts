import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { completions, domainEvents, moduleVersions, modules, units } from '../../db/schema/index.ts'
import type { CompletionSource } from './schemas.ts'

export type CompletionRow = typeof completions.$inferSelect
export type NewCompletionRow = typeof completions.$inferInsert

export interface ParticipantTarget { id: string, regionId: string }
/** what a retry is compared with */
export interface StoredRecord { id: string, fingerprint: string, moduleVersionId: string }

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
  // the write path's lookups and insert are plain prepared statements: a batch makes thousands of calls
  const sqlite = db.$client
  const participantStmt = sqlite.prepare<[string], ParticipantTarget>('select id, region_id as regionId from participants where id = ?')
  const referenceStmt = sqlite.prepare<[string, string], ParticipantTarget>(`select p.id, p.region_id as regionId
    from participant_references r join participants p on p.id = r.participant_id
    where r.organisation_id = ? and r.reference = ?`)
  const byExternalStmt = sqlite.prepare<[string, string], StoredRecord>(`select id, fingerprint, module_version_id as moduleVersionId
    from completions where provider_id = ? and external_id = ?`)
  const byIdStmt = db.select().from(completions).where(eq(completions.id, sql.placeholder('id'))).prepare()
  // JSON columns are written as text here, so the hot insert skips drizzle's per-row mapping
  // a known externalId inserts nothing (the caller then reads what is stored): one index probe, not two
  const insertStmt = sqlite.prepare(`insert into completions
    (id, participant_id, unit_id, module_version_id, provider_id, completed_on, assessment, host_company,
     workplace_attestation, evidence_url, result, external_id, fingerprint, source, created_at, created_by)
    values (@id, @participantId, @unitId, @moduleVersionId, @providerId, @completedOn, @assessment, @hostCompany,
     @workplaceAttestation, @evidenceUrl, @result, @externalId, @fingerprint, @source, @createdAt, @createdBy)
    on conflict (provider_id, external_id) do nothing`)

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
    findParticipant: (id: string) => participantStmt.get(id),
    findParticipantByReference: (organisationId: string, reference: string) => referenceStmt.get(organisationId, reference),
    findByExternalId: (providerId: string, externalId: string) => byExternalStmt.get(providerId, externalId),
    findById: (id: string) => byIdStmt.get({ id }),
    /** the module and version a completion names, for its view */
    versionOf: (moduleVersionId: string) =>
      db.select({ moduleId: moduleVersions.moduleId, version: moduleVersions.version }).from(moduleVersions)
        .where(eq(moduleVersions.id, moduleVersionId)).get()!,
    /** false when the provider already has a completion with this externalId: then nothing is written */
    insertNew: (row: Omit<NewCompletionRow, 'source'> & { source: CompletionSource }): boolean => {
      return insertStmt.run({
        ...row,
        hostCompany: json(row.hostCompany),
        workplaceAttestation: json(row.workplaceAttestation),
        result: json(row.result),
        evidenceUrl: row.evidenceUrl ?? null,
        createdBy: row.createdBy ?? null
      }).changes === 1
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
