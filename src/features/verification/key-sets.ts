import type { JWK } from 'jose'
import { isObject, type VerifyDeps } from './types.ts'

/**
 * The public keys in a JWK Set (`{ keys: [...] }`, e.g. `/.well-known/jwks.json`) or a DID
 * document (`verificationMethod[].publicKeyJwk`, e.g. `/issuers/{id}/did.json`), by absolute kid.
 * A DID document's relative ids (`#key-1`) are made absolute with the document's `id`. Keys
 * without a kid, and private members, are left out. Throws a TypeError for anything else.
 */
export function keysFromDocument (document: unknown): Map<string, JWK> {
  const keys = new Map<string, JWK>()
  const publicOnly = (jwk: Record<string, unknown>): JWK => {
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, k: _k, ...rest } = jwk
    return rest as JWK
  }
  if (isObject(document) && Array.isArray(document.keys)) {
    for (const jwk of document.keys) {
      if (isObject(jwk) && typeof jwk.kid === 'string') keys.set(jwk.kid, publicOnly(jwk))
    }
    return keys
  }
  if (isObject(document) && Array.isArray(document.verificationMethod)) {
    const did = typeof document.id === 'string' ? document.id : ''
    for (const method of document.verificationMethod) {
      if (!isObject(method) || typeof method.id !== 'string' || !isObject(method.publicKeyJwk)) continue
      keys.set(method.id.startsWith('#') ? did + method.id : method.id, publicOnly(method.publicKeyJwk))
    }
    return keys
  }
  throw new TypeError('expected a JWK Set ({ "keys": [...] }) or a DID document')
}

/**
 * A key resolver over a fixed set of keys from outside the service: every key it finds counts
 * as an unknown issuer's (a warning), since a key file proves only who holds the key.
 */
export function resolverFromKeys (keys: Map<string, JWK>): VerifyDeps['resolveKey'] {
  return async (kid) => {
    const publicJwk = keys.get(kid)
    return publicJwk ? { publicJwk, issuerKnown: false } : undefined
  }
}
