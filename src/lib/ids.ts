import { randomBytes } from 'node:crypto'
import { pooledRandomBytes } from './random.ts'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

function base32 (bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += ALPHABET[bytes[i]! & 31]
  return out
}

/**
 * Random base32 text (Crockford alphabet, lower case) with `length` characters, straight from the
 * CSPRNG: secrets use it, so no bytes of theirs wait in a pool.
 */
export function randomToken (length: number): string {
  return base32(randomBytes(length))
}

function encodeTime (ms: number): string {
  let out = ''
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out
    ms = Math.floor(ms / 32)
  }
  return out
}

/** Adds one to a base32 string (the last id's random part), for ids made in the same millisecond. */
function increment (text: string): string {
  // the last digit below the highest goes up by one, the highest digits after it wrap to the lowest
  for (let i = text.length - 1; i >= 0; i--) {
    const digit = ALPHABET.indexOf(text[i]!)
    if (digit < ALPHABET.length - 1) return text.slice(0, i) + ALPHABET[digit + 1]! + ALPHABET[0]!.repeat(text.length - 1 - i)
  }
  return ALPHABET[0]!.repeat(text.length)
}

let lastTime = -1
let lastRandom = ''

/**
 * An opaque id with a short prefix that says what it names, e.g. `org_01jd…`: 10 characters of
 * time and 10 of randomness, made monotonic within a millisecond (as ULIDs are), so that ids sort
 * in the order they were made and lists page stably by (createdAt, id).
 */
export function newId (prefix: string): string {
  const now = Date.now()
  if (now === lastTime) {
    lastRandom = increment(lastRandom)
  } else {
    lastTime = now
    lastRandom = base32(pooledRandomBytes(10))
  }
  return `${prefix}_${encodeTime(now)}${lastRandom}`
}
