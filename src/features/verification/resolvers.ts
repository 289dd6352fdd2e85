import type { FastifyInstance } from 'fastify'
import { boundedCache } from '../../lib/cache.ts'
import { checkAgainstSchema } from '../../lib/credential-schemas.ts'
import type { Db } from '../../db/client.ts'
import { issuerDid, parseKid } from '../issuers/did.ts'
import type { IssuerKeys } from '../issuers/issuer-keys.ts'
import type { StatusLists } from '../status-lists/status-lists.ts'
import { createCredentialRepository } from '../credentials/repository.ts'
import { REVOCATION_REASONS, type RevocationReason } from '../../lib/vocabulary.ts'
import { typesOf } from './format.ts'
import { createVerificationRepository } from './repository.ts'
import type { ResolvedKey, VerifyDeps } from './types.ts'

/** What the verifier uses of the service; the CLI builds these without an HTTP server. */
export interface VerifyServices {
  publicUrl: string
  issuerKeys: Pick<IssuerKeys, 'findKey'>
  statusLists: Pick<StatusLists, 'signedList'>
  /** the database, for revocation reasons; without it none are given */
  db?: Db
}

/** The schema a document is checked against: CLR 2.0 for a ClrCredential, else OB 3.0. */
export function checkCredentialSchema (document: Record<string, unknown>) {
  return checkAgainstSchema(typesOf(document.type).includes('ClrCredential') ? 'clr' : 'achievement', document)
}

const LIST_ID = /^[A-Za-z0-9_-]{1,64}$/

/** Bound on the keys and on the lists kept per app; beyond it the least recently used are simply read again. */
const MAX_KNOWN = 1000

/**
 * The verifier's view of this service, made once; call the result for the deps at a moment.
 * Keys: only those of this service's issuers, found by absolute kid, and only when the kid's DID
 * is the DID of the issuer that owns the key under PUBLIC_URL (checked here as well as in
 * `findKey`). Status lists: only the service's own, read in-process (no HTTP to itself); any other
 * URL is unreachable, since the service makes no outgoing requests while verifying.
 */
export function verifyDepsFactory (services: VerifyServices): (now?: Date) => VerifyDeps {
  const { publicUrl, issuerKeys, statusLists } = services
  const listPrefix = `${publicUrl}/status-lists/`
  const listIdOf = (url: string): string | undefined => {
    if (!url.startsWith(listPrefix)) return undefined
    const id = url.slice(listPrefix.length)
    return LIST_ID.test(id) ? id : undefined
  }
  const credentials = services.db ? createCredentialRepository(services.db) : undefined
  const verification = services.db ? createVerificationRepository(services.db) : undefined

  /**
   * Keys found before, by kid, with the change stamp at which they were last known to be true. A
   * key's public half and issuer never change, and a retired key stays retired, so only whether a
   * current key has been retired since (by a rotation here or from the CLI) is read again, and
   * only when something was written since. Measured with bench/caches.ts (CPU per operation):
   * `resolveKey` 9 µs with this cache, 27 µs without; a whole verification 229 µs, 271 without.
   */
  const knownKeys = boundedCache<string, { keyId: string, resolved: ResolvedKey, stamp: string }>(MAX_KNOWN)
  /**
   * Signed status lists by list id, as read at a change stamp: still current while nothing is
   * written. bench/caches.ts: `fetchStatusList` 9 µs with, 23 without; a verification 244 µs, 260 without.
   */
  const knownLists = boundedCache<string, { jwt: string, stamp: string }>(MAX_KNOWN)
  /** the keys of this service's issuers: one scope for every verification made here */
  const trustScope = {}

  function lookUpKey (kid: string, stamp: () => string): ResolvedKey | undefined {
    const key = issuerKeys.findKey(kid)
    const parsed = parseKid(kid)
    if (!key || !parsed || parsed.did !== issuerDid(publicUrl, key.issuerId)) return undefined
    const resolved: ResolvedKey = { publicJwk: key.publicJwk, issuerKnown: true, retiredAt: key.retiredAt }
    if (verification) knownKeys.set(kid, { keyId: key.keyId, resolved, stamp: stamp() })
    return resolved
  }

  /** The deps of one verification; `stamp` is read at most once for it, when first needed. */
  function depsFor (now: Date): VerifyDeps {
    let stampOfThis: string | undefined
    const stamp = (): string => (stampOfThis ??= verification!.changeStamp())
    return {
      now,
      trustScope,
      checkSchema: checkCredentialSchema,

      async resolveKey (kid) {
        const known = knownKeys.get(kid)
        if (!known || !verification) return lookUpKey(kid, stamp)
        if (known.resolved.retiredAt || known.stamp === stamp()) return known.resolved
        const retiredAt = verification.keyRetiredAt(known.keyId)
        if (retiredAt === null) {
          known.stamp = stamp()
          return known.resolved
        }
        knownKeys.delete(kid)
        return retiredAt === undefined ? undefined : lookUpKey(kid, stamp)
      },

      async fetchStatusList (url) {
        const listId = listIdOf(url)
        if (!listId) return undefined
        if (!verification) return statusLists.signedList(listId)
        const known = knownLists.get(listId)
        if (known?.stamp === stamp()) return known.jwt
        // stamped before reading: a write while the list is read (or signed) makes the next request read again
        const before = verification.changeStamp()
        const jwt = await statusLists.signedList(listId)
        if (jwt !== undefined) knownLists.set(listId, { jwt, stamp: before })
        return jwt
      },

      async revocationReason (url, index) {
        const listId = listIdOf(url)
        const reason = listId ? credentials?.findByStatus(listId, index)?.revocationReason : undefined
        if (!reason) return undefined
        return REVOCATION_REASONS[reason as RevocationReason] ?? reason
      }
    }
  }
  return (now = new Date()) => depsFor(now)
}

/** The deps for one verification now; see {@link verifyDepsFactory}. */
export function createVerifyDeps (services: VerifyServices, now: Date = new Date()): VerifyDeps {
  return verifyDepsFactory(services)(now)
}

/** The verifier's deps for a running app, made once per app; at the app's clock unless told a moment. */
export function verifyDepsOf (fastify: FastifyInstance): (now?: Date) => VerifyDeps {
  const depsFor = verifyDepsFactory({ publicUrl: fastify.config.publicUrl, issuerKeys: fastify.issuerKeys, statusLists: fastify.statusLists, db: fastify.db })
  return (now = fastify.config.now()) => depsFor(now)
}
