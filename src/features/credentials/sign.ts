import { SignJWT, type CryptoKey, type KeyObject } from 'jose'

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

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000)

/**
 * Secures a credential as OB 3.0 §VC-JWT describes: the JWT payload is the credential itself
 * plus `iss` (issuer id), `sub` (credentialSubject id), `jti` (credential id), `nbf` (validFrom)
 * and `exp` (validUntil, when set); no `vc` claim. Header: `alg`, absolute `kid`, `typ: JWT`.
 */
export async function signCredential (credential: CredentialClaims & Record<string, unknown>, key: SigningKey): Promise<string> {
  const issuer = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id
  const subject = Array.isArray(credential.credentialSubject) ? credential.credentialSubject[0]?.id : credential.credentialSubject.id
  const jwt = new SignJWT({ ...credential })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setJti(credential.id)
    .setNotBefore(seconds(credential.validFrom))
  if (subject) jwt.setSubject(subject)
  if (credential.validUntil) jwt.setExpirationTime(seconds(credential.validUntil))
  return jwt.sign(key.privateKey)
}
