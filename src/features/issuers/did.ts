import type { JWK } from 'jose'

/**
 * did:web identifiers for the service's issuers (W3C did:web method), pure: no I/O.
 *
 * `did:web:{host}:{path segments…}:issuers:{issuerId}` resolves to
 * `https://{host}/{path segments…}/issuers/{issuerId}/did.json`, which is the route this service
 * serves, so every issuer's DID document is resolvable from the service itself.
 */

export interface DidKey {
  /** absolute key id: `{did}#{keyId}` */
  kid: string
  publicJwk: JWK
}

/** The DID document of an issuer, as a did:web resolver reads it. */
export interface DidDocument {
  '@context': string[]
  id: string
  verificationMethod: Array<{ id: string, type: 'JsonWebKey2020', controller: string, publicKeyJwk: JWK }>
  assertionMethod: string[]
}

/** did:web encodes the port's `:` (and any `:` in a path) so that `:` only separates segments. */
const encodeSegment = (segment: string) => segment.replaceAll(':', '%3A')

/**
 * The DID of an issuer: PUBLIC_URL's host (port `:` percent-encoded), PUBLIC_URL's path segments,
 * then `issuers` and the issuer id. `http://localhost:3000` + `org_x` →
 * `did:web:localhost%3A3000:issuers:org_x`; `https://x.nl/stapsteen` →
 * `did:web:x.nl:stapsteen:issuers:org_x`.
 */
export function issuerDid (publicUrl: string, issuerId: string): string {
  const url = new URL(publicUrl)
  const host = url.port ? `${url.hostname}:${url.port}` : url.hostname
  const path = url.pathname.split('/').filter((s) => s !== '')
  return ['did', 'web', ...[host, ...path, 'issuers', issuerId].map(encodeSegment)].join(':')
}

/** The absolute key id (a DID URL) of one of the DID's keys. */
export function kidFor (did: string, keyId: string): string {
  return `${did}#${keyId}`
}

/** Splits an absolute key id into its DID and the key id after `#`; undefined when it is not one. */
export function parseKid (kid: string): { did: string, keyId: string } | undefined {
  const hash = kid.indexOf('#')
  if (hash <= 0 || hash === kid.length - 1 || !kid.startsWith('did:')) return undefined
  return { did: kid.slice(0, hash), keyId: kid.slice(hash + 1) }
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1'])

/**
 * Where a did:web DID resolves: `https://host/path/did.json`, or `https://host/.well-known/did.json`
 * without a path. The spec requires https; plain http is allowed here for localhost only, so that
 * development and tests resolve against the running service.
 */
export function didDocumentUrl (did: string): string {
  if (!did.startsWith('did:web:')) throw new TypeError(`not a did:web DID: ${did}`)
  const [host, ...path] = did.slice('did:web:'.length).split(':').map(decodeURIComponent)
  if (!host) throw new TypeError(`did:web without a host: ${did}`)
  const scheme = LOCAL_HOSTS.has(host.replace(/:\d+$/, '')) ? 'http' : 'https'
  return path.length === 0
    ? `${scheme}://${host}/.well-known/did.json`
    : `${scheme}://${host}/${path.map(encodeURIComponent).join('/')}/did.json`
}

/**
 * The DID document for `did` with every key given, current and retired: a credential signed with a
 * retired key must still find its key here. Each key is a `JsonWebKey2020` verification method and
 * an `assertionMethod` (the relationship a credential's proof uses); there is no `authentication`,
 * since issuers only assert. Not VC-JOSE-COSE's `JsonWebKey`: did-jwt 8 accepts only
 * `JsonWebKey2020` for ES256 and EdDSA keys (see README, Issuer keys; test/did-interop.test.ts).
 */
export function didDocument (did: string, keys: readonly DidKey[]): DidDocument {
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    verificationMethod: keys.map((k) => ({ id: k.kid, type: 'JsonWebKey2020' as const, controller: did, publicKeyJwk: k.publicJwk })),
    assertionMethod: keys.map((k) => k.kid)
  }
}
