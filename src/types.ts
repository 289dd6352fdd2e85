import type { Db } from './db/client.ts'
import type { AppConfig } from './config.ts'
import type { IssuerKeys } from './features/issuers/issuer-keys.ts'
import type { StatusLists } from './features/status-lists/status-lists.ts'
import type { Issuance } from './features/credentials/issuance.ts'
import type { Sharing } from './features/sharing/service.ts'
import type { AuditTrail } from './features/audit/trail.ts'
import type { Stats } from './features/stats/service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    /** the config as given, with the clock always set (the wall clock unless the config names one) */
    config: AppConfig & { now: () => Date }
    /** issuers' signing keys and identities (did:web, JWKS, Profile) */
    issuerKeys: IssuerKeys
    /** revocation lists (W3C Bitstring Status List): allocate, revoke, the signed list */
    statusLists: StatusLists
    /** issues credentials from the outbox of completions and corrections; revokes */
    issuance: Issuance
    /** personal links and share links: made, opened by token, withdrawn */
    sharing: Sharing
    /** the hash-chained audit trail of writes, verifications and share views */
    audit: AuditTrail
    /** the programme's figures per region and period, suppressed so that no count under 10 shows */
    stats: Stats
  }
}
