import { and, asc, desc, eq, gt, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { auditEvents, organisationRegions } from '../../db/schema/index.ts'
import { afterCursor } from '../../lib/pagination.ts'
import type { AuditAction, AuditTargetType } from '../../lib/vocabulary.ts'
import { EMPTY_CHAIN, type ChainHead, type ChainedEvent } from './chain.ts'

export type AuditRow = typeof auditEvents.$inferSelect

export interface AuditFilter {
  keyId?: string | undefined
  organisationId?: string | undefined
  action?: AuditAction | undefined
  targetType?: AuditTargetType | undefined
  targetId?: string | undefined
  /** from this moment on (inclusive), ISO 8601 UTC */
  from?: string | undefined
  /** before this moment (exclusive) */
  to?: string | undefined
  cursor?: string | undefined
  limit: number
  /**
   * Whose events: null for every event; otherwise those of organisations active in `regionIds`
   * and those made with `keyId` (a region admin's own key may belong to no organisation).
   */
  scope: { regionIds: string[], keyId: string | null } | null
}

/** Rows read at a time when the whole chain is checked. */
const CHUNK = 1000

/** The audit trail's table: append and read, never change (triggers refuse updates and deletes). */
export function createAuditRepository (db: Db) {
  // the last row: the first of the primary key walked backwards (no bound LIMIT, see sharing/repository.ts)
  const headStmt = db.select({ position: auditEvents.position, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.position)).prepare()
  const insertStmt = db.insert(auditEvents).values({
    position: sql.placeholder('position'),
    id: sql.placeholder('id'),
    at: sql.placeholder('at'),
    action: sql.placeholder('action'),
    keyId: sql.placeholder('keyId'),
    organisationId: sql.placeholder('organisationId'),
    role: sql.placeholder('role'),
    targetType: sql.placeholder('targetType'),
    targetId: sql.placeholder('targetId'),
    requestId: sql.placeholder('requestId'),
    prevHash: sql.placeholder('prevHash'),
    hash: sql.placeholder('hash')
  }).prepare()
  const chunkStmt = db.select().from(auditEvents).where(gt(auditEvents.position, sql.placeholder('after')))
    .orderBy(asc(auditEvents.position)).limit(sql.placeholder('limit')).prepare()

  return {
    /** Where the chain ends: read inside the appending transaction, so that no other writer can move it meanwhile. */
    head: (): ChainHead => headStmt.get() ?? EMPTY_CHAIN,
    insert: (event: ChainedEvent): void => { insertStmt.run({ ...event }) },
    /** Every row in chain order, read a chunk at a time. */
    * chain (): Generator<AuditRow> {
      let after = 0
      for (;;) {
        const rows = chunkStmt.all({ after, limit: CHUNK })
        yield * rows
        if (rows.length < CHUNK) return
        after = rows[rows.length - 1]!.position
      }
    },
    /**
     * Every event about one of these targets, in chain order: what the trail holds about a
     * participant and their records (read through the target index).
     */
    about (targets: ReadonlyArray<{ type: AuditTargetType, ids: readonly string[] }>): AuditRow[] {
      const wanted = targets.filter((t) => t.ids.length > 0)
      if (wanted.length === 0) return []
      return db.select().from(auditEvents)
        .where(or(...wanted.map((t) => and(eq(auditEvents.targetType, t.type), inArray(auditEvents.targetId, [...t.ids])))))
        .orderBy(asc(auditEvents.position)).all()
    },
    /** A page of events in the order they happened, (at, id); `limit + 1` rows, for toPage. */
    list (filter: AuditFilter): AuditRow[] {
      const { scope } = filter
      const conditions: Array<SQL | undefined> = [
        filter.keyId === undefined ? undefined : eq(auditEvents.keyId, filter.keyId),
        filter.organisationId === undefined ? undefined : eq(auditEvents.organisationId, filter.organisationId),
        filter.action === undefined ? undefined : eq(auditEvents.action, filter.action),
        filter.targetType === undefined ? undefined : eq(auditEvents.targetType, filter.targetType),
        filter.targetId === undefined ? undefined : eq(auditEvents.targetId, filter.targetId),
        filter.from === undefined ? undefined : gte(auditEvents.at, filter.from),
        filter.to === undefined ? undefined : lt(auditEvents.at, filter.to),
        afterCursor(filter.cursor, auditEvents.at, auditEvents.id),
        scope === null
          ? undefined
          : or(
            inArray(auditEvents.organisationId, db.select({ id: organisationRegions.organisationId }).from(organisationRegions)
              .where(inArray(organisationRegions.regionId, scope.regionIds))),
            scope.keyId === null ? undefined : eq(auditEvents.keyId, scope.keyId))
      ]
      return db.select().from(auditEvents).where(and(...conditions))
        .orderBy(asc(auditEvents.at), asc(auditEvents.id)).limit(filter.limit + 1).all()
    }
  }
}
export type AuditRepository = ReturnType<typeof createAuditRepository>
