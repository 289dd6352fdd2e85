import { existsSync } from 'node:fs'
import type { AppConfig } from '../config.ts'
import { openDatabase } from '../db/client.ts'
import { chainChecker } from '../features/audit/chain.ts'
import { createAuditRepository } from '../features/audit/repository.ts'
import type { Io } from './index.ts'

export const AUDIT_USAGE = 'usage: stapsteen audit verify'

const REASONS = { 'hash-mismatch': 'hash mismatch', 'broken-link': 'broken link' } as const

/**
 * `stapsteen audit verify`: walks the audit trail of DATA_DIR's database in chain order and
 * recomputes every hash and link. Exit 0 when intact (stdout: `{"intact":true,"events":n,"head":…}`),
 * 1 at the first broken event, named by id and position with why: a hash mismatch (the row was
 * changed) or a broken link (a row before it was removed, or changed and given a new hash);
 * 66 when there is no database. Safe beside a running service: the trail is only appended to.
 */
export function verifyAuditTrail (config: AppConfig, io: Io): number {
  if (config.databasePath === ':memory:' || !existsSync(config.databasePath)) {
    io.err(`stapsteen audit verify: no database at ${config.databasePath}`)
    return 66
  }
  const db = openDatabase(config.databasePath)
  try {
    const checker = chainChecker()
    for (const event of createAuditRepository(db).chain()) {
      const broken = checker.check(event)
      if (broken) {
        io.out(JSON.stringify({ intact: false, eventsBefore: checker.count, broken }))
        io.err(`stapsteen audit verify: the trail is broken at event ${broken.id} (position ${broken.position}): ` +
          `${REASONS[broken.reason]}: ${broken.detail}`)
        return 1
      }
    }
    io.out(JSON.stringify({ intact: true, events: checker.count, head: checker.head }))
    io.err(`audit trail intact: ${checker.count} events, the last at position ${checker.head.position} with hash ${checker.head.hash}`)
    return 0
  } finally {
    db.$client.close()
  }
}
