import { isObject } from './types.ts'
import { SIGNING_ALGS, type SigningAlg } from '../../lib/vocabulary.ts'

/**
 * The only algorithms ever tried. Any other `alg` (`none`, HMAC such as `HS256`: a public key
 * used as a shared secret, RSA, other curves) is read but never verified: the signature check
 * fails naming it, before any key is looked up.
 */
/** the algorithms the service signs with are the ones it accepts */
export const ALLOWED_ALGS = SIGNING_ALGS
export type AllowedAlg = SigningAlg

export function isAllowedAlg (alg: string): alg is AllowedAlg {
  return (ALLOWED_ALGS as readonly string[]).includes(alg)
}

/** A JWS algorithm name as registered with IANA (`ES256`, `RSA-OAEP`, `none`…), not free text. */
const ALG_NAME = /^[A-Za-z0-9+._-]{1,32}$/

/** `typ` values accepted: absent, plain JWT, or W3C VC-JOSE-COSE `vc+jwt` (media types are case-insensitive). */
const ALLOWED_TYP = new Set(['jwt', 'application/jwt', 'vc+jwt', 'application/vc+jwt'])

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2'

export interface JoseHeader {
  /** any algorithm name: only those in {@link ALLOWED_ALGS} are ever verified */
  alg: string
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
 * Reads a compact JWS without verifying it: three base64url parts, a JSON header with an `alg`
 * name, a `kid` and an accepted `typ`, and a JSON object payload. The signature part may be empty
 * only for `alg` `none` (an unsigned JWT, which then fails the signature check). Whether the
 * algorithm is accepted is the signature check's business. Keys embedded in the header (`jwk`,
 * `jku`, `x5c`, `x5u`) are never used; `crit` is refused.
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
  if (typeof header.alg !== 'string' || !ALG_NAME.test(header.alg)) {
    return { ok: false, detail: 'the JWT header has no alg naming a JWS algorithm' }
  }
  if (typeof header.kid !== 'string' || header.kid === '') {
    return { ok: false, detail: 'the JWT header has no kid: the key that signed it cannot be found' }
  }
  if (header.typ !== undefined && (typeof header.typ !== 'string' || !ALLOWED_TYP.has(header.typ.toLowerCase()))) {
    return { ok: false, detail: `typ ${JSON.stringify(header.typ)} is not accepted; expected JWT or vc+jwt` }
  }
  if (header.crit !== undefined) return { ok: false, detail: 'the JWT header has crit extensions, which are not supported' }
  const unsigned = header.alg === 'none' && signaturePart === ''
  if (!unsigned && !BASE64URL.test(signaturePart)) return { ok: false, detail: 'the JWT has no signature' }
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
 * The claims of a VC-JWT that name what the document names too: each is compared only when it
 * is present. W3C VC-JOSE-COSE requires none of them: `iss`, "if present, MUST match" the
 * issuer (Key Discovery, `#iss`); for `jti`/`id` and `sub`/`credentialSubject.id` issuers "SHOULD
 * avoid" conflicting values (JOSE Header Parameters and JWT Claims, `#jose-header-parameters-jwt-claims`). OB 3.0 issuers, this service among them, set all three.
 */
const MIRRORED_CLAIMS = [
  ['iss', 'issuer.id', issuerIdOf],
  ['jti', 'the credential id', (document) => document.id],
  // several subjects: `sub` names the first, as the issuer signs it
  ['sub', 'credentialSubject.id', (document) => {
    const subject = Array.isArray(document.credentialSubject) ? document.credentialSubject[0] : document.credentialSubject
    return isObject(subject) ? subject.id : undefined
  }]
] as const satisfies ReadonlyArray<readonly [string, string, (document: Record<string, unknown>) => unknown]>

/**
 * The shape every W3C VC 2.0 credential has; with `claims`, also the VC-JWT rules of W3C
 * VC-JOSE-COSE: no `vc` or `vp` claim (that is the VC 1.1 JWT encoding, another format), and
 * `iss`, `jti`, `sub` equal to what the document says wherever they are present. Returns the
 * problems found.
 */
export function credentialShapeIssues (document: Record<string, unknown>, claims: boolean): string[] {
  if (claims) {
    // VC-JOSE-COSE, JOSE Header Parameters and JWT Claims: "The JWT Claim Names vc and vp MUST NOT be present."
    const legacy = ['vc', 'vp'].find((name) => document[name] !== undefined)
    if (legacy) {
      return [`the JWT has a ${legacy} claim, as in the VC Data Model 1.1 JWT encoding; a VC 2.0 VC-JWT carries the credential itself as its claims, without vc or vp`]
    }
  }
  const issues: string[] = []
  const context = document['@context']
  const first = Array.isArray(context) ? context[0] : context
  if (first !== VC_V2_CONTEXT) issues.push(`@context must begin with ${VC_V2_CONTEXT}`)
  if (!typesOf(document.type).includes('VerifiableCredential')) issues.push('type must include VerifiableCredential')
  if (issuerIdOf(document) === undefined) issues.push('the credential names no issuer')
  if (!claims) return issues

  for (const [claim, property, read] of MIRRORED_CLAIMS) {
    const value = document[claim]
    if (value === undefined) continue
    const expected = read(document)
    if (typeof value !== 'string') issues.push(`the ${claim} claim is not a string`)
    else if (expected !== undefined && value !== expected) issues.push(`the ${claim} claim (${value}) differs from ${property} (${String(expected)})`)
  }
  return issues
}

/** The credential document inside a VC-JWT payload: without the registered JWT claims. */
export function withoutJwtClaims (payload: Record<string, unknown>): Record<string, unknown> {
  const { iss: _iss, sub: _sub, jti: _jti, nbf: _nbf, exp: _exp, iat: _iat, aud: _aud, ...document } = payload
  return document
}
