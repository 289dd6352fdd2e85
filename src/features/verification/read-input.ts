import { isObject } from './types.ts'
import { typesOf } from './format.ts'

/** Anything larger is refused before it is parsed: no credential of this service comes near it. */
export const MAX_INPUT_BYTES = 256 * 1024

/** The `id` prefix of a W3C VC-JOSE-COSE EnvelopedVerifiableCredential holding a VC-JWT. */
export const ENVELOPE_PREFIX = 'data:application/vc+jwt,'

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
 * `data:application/vc+jwt,<jwt>`) and a plain document. Never throws.
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
  return { kind: 'document', document: value }
}
