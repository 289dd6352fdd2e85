import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { signingKeys } from '../../db/schema/index.ts'

/**
 * The verifier's own read: whether a key it already knows has been retired since. Everything else
 * it asks of the issuers' keys and the status lists.
 */
export function createVerificationRepository (db: Db) {
  const retirement = db.select({ retiredAt: signingKeys.retiredAt }).from(signingKeys)
    .where(eq(signingKeys.id, sql.placeholder('id'))).prepare()
  return {
    /** when the key was retired: null while it signs, undefined when there is no such key */
    keyRetiredAt: (keyId: string): string | null | undefined => retirement.get({ id: keyId })?.retiredAt
  }
}
