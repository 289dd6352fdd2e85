import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK, type KeyObject } from 'jose'
import type { Db } from '../../db/client.ts'
import { boundedCache } from '../../lib/cache.ts'
import { newId } from '../../lib/ids.ts'
import { issuerDid, kidFor, parseKid } from './did.ts'
import type { KeyStore } from './keystore.ts'
import { PROGRAMME_ISSUER, issuerProfile, type IssuerProfile } from './profile.ts'
import { createSigningKeyRepository, type SigningKeyRow } from './repository.ts'

import type { SigningAlg } from '../../lib/vocabulary.ts'

/** The private half of an issuer's current key, ready for jose's `sign`. */
export interface SigningKey {
  /** absolute key id (`did:web:…#sgk_…`), to put in the JWS header */
  kid: string
  alg: SigningAlg
  privateKey: CryptoKey | KeyObject
}

/** A public key as published in the JWKS and the issuer's DID document. */
export interface PublishedKey {
  /** absolute key id: the issuer's DID, `#`, the key's own id */
  kid: string
  keyId: string
  issuerId: string
  alg: SigningAlg
  /** public members only, plus `kid`, `alg` and `use: 'sig'` */
  publicJwk: JWK
  createdAt: string
  /** when a newer key took over signing; a retired key still verifies what it signed */
  retiredAt: string | null
}

export type IssuerKeyErrorCode = 'unknown-issuer' | 'private-key-missing'

/** An error with a stable `code`, for callers to map (the API answers 404 for `unknown-issuer`). */
export class IssuerKeyError extends Error {
  override name = 'IssuerKeyError'
  readonly code: IssuerKeyErrorCode
  constructor (code: IssuerKeyErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

/** The members a public EC (P-256) or OKP (Ed25519) JWK may carry: anything else, `d` above all, is dropped. */
function publicMembers (jwk: JWK): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of ['kty', 'crv', 'x', 'y'] as const) {
    if (typeof jwk[name] === 'string') out[name] = jwk[name]
  }
  return out
}

/**
 * Issuers' signing keys and identities. An issuer is `programme` or any existing organisation.
 *
 * What a reviewer must trust:
 * - private keys exist only in `keyStore` and, imported as non-extractable keys, in this object's
 *   memory; the database, the JWKS, DID documents and every returned {@link PublishedKey} carry
 *   public members only;
 * - `signingKey` always signs with the issuer's current key as the database says at the call, so a
 *   rotation made by another process (the CLI) takes effect at once;
 * - rotation retires the old key (sets `retiredAt`) and keeps publishing it, so what it signed
 *   keeps verifying;
 * - `findKey` answers only for a kid whose DID is the issuer's DID under this service's PUBLIC_URL.
 */
