import { randomBytes } from 'node:crypto'

const POOL_BYTES = 4096
let pool = Buffer.alloc(0)
let offset = 0

/**
 * `length` fresh bytes from the CSPRNG, drawn in blocks (as Node's `randomUUID` does): one call
 * per id or salt costs more than the work around it. A new block is a new buffer, so what a
 * caller got is never overwritten.
 */
export function pooledRandomBytes (length: number): Buffer {
  if (length > POOL_BYTES) return randomBytes(length)
  if (offset + length > pool.length) {
    pool = randomBytes(POOL_BYTES)
    offset = 0
  }
  offset += length
  return pool.subarray(offset - length, offset)
}
