import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { RAW_SQL } from '../../db/raw-sql.ts'
import { signingKeys, statusEntries } from '../../db/schema/index.ts'

/**
 * The verifier's own reads: whether anything was written since it last looked, and whether a key
 * it already knows has been retired since. Everything else it asks of the issuers' keys and the
 * status lists.
 */
export function createVerificationRepository (db: Db) {
  const retirement = db.select({ retiredAt: signingKeys.retiredAt }).from(signingKeys)
    .where(eq(signingKeys.id, sql.placeholder('id'))).prepare()
  // changes committed by other connections (the CLI, another process) and rows this connection changed
  const stamp = db.$client.prepare(RAW_SQL.changeStamp).raw()
  const atStatus = db.select({ credentialId: statusEntries.credentialId }).from(statusEntries)
    .where(and(eq(statusEntries.listId, sql.placeholder('listId')), eq(statusEntries.statusIndex, sql.placeholder('index')))).prepare()
  return {
    /**
     * Equal on two calls exactly when nothing was written in between, by this connection (even in
     * a transaction not yet committed) or by any other: what was read before is still true then.
     */
    changeStamp: (): string => (stamp.get() as [number, number]).join(':'),
    /** when the key was retired: null while it signs, undefined when there is no such key */
    keyRetiredAt: (keyId: string): string | null | undefined => retirement.get({ id: keyId })?.retiredAt,
    /** the credential given this index of this status list, when there is one */
    credentialAtStatus: (listId: string, index: number): string | undefined => atStatus.get({ listId, index })?.credentialId
  }
}