export function createIssuerKeys (db: Db, keyStore: KeyStore, publicUrl: string, clock: () => Date = () => new Date()) {
  const keys = createSigningKeyRepository(db)
  /**
   * private keys by key id, imported once: `signingKey` takes 33 µs of CPU with this cache, 271 µs
   * without (bench/caches.ts), and issuance asks once per chunk, a status list once per signing
   */
  const imported = boundedCache<string, Promise<CryptoKey>>(1_000)
  /** first keys being made, by issuer, so that concurrent first signings share one key */
  const making = new Map<string, Promise<SigningKeyRow>>()

  const isIssuer = (issuerId: string) => issuerId === PROGRAMME_ISSUER || keys.findOrganisation(issuerId) !== undefined
  function requireIssuer (issuerId: string) {
    if (!isIssuer(issuerId)) throw new IssuerKeyError('unknown-issuer', `issuer ${issuerId} does not exist`)
  }

  function publish (row: SigningKeyRow): PublishedKey {
    const kid = kidFor(issuerDid(publicUrl, row.issuerId), row.id)
    return {
      kid,
      keyId: row.id,
      issuerId: row.issuerId,
      alg: row.alg,
      publicJwk: { ...publicMembers(row.publicJwk), kid, alg: row.alg, use: 'sig' },
      createdAt: row.createdAt,
      retiredAt: row.retiredAt
    }
  }

  /** Makes a key pair and stores its private half; the caller stores the public half. */
  async function makeKey (issuerId: string, alg: SigningAlg): Promise<SigningKeyRow> {
    const pair = await generateKeyPair(alg, { extractable: true })
    const [publicJwk, privateJwk] = await Promise.all([exportJWK(pair.publicKey), exportJWK(pair.privateKey)])
    const id = newId('sgk')
    // the private key is on disk before the database names it, so a stored key always has its private half
    keyStore.save(issuerId, id, privateJwk)
    imported.set(id, importJWK(privateJwk, alg) as Promise<CryptoKey>)
    return { id, issuerId, alg, publicJwk: publicMembers(publicJwk), createdAt: clock().toISOString(), retiredAt: null }
  }

  function firstKey (issuerId: string): Promise<SigningKeyRow> {
    let pending = making.get(issuerId)
    if (!pending) {
      // if another process stored a first key meanwhile, that one wins and ours stays unused in the store
      pending = makeKey(issuerId, 'ES256').then((row) => keys.insertFirst(row)).finally(() => making.delete(issuerId))
      making.set(issuerId, pending)
    }
    return pending
  }

  function privateKeyOf (row: SigningKeyRow): Promise<CryptoKey> {
    let key = imported.get(row.id)
    if (!key) {
      const jwk = keyStore.load(row.issuerId, row.id)
      if (!jwk) {
        throw new IssuerKeyError('private-key-missing',
          `the private key of ${row.id} (issuer ${row.issuerId}) is not in the key store; restore it, or make a new one with \`stapsteen keys rotate --issuer ${row.issuerId}\``)
      }
      key = importJWK(jwk, row.alg) as Promise<CryptoKey>
      imported.set(row.id, key)
    }
    return key
  }

  return {
    isIssuer,

    /** The issuer's DID (did:web under PUBLIC_URL); it does not check that the issuer exists. */
    didOf: (issuerId: string): string => issuerDid(publicUrl, issuerId),

    /** The issuer's OB 3.0 Profile (without `@context`, as a credential embeds it), or undefined for an unknown issuer. */
    profileOf (issuerId: string): IssuerProfile | undefined {
      if (issuerId === PROGRAMME_ISSUER) return issuerProfile(publicUrl, PROGRAMME_ISSUER)
      const org = keys.findOrganisation(issuerId)
      return org ? issuerProfile(publicUrl, org) : undefined
    },

    /**
     * The key to sign with now: the issuer's current key, made (ES256) on first need. The private
     * key is read from the key store and imported once per process.
     * @throws IssuerKeyError `unknown-issuer`, or `private-key-missing` when the store lost the key
     */
    async signingKey (issuerId: string): Promise<SigningKey> {
      requireIssuer(issuerId)
      const row = keys.currentOf(issuerId) ?? await firstKey(issuerId)
      return { kid: kidFor(issuerDid(publicUrl, issuerId), row.id), alg: row.alg, privateKey: await privateKeyOf(row) }
    },

    /**
     * Makes a new key that signs from now on; the issuer's previous keys get `retiredAt` and stay
     * published.
     * @throws IssuerKeyError `unknown-issuer`
     */
    async rotate (issuerId: string, alg: SigningAlg = 'ES256'): Promise<PublishedKey> {
      requireIssuer(issuerId)
      const row = keys.replaceCurrent(await makeKey(issuerId, alg))
      return publish(row)
    },

    /** The public key named by an absolute kid, current or retired; undefined when no issuer here has it. */
    findKey (kid: string): PublishedKey | undefined {
      const parsed = parseKid(kid)
      const row = parsed ? keys.findById(parsed.keyId) : undefined
      if (!row || issuerDid(publicUrl, row.issuerId) !== parsed!.did) return undefined
      return publish(row)
    },

    /** Every key of the issuer, oldest first, current and retired. */
    publicKeysOf: (issuerId: string): PublishedKey[] => keys.listOf(issuerId).map(publish),

    /** Every public key of every issuer, as a JWK Set (RFC 7517) for plain JOSE verifiers. */
    jwks: (): { keys: JWK[] } => ({ keys: keys.listAll().map((row) => publish(row).publicJwk) })
  }
}
export type IssuerKeys = ReturnType<typeof createIssuerKeys>
