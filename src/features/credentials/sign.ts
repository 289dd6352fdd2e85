import { CompactSign, type CryptoKey, type KeyObject } from 'jose'

export interface SigningKey {
  /** absolute key id: the issuer's DID URL with a fragment */
  kid: string
  alg: 'ES256' | 'EdDSA'
  privateKey: CryptoKey | KeyObject
}

interface CredentialClaims {
  id: string
  issuer: string | { id: string }
  validFrom: string
  validUntil?: string
  credentialSubject: { id?: string } | Array<{ id?: string }>
}

/** The `id` prefix of a W3C VC-JOSE-COSE EnvelopedVerifiableCredential holding a VC-JWT. */
export const ENVELOPE_PREFIX = 'data:application/vc+jwt,'

/** A credential in JSON, as stored, and the JWT claims set made of it, as signed. */
export interface SerialisedCredential {
  document: string
  claims: string
}

const REGISTERED = ['iss', 'sub', 'jti', 'nbf', 'exp'] as const
const encoder = new TextEncoder()

function seconds (iso: string, claim: string): number {
  const value = Math.floor(Date.parse(iso) / 1000)
  if (!Number.isFinite(value)) throw new TypeError(`"${claim}" claim: ${iso} is not a date`)
  return value
}

/**
 * The credential as JSON, and the claims set of its VC-JWT (OB 3.0 §VC-JWT): the credential
 * itself plus `iss` (issuer id), `jti` (credential id), `nbf` (validFrom), `sub`
 * (credentialSubject id, when it has one) and `exp` (validUntil, when set), in that order, as
 * jose's `SignJWT` would add them; no `vc` claim. The credential is serialised once: the claims
 * are its members followed by the registered ones.
 */
export function serialiseCredential (credential: CredentialClaims & Record<string, unknown>): SerialisedCredential {
  const issuer = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id
  const subject = Array.isArray(credential.credentialSubject) ? credential.credentialSubject[0]?.id : credential.credentialSubject.id
  const registered: Record<string, string | number> = { iss: issuer, jti: credential.id, nbf: seconds(credential.validFrom, 'nbf') }
  if (subject) registered.sub = subject
  if (credential.validUntil) registered.exp = seconds(credential.validUntil, 'exp')
  const document = JSON.stringify(credential)
  // a credential that had a registered claim's name as a member would keep it in its place
  const plain = document.length > 2 && REGISTERED.every((name) => !(name in credential))
  const claims = plain ? `${document.slice(0, -1)},${JSON.stringify(registered).slice(1)}` : JSON.stringify({ ...credential, ...registered })
  return { document, claims }
}

/**
 * Signs a claims set made by {@link serialiseCredential} as a compact JWS. Header: `alg`,
 * absolute `kid`, `typ: JWT`. The JWT is byte for byte the one jose's `SignJWT` makes of the same
 * claims; `SignJWT` would deep-copy and serialise the credential once more first.
 */
export async function signClaims (claims: string, key: SigningKey): Promise<string> {
  return new CompactSign(encoder.encode(claims)).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey)
}

/** Secures a credential as OB 3.0 §VC-JWT describes (see {@link serialiseCredential}). */
export async function signCredential (credential: CredentialClaims & Record<string, unknown>, key: SigningKey): Promise<string> {
  return signClaims(serialiseCredential(credential).claims, key)
}
