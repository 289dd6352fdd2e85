import { gzipSync, gunzipSync } from 'node:zlib'

/**
 * W3C Bitstring Status List v1.0, the bitstring itself: pure functions, no I/O.
 *
 * Bit order (the part a reviewer must trust): status index `i` lives in byte `i >> 3`, and within
 * that byte the bits run from the most significant to the least, so index 0 is the left-most bit
 * of the first byte (mask `0x80`) and index 7 its right-most (mask `0x01`). Read as one long
 * string of bits from left to right, position `i` is index `i`, as the specification requires.
 *
 * On the wire the bytes are GZIP-compressed (RFC 1952), encoded as base64url without padding
 * (RFC 4648 §5) and prefixed with the multibase code `u`.
 */

/** The smallest list the specification allows, for herd privacy: 16 KB, i.e. 131,072 entries. */
export const MIN_STATUS_LIST_BITS = 131_072

/** Decoding refuses lists above this (16 MB expanded), so a small gzip bomb cannot exhaust memory. */
export const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024

export type StatusListErrorCode =
  | 'status-list-prefix'
  | 'status-list-base64url'
  | 'status-list-gzip'
  | 'status-list-length'

/** A status list that cannot be encoded or decoded; `code` says why and is stable. */
export class StatusListError extends Error {
  readonly code: StatusListErrorCode

  constructor (code: StatusListErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StatusListError'
    this.code = code
  }
}

/** A zeroed bitstring of `size` entries (a multiple of 8, at least 131,072). */
export function createStatusBitstring (size: number = MIN_STATUS_LIST_BITS): Uint8Array {
  if (!Number.isInteger(size) || size % 8 !== 0 || size < MIN_STATUS_LIST_BITS) {
    throw new RangeError(`a status list has a multiple of 8 entries and at least ${MIN_STATUS_LIST_BITS}, not ${size}`)
  }
  return new Uint8Array(size / 8)
}

function assertLength (byteLength: number): void {
  if (byteLength * 8 < MIN_STATUS_LIST_BITS) {
    throw new StatusListError('status-list-length', `a status list holds at least ${MIN_STATUS_LIST_BITS} entries; this one holds ${byteLength * 8}`)
  }
}

/** The `encodedList` value: `u` + base64url(gzip(bits)). Refuses lists shorter than the minimum. */
export function encodeStatusList (bits: Uint8Array): string {
  assertLength(bits.byteLength)
  return 'u' + gzipSync(bits).toString('base64url')
}

/**
 * The bits of an `encodedList`. Throws {@link StatusListError} when the multibase prefix is not
 * `u`, the rest is not base64url, the bytes are not GZIP, or the list is shorter than 131,072
 * entries (or longer than {@link MAX_STATUS_LIST_BYTES}).
 */
export function decodeStatusList (encoded: string): Uint8Array {
  if (typeof encoded !== 'string' || !encoded.startsWith('u')) {
    throw new StatusListError('status-list-prefix', 'an encoded status list starts with the multibase prefix "u" (base64url)')
  }
  const body = encoded.slice(1)
  // Buffer.from(_, 'base64url') skips characters it does not know; check the alphabet first
  if (!/^[A-Za-z0-9_-]+$/.test(body) || body.length % 4 === 1) {
    throw new StatusListError('status-list-base64url', 'the encoded status list is not base64url without padding')
  }
  let bits: Buffer
  try {
    bits = gunzipSync(Buffer.from(body, 'base64url'), { maxOutputLength: MAX_STATUS_LIST_BYTES })
  } catch (err) {
    const tooLong = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
    throw new StatusListError(tooLong ? 'status-list-length' : 'status-list-gzip',
      tooLong ? `the status list expands beyond ${MAX_STATUS_LIST_BYTES} bytes` : 'the encoded status list is not GZIP data', { cause: err })
  }
  assertLength(bits.byteLength)
  return new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength)
}

function locate (bits: Uint8Array, index: number): [byte: number, mask: number] {
  if (!Number.isInteger(index) || index < 0 || index >= bits.byteLength * 8) {
    throw new RangeError(`status index ${index} is outside the list (0 to ${bits.byteLength * 8 - 1})`)
  }
  return [index >> 3, 0x80 >> (index & 7)]
}

/** Whether the status bit at `index` is set (for purpose `revocation`: revoked). */
export function getStatusBit (bits: Uint8Array, index: number): boolean {
  const [byte, mask] = locate(bits, index)
  return (bits[byte]! & mask) !== 0
}

/** Sets the status bit at `index`, in place. Returns false when it was already set. */
export function setStatusBit (bits: Uint8Array, index: number): boolean {
  const [byte, mask] = locate(bits, index)
  if ((bits[byte]! & mask) !== 0) return false
  bits[byte] = bits[byte]! | mask
  return true
}
