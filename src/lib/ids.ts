import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

/** Random base32 text (Crockford alphabet, lower case) with `length` characters. */
export function randomToken (length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! & 31]
  return out
}

/** An opaque id with a short prefix that says what it names, e.g. `org_3k9w…`. */
export function newId (prefix: string): string {
  return `${prefix}_${randomToken(20)}`
}
