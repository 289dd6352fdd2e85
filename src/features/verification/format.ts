import { isObject } from './types.ts'

/**
 * The only algorithms ever tried. `none`, HMAC (`HS256`: a public key used as a shared secret)
 * and RSA are refused here, before any key is looked up.
 */
export const ALLOWED_ALGS = ['ES256', 'EdDSA'] as const
export type AllowedAlg = typeof ALLOWED_ALGS[number]

/** `typ` values accepted: absent, plain JWT, or W3C VC-JOSE-COSE `vc+jwt` (media types are case-insensitive). */
const ALLOWED_TYP = new Set(['jwt', 'application/jwt', 'vc+jwt', 'application/vc+jwt'])

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2'

export interface JoseHeader {
  alg: AllowedAlg
  kid: string
  typ?: string
  [name: string]: unknown
}

export interface ParsedJws {
  jwt: string
  header: JoseHeader
  payload: Record<string, unknown>
}

export type Parsed<T> = { ok: true, value: T } | { ok: false, detail: string }

const BASE64URL = /^[A-Za-z0-9_-]+$/

/** A base64url part of the JWT as the JSON object it must hold. */
function decodeObject (part: string, name: 'header' | 'payload'): Parsed<Record<string, unknown>> {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    return { ok: false, detail: `the JWT ${name} is not JSON` }
  }
  return isObject(value) ? { ok: true, value } : { ok: false, detail: `the JWT ${name} is not a JSON object` }
}

/**
 * Reads a compact JWS without verifying it: three base64url parts, a JSON header with an allowed
 * `alg`, a `kid` and an accepted `typ`, and a JSON object payload. Keys embedded in the header
 * (`jwk`, `jku`, `x5c`, `x5u`) are never used; `crit` is refused.
 */
export function parseCompactJws (jwt: string): Parsed<ParsedJws> {
  const parts = jwt.split('.')
  if (parts.length !== 3) {
    return { ok: false, detail: `a compact JWS has 3 parts separated by dots; this has ${parts.length}` }
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string]
  if (!BASE64URL.test(headerPart) || !BASE64URL.test(payloadPart)) {
    return { ok: false, detail: 'the JWT header and payload must be base64url text' }
  }
  const decodedHeader = decodeObject(headerPart, 'header')
  if (!decodedHeader.ok) return decodedHeader
  const header = decodedHeader.value
  if (typeof header.alg !== 'string' || !(ALLOWED_ALGS as readonly string[]).includes(header.alg)) {
    return { ok: false, detail: `algorithm ${JSON.stringify(header.alg ?? null)} is not accepted; only ${ALLOWED_ALGS.join(' and ')}` }
  }
  if (typeof header.kid !== 'string' || header.kid === '') {
    return { ok: false, detail: 'the JWT header has no kid: the key that signed it cannot be found' }
  }
  if (header.typ !== undefined && (typeof header.typ !== 'string' || !ALLOWED_TYP.has(header.typ.toLowerCase()))) {
    return { ok: false, detail: `typ ${JSON.stringify(header.typ)} is not accepted; expected JWT or vc+jwt` }
  }
  if (header.crit !== undefined) return { ok: false, detail: 'the JWT header has crit extensions, which are not supported' }
  if (!BASE64URL.test(signaturePart)) return { ok: false, detail: 'the JWT has no signature' }
  const payload = decodeObject(payloadPart, 'payload')
  if (!payload.ok) return payload
  return { ok: true, value: { jwt, header: header as JoseHeader, payload: payload.value } }
}

/** `type` as a list of strings (a single string counts as a list of one). */
export function typesOf (value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : []
}

/** The issuer id of a credential: `issuer` as a string, or `issuer.id`. */
export function issuerIdOf (document: Record<string, unknown>): string | undefined {
  const issuer = document.issuer
  if (typeof issuer === 'string') return issuer
  return isObject(issuer) && typeof issuer.id === 'string' ? issuer.id : undefined
}

/**
 * The shape every W3C VC 2.0 credential has; with `claims`, also the OB 3.0 VC-JWT rules: `iss`
 * is the issuer id, `jti` the credential id, `sub` the subject id. Returns the problems found.
 */
export function credentialShapeIssues (document: Record<string, unknown>, claims: boolean): string[] {
  const issues: string[] = []
  const context = document['@context']
  const first = Array.isArray(context) ? context[0] : context
  if (first !== VC_V2_CONTEXT) issues.push(`@context must begin with ${VC_V2_CONTEXT}`)
  if (!typesOf(document.type).includes('VerifiableCredential')) issues.push('type must include VerifiableCredential')
  const issuer = issuerIdOf(document)
  if (issuer === undefined) issues.push('the credential names no issuer')
  if (!claims) return issues

  if (typeof document.iss !== 'string') {
    issues.push('the iss claim is missing')
  } else if (issuer !== undefined && document.iss !== issuer) {
    issues.push(`the iss claim (${document.iss}) differs from issuer.id (${issuer})`)
  }
  if ((document.jti !== undefined || document.id !== undefined) && document.jti !== document.id) {
    issues.push('the jti claim differs from the credential id')
  }
  // several subjects: `sub` names the first, as the issuer signs it
  const subject = Array.isArray(document.credentialSubject) ? document.credentialSubject[0] : document.credentialSubject
  const subjectId = isObject(subject) ? subject.id : undefined
  if ((document.sub !== undefined || subjectId !== undefined) && document.sub !== subjectId) {
    issues.push('the sub claim differs from credentialSubject.id')
  }
  return issues
}

/** The credential document inside a VC-JWT payload: without the registered JWT claims. */
export function withoutJwtClaims (payload: Record<string, unknown>): Record<string, unknown> {
  const { iss: _iss, sub: _sub, jti: _jti, nbf: _nbf, exp: _exp, iat: _iat, aud: _aud, ...document } = payload
  return document
}
