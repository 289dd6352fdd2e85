import { timingSafeEqual } from 'node:crypto'
import { and, asc, desc, eq, gt, gte, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { accessLinks, shareViews, shares } from '../../db/schema/index.ts'
import { decodeCursor } from '../../lib/pagination.ts'
import { writeBehind, type WriteBehindOptions } from '../../lib/write-behind.ts'
import type { WithdrawReason } from '../../lib/vocabulary.ts'
import { PUBLIC_ACTOR, type AuditActor } from '../audit/trail.ts'

export type AccessLinkRow = typeof accessLinks.$inferSelect
export type ShareRow = typeof shares.$inferSelect
export type ShareVia = typeof shareViews.$inferSelect['via']
/** A view: when, how and by whom (a key, or anyone: never an address), for the view log and the audit trail. */
export interface View { shareId: string, viewedAt: string, via: ShareVia, by: AuditActor }

/** How long a recorded view may wait before it is written, and how many may wait at most. */
export const VIEW_DELAY_MS = 50
const MAX_WAITING_VIEWS = 1000

/**
 * The row found by a token's hash when its hash is that one. The lookups read the row with that
 * hash or else the next one up the unique index, so a wrong token reads and maps a row just as a
 * right one does; the hashes are then compared in constant time.
 */
function sameHash<T extends { tokenHash: string }> (row: T | undefined, tokenHash: string): T | undefined {
  if (!row) return undefined
  const a = Buffer.from(row.tokenHash)
  const b = Buffer.from(tokenHash)
  return a.length === b.length && timingSafeEqual(a, b) ? row : undefined
}

/**
 * Personal links and share links. Lookups by token go through the token's hash only (see
 * `capabilityHash`), with prepared statements: they are on the path of every page view.
 */
export function createSharingRepository (db: Db, viewProblems: Pick<WriteBehindOptions<View>, 'onError' | 'onDropped'>,
  /** runs inside the transaction that writes views (the audit trail appends their events there) */
  onViewsWritten: (views: View[]) => void = () => {}) {
  // the row whose hash is the token's or the next one up: a wrong token reads a row as a right one does.
  // Read with .get(), which takes the first row of the index walk, so without `.limit(1)`: drizzle
  // binds a limit, and SQLite prepares a statement with a bound LIMIT again on every call.
  const accessByHash = db.select().from(accessLinks).where(gte(accessLinks.tokenHash, sql.placeholder('tokenHash')))
    .orderBy(asc(accessLinks.tokenHash)).prepare()
  const shareByHash = db.select().from(shares).where(gte(shares.tokenHash, sql.placeholder('tokenHash')))
    .orderBy(asc(shares.tokenHash)).prepare()
  const shareById = db.select().from(shares).where(eq(shares.id, sql.placeholder('id'))).prepare()
  const insertView = db.insert(shareViews).values({
    shareId: sql.placeholder('shareId'), viewedAt: sql.placeholder('viewedAt'), via: sql.placeholder('via')
  }).prepare()
  const countView = db.update(shares)
    .set({ viewCount: sql`${shares.viewCount} + 1`, lastViewedAt: sql`${sql.placeholder('viewedAt')}` })
    .where(eq(shares.id, sql.placeholder('shareId'))).prepare()
  // views wait a moment and are written many to a transaction: one commit per view was the
  // costliest step of a share page view; anything that reads shares writes them first
  const writeViews = db.$client.transaction((batch: View[]) => {
    for (const view of batch) {
      insertView.run({ shareId: view.shareId, viewedAt: view.viewedAt, via: view.via })
      countView.run({ shareId: view.shareId, viewedAt: view.viewedAt })
    }
    onViewsWritten(batch)
  })
  const views = writeBehind(writeViews, { delayMs: VIEW_DELAY_MS, maxPending: MAX_WAITING_VIEWS, ...viewProblems })
  /** reads of shares see every view recorded before them */
  const seen = <A extends unknown[], R> (read: (...args: A) => R) => (...args: A): R => {
    views.flush()
    return read(...args)
  }
  const touchAccess = db.update(accessLinks).set({ lastOpenedAt: sql`${sql.placeholder('at')}` })
    .where(eq(accessLinks.id, sql.placeholder('id'))).prepare()

  const revokeAccessLinksOf = (participantId: string, at: string) =>
    db.update(accessLinks).set({ revokedAt: at })
      .where(and(eq(accessLinks.participantId, participantId), isNull(accessLinks.revokedAt))).run().changes

  return {
    // ---- personal links --------------------------------------------------------------------
    /** Stores a new personal link and revokes the participant's earlier ones, in one transaction. */
    replaceAccessLink: (row: AccessLinkRow): AccessLinkRow =>
      db.transaction(() => {
        revokeAccessLinksOf(row.participantId, row.createdAt)
        return db.insert(accessLinks).values(row).returning().get()
      }),
    /** Revokes every personal link of the participant; the number revoked. */
    revokeAccessLinks: (participantId: string, at: string): number => db.transaction(() => revokeAccessLinksOf(participantId, at)),
    /** The newest personal link of the participant, revoked or not. */
    newestAccessLink: (participantId: string): AccessLinkRow | undefined =>
      db.select().from(accessLinks).where(eq(accessLinks.participantId, participantId))
        .orderBy(desc(accessLinks.createdAt), desc(accessLinks.id)).limit(1).get(),
    /** The link with this token hash (see {@link sameHash}: a miss does the work of a hit). */
    accessLinkByTokenHash: (tokenHash: string): AccessLinkRow | undefined => sameHash(accessByHash.get({ tokenHash }), tokenHash),
    /** Remembers when the link was last opened (shown to the coach). */
    touchAccessLink: (id: string, at: string): void => { touchAccess.run({ id, at }) },

    // ---- share links -----------------------------------------------------------------------
    insertShare: (row: Omit<ShareRow, 'viewCount' | 'lastViewedAt' | 'withdrawnAt' | 'withdrawnReason'>): ShareRow =>
      db.insert(shares).values(row).returning().get(),
    /** The share with this token hash (see {@link sameHash}: a miss does the work of a hit). */
    shareByTokenHash: (tokenHash: string): ShareRow | undefined => sameHash(shareByHash.get({ tokenHash }), tokenHash),
    shareById: seen((id: string): ShareRow | undefined => shareById.get({ id })),
    /** A participant's shares, newest first; the cursor is the last share given. */
    sharesOf: seen((participantId: string, limit: number, cursor?: string): ShareRow[] => {
      const before = cursor ? decodeCursor(cursor) : undefined
      return db.select().from(shares)
        .where(and(eq(shares.participantId, participantId),
          before ? sql`(${shares.createdAt}, ${shares.id}) < (${before.createdAt}, ${before.id})` : undefined))
        .orderBy(desc(shares.createdAt), desc(shares.id)).limit(limit + 1).all()
    }),
    /** Shares made for an employer organisation that have not been withdrawn nor expired, newest first. */
    activeSharesFor: seen((employerId: string, now: string): ShareRow[] =>
      db.select().from(shares)
        .where(and(eq(shares.employerId, employerId), isNull(shares.withdrawnAt), gt(shares.expiresAt, now)))
        .orderBy(desc(shares.createdAt), desc(shares.id)).all()),
    /** Withdraws one share; undefined when it was withdrawn already (the first withdrawal holds). */
    withdrawShare: seen((id: string, at: string, reason: WithdrawReason): ShareRow | undefined =>
      db.update(shares).set({ withdrawnAt: at, withdrawnReason: reason })
        .where(and(eq(shares.id, id), isNull(shares.withdrawnAt))).returning().get()),
    /** Withdraws every share of the participant that is not withdrawn yet; the number withdrawn. */
    withdrawSharesOf: seen((participantId: string, at: string, reason: WithdrawReason): number =>
      db.update(shares).set({ withdrawnAt: at, withdrawnReason: reason })
        .where(and(eq(shares.participantId, participantId), isNull(shares.withdrawnAt))).run().changes),
    /**
     * Records one view (when and how, no address) and counts it on the share: written within
     * {@link VIEW_DELAY_MS}, together with the views around it, and before any read of shares.
     * `by` is who viewed, for the audit trail: anyone unless a key is named.
     */
    recordView: (shareId: string, viewedAt: string, via: ShareVia, by: AuditActor = PUBLIC_ACTOR): void => { views.add({ shareId, viewedAt, via, by }) },
    /** Writes the views that wait (at shutdown). */
    flushViews: (): void => { views.flush() }
  }
}
export type SharingRepository = ReturnType<typeof createSharingRepository>
