import { and, desc, eq, lt, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { statusEntries, statusLists } from '../../db/schema/index.ts'

/**
 * Queries on status lists and their entries; no HTTP, no signing. Every statement that runs per
 * credential or per request is prepared once. The 16 KB `bits` column is read only by the
 * statements that need the bits.
 */
export function createStatusListRepository (db: Db) {
  const openList = db.select({ id: statusLists.id, size: statusLists.size, used: statusLists.used }).from(statusLists)
    .where(and(
      eq(statusLists.issuerId, sql.placeholder('issuerId')),
      eq(statusLists.purpose, 'revocation'),
      lt(statusLists.used, sql.placeholder('capacity'))
    ))
    .orderBy(desc(statusLists.createdAt), desc(statusLists.id)).limit(1).prepare()
  // these run once per credential issued
  const entryTaken = db.select({ taken: sql<number>`1` }).from(statusEntries)
    .where(and(eq(statusEntries.listId, sql.placeholder('listId')), eq(statusEntries.statusIndex, sql.placeholder('index')))).prepare()
  const insertEntry = db.insert(statusEntries).values({
    listId: sql.placeholder('listId'), statusIndex: sql.placeholder('index'), credentialId: sql.placeholder('credentialId')
  }).prepare()
  const countUse = db.update(statusLists).set({ used: sql`${statusLists.used} + ${sql.placeholder('entries')}` })
    .where(eq(statusLists.id, sql.placeholder('listId'))).prepare()
  const bitsOf = db.select({ bits: statusLists.bits, version: statusLists.version }).from(statusLists)
    .where(eq(statusLists.id, sql.placeholder('listId'))).prepare()
  const writeBits = db.update(statusLists)
    .set({ bits: sql`${sql.placeholder('bits')}`, version: sql`${statusLists.version} + 1` })
    .where(eq(statusLists.id, sql.placeholder('listId'))).prepare()
  const signedState = db.select({
    issuerId: statusLists.issuerId,
    version: statusLists.version,
    signedVersion: statusLists.signedVersion,
    signedJwt: statusLists.signedJwt
  }).from(statusLists).where(eq(statusLists.id, sql.placeholder('listId'))).prepare()
  const storeSigned = db.update(statusLists)
    .set({ signedJwt: sql`${sql.placeholder('jwt')}`, signedVersion: sql`${sql.placeholder('version')}` })
    .where(and(
      eq(statusLists.id, sql.placeholder('listId')),
      sql`coalesce(${statusLists.signedVersion}, -1) < ${sql.placeholder('version')}`
    )).prepare()

  return {
    /** the issuer's newest list that still takes entries, without its bits */
    findOpenList: (issuerId: string, capacity: number) => openList.get({ issuerId, capacity }),
    insertList: (row: typeof statusLists.$inferInsert) => { db.insert(statusLists).values(row).run() },
    isIndexTaken: (listId: string, index: number) => entryTaken.get({ listId, index }) !== undefined,
    /** records the index as handed out for good; `countUse` then counts it against the list's capacity */
    insertEntry: (listId: string, index: number, credentialId: string) => { insertEntry.run({ listId, index, credentialId }) },
    countUse: (listId: string, entries: number) => { countUse.run({ listId, entries }) },
    findBits: (listId: string) => bitsOf.get({ listId }),
    /** stores changed bits and bumps the version, so the signed list is remade */
    writeBits: (listId: string, bits: Uint8Array) => {
      writeBits.run({ listId, bits: Buffer.from(bits.buffer, bits.byteOffset, bits.byteLength) })
    },
    findSignedState: (listId: string) => signedState.get({ listId }),
    /** keeps a signed list unless a newer version is already stored; true when stored */
    storeSigned: (listId: string, version: number, jwt: string) => storeSigned.run({ listId, version, jwt }).changes > 0,
    transaction: <T>(fn: () => T): T => db.$client.transaction(fn)()
  }
}
export type StatusListRepository = ReturnType<typeof createStatusListRepository>
