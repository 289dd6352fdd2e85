import { isDeepStrictEqual } from 'node:util'
import { ENVELOPE_PREFIX } from '../credentials/sign.ts'
import { isObject } from './types.ts'
import { typesOf } from './format.ts'

/**
 * Anything larger is refused before it is parsed. The largest credentials this service makes are
 * portfolio credentials (CLR), which carry every credential of the participant with its own JWT:
 * about 20 KB each as a VC-JWT, so this holds a portfolio of about a hundred.
 */
export const MAX_INPUT_BYTES = 2 * 1024 * 1024

// made by the issuer (credentials/sign.ts), read here
export { ENVELOPE_PREFIX }

export type ReadInput =
  | { kind: 'jwt', jwt: string }
  | { kind: 'document', document: Record<string, unknown> }
  | { kind: 'invalid', detail: string }

/** Size of the input as sent: string length, or the length of the object as JSON. */
export function inputSize (input: unknown): number {
  if (typeof input === 'string') return input.length
  try {
    return JSON.stringify(input)?.length ?? 0
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

/**
 * Sorts the input into a compact JWS, a credential document without a JWS, or something else.
 * Accepts a JWT string, JSON text, an `EnvelopedVerifiableCredential` (its `id` is
 * `data:application/vc+jwt,<jwt>`), a document whose `proof` is such an envelope of itself (a
 * CLR's embedded credential: read as its JWT) and a plain document. Never throws.
 */
export function readInput (input: unknown): ReadInput {
  if (inputSize(input) > MAX_INPUT_BYTES) {
    return { kind: 'invalid', detail: `the input is larger than ${MAX_INPUT_BYTES / 1024} KB` }
  }
  if (typeof input === 'string') {
    const text = input.trim()
    if (text.startsWith('{')) {
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        return { kind: 'invalid', detail: 'the text is neither a JWT nor valid JSON' }
      }
      return readObject(parsed)
    }
    if (text.startsWith(ENVELOPE_PREFIX)) return { kind: 'jwt', jwt: text.slice(ENVELOPE_PREFIX.length) }
    if (text === '') return { kind: 'invalid', detail: 'the input is empty' }
    return { kind: 'jwt', jwt: text }
  }
  return readObject(input)
}

function readObject (value: unknown): ReadInput {
  if (!isObject(value)) {
    return { kind: 'invalid', detail: 'not a credential: expected a JWT or a JSON credential object' }
  }
  if (typesOf(value.type).includes('EnvelopedVerifiableCredential')) {
    const id = value.id
    if (typeof id !== 'string' || !id.startsWith(ENVELOPE_PREFIX)) {
      return { kind: 'invalid', detail: `an EnvelopedVerifiableCredential needs an id of the form ${ENVELOPE_PREFIX}<jwt>` }
    }
    return { kind: 'jwt', jwt: id.slice(ENVELOPE_PREFIX.length).trim() }
  }
  const enveloped = envelopedProofJwt(value.proof)
  if (enveloped !== undefined) {
    const { proof: _proof, ...document } = value
    return isSignedForm(document, enveloped)
      ? { kind: 'jwt', jwt: enveloped }
      : { kind: 'invalid', detail: 'the document differs from the signed credential in its proof (an EnvelopedVerifiableCredential)' }
  }
  return { kind: 'document', document: value }
}

/** The JWT of a `proof` that is an EnvelopedVerifiableCredential, as a CLR's embedded credentials carry it. */
function envelopedProofJwt (proof: unknown): string | undefined {
  if (!isObject(proof) || !typesOf(proof.type).includes('EnvelopedVerifiableCredential')) return undefined
  return typeof proof.id === 'string' && proof.id.startsWith(ENVELOPE_PREFIX) ? proof.id.slice(ENVELOPE_PREFIX.length).trim() : undefined
}

/** The JWT claims that OB 3.0 §VC-JWT adds to the credential in the payload. */
const JWT_CLAIMS = ['iss', 'sub', 'jti', 'nbf', 'exp', 'iat', 'aud']

/**
 * Whether `document` is the JWT's payload less its JWT claims: a document shown beside a
 * signature must say what was signed. The signature itself is checked afterwards, on the JWT.
 */
function isSignedForm (document: Record<string, unknown>, jwt: string): boolean {
  try {
    const payload: unknown = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'))
    if (!isObject(payload)) return false
    const credential = Object.fromEntries(Object.entries(payload).filter(([key]) => !JWT_CLAIMS.includes(key)))
    return isDeepStrictEqual(credential, document)
  } catch {
    return false
  }
}
