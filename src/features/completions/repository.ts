import { and, asc, eq, gte, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { completions, moduleVersions, modules, participantReferences, participants, units } from '../../db/schema/index.ts'
import { createOutbox } from '../outbox/outbox.ts'
import { boundedCache } from '../../lib/cache.ts'
import { decodeCursor } from '../../lib/pagination.ts'
import { RAW_SQL, completionParams } from '../../db/raw-sql.ts'
import type { CompletionSource } from '../../lib/vocabulary.ts'

export type CompletionRow = typeof completions.$inferSelect
export type NewCompletionRow = typeof completions.$inferInsert

export type ParticipantTarget = Pick<typeof participants.$inferSelect, 'id' | 'regionId' | 'enrolledBy' | 'erasedAt'>

/** What a post under a known externalId is compared with: these columns of the completion stored under it. */
const STORED_RECORD = ['id', 'moduleVersionId', 'participantId', 'unitId', 'completedOn', 'assessment', 'hostCompany',
  'workplaceAttestation', 'evidenceUrl', 'result'] as const satisfies ReadonlyArray<keyof CompletionRow>
export type StoredRecord = Pick<CompletionRow, typeof STORED_RECORD[number]>

/** The stored record of a completion about to be written (missing details are null, as they are read back). */
export function storedRecordOf (row: NewCompletion): StoredRecord {
  return Object.fromEntries(STORED_RECORD.map((key) => [key, row[key] ?? null])) as StoredRecord
}

export interface UnitTarget {
  unitId: string
  moduleVersionId: string
  moduleId: string
  version: number
  published: boolean
  providerId: string
}

export type NewCompletion = Omit<NewCompletionRow, 'source'> & { source: CompletionSource }

export interface CompletionFilter {
  providerId: string
  participantId?: string | undefined
  externalId?: string | undefined
  /** an ISO timestamp as stored (UTC, milliseconds) */
  updatedSince?: string | undefined
  cursor?: string | undefined
  limit: number
}

/** A completion changes when it is recorded and when it is voided: lists follow that moment. */
const updatedAt: SQL<string> = sql`coalesce(${completions.voidedAt}, ${completions.createdAt})`

/**
 * Queries for recording completions. Every lookup on the write path is a prepared statement;
 * published units never change, so they are cached in memory (bench/caches.ts, CPU: `findUnit`
 * 0.1 µs, 11.6 µs without; a batch item 21 µs, 24 without).
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
  const target = { id: participants.id, regionId: participants.regionId, enrolledBy: participants.enrolledBy, erasedAt: participants.erasedAt }
  // once per item of a batch: SQL (src/db/raw-sql.ts)
  const participantStmt = db.$client.prepare<[string], ParticipantTarget>(RAW_SQL.participantById)
  const referenceStmt = db.select(target).from(participantReferences)
    .innerJoin(participants, eq(participants.id, participantReferences.participantId))
    .where(and(eq(participantReferences.organisationId, sql.placeholder('organisationId')),
      eq(participantReferences.reference, sql.placeholder('reference')))).prepare()
  const byExternalStmt = db.select(Object.fromEntries(STORED_RECORD.map((key) => [key, completions[key]])) as Pick<typeof completions, typeof STORED_RECORD[number]>)
    .from(completions)
    .where(and(eq(completions.providerId, sql.placeholder('providerId')), eq(completions.externalId, sql.placeholder('externalId')))).prepare()
  const byIdStmt = db.select().from(completions).where(eq(completions.id, sql.placeholder('id'))).prepare()
  // the one insert written in SQL (src/db/raw-sql.ts): a batch makes thousands of calls
  const insertStmt = db.$client.prepare(RAW_SQL.insertCompletion)
  const outbox = createOutbox(db)
  const publishedUnits = boundedCache<string, UnitTarget>(10_000)

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
    findParticipant: (id: string): ParticipantTarget | undefined => participantStmt.get(id),
    findParticipantByReference: (organisationId: string, reference: string): ParticipantTarget | undefined =>
      referenceStmt.get({ organisationId, reference }),
    findByExternalId: (providerId: string, externalId: string): StoredRecord | undefined => byExternalStmt.get({ providerId, externalId }),
    findById: (id: string) => byIdStmt.get({ id }),
    /** the module and version a completion names, for its view */
    versionOf: (moduleVersionId: string) =>
      db.select({ moduleId: moduleVersions.moduleId, version: moduleVersions.version }).from(moduleVersions)
        .where(eq(moduleVersions.id, moduleVersionId)).get()!,
    /** false when the provider already has a completion with this externalId: then nothing is written */
    insertNew: (row: NewCompletion): boolean => insertStmt.run(...completionParams(row)).changes === 1,
    /**
     * The provider's completions in the order they last changed (recorded or voided), `limit + 1`
     * of them from the cursor on, each with its position for the next cursor.
     */
    list: (filter: CompletionFilter) => {
      const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor)
      return db.select().from(completions).where(and(
        eq(completions.providerId, filter.providerId),
        filter.participantId === undefined ? undefined : eq(completions.participantId, filter.participantId),
        filter.externalId === undefined ? undefined : eq(completions.externalId, filter.externalId),
        filter.updatedSince === undefined ? undefined : gte(updatedAt, filter.updatedSince),
        after && sql`(${updatedAt}, ${completions.id}) > (${after.createdAt}, ${after.id})`
      )).orderBy(asc(updatedAt), asc(completions.id)).limit(filter.limit + 1).all()
        .map((row) => ({ createdAt: row.voidedAt ?? row.createdAt, id: row.id, row }))
    },
    /** marks a completion void and leaves an event in the outbox for what depends on it, in one transaction */
    markVoid: (row: CompletionRow, reason: string, by: string, at: string) => db.transaction(() => {
      db.update(completions).set({ voidedAt: at, voidReason: reason, voidedBy: by }).where(eq(completions.id, row.id)).run()
      outbox.enqueue({
        type: 'completion.voided', completionId: row.id, participantId: row.participantId, unitId: row.unitId, moduleVersionId: row.moduleVersionId, reason, at
      })
    }),
    transaction: <T>(fn: () => T): T => db.$client.transaction(fn)()
  }
}
export type CompletionRepository = ReturnType<typeof createCompletionRepository>
