import { hash } from 'node:crypto'
import { pooledRandomBytes } from '../../lib/random.ts'

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

/**
 * The name as an employer would type it: trimmed, inner spaces folded, Unicode-normalised, lower
 * case. The same rule runs when an employer checks a name against a credential.
 */
export function normaliseName (name: string): string {
  // printable ASCII is its own NFC form, has no whitespace but the space, and lower-cases alike in
  // every locale: the same result, without the detour through ICU
  if (PRINTABLE_ASCII.test(name)) return name.trim().replace(/ +/g, ' ').toLowerCase()
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl-NL')
}

export interface IdentityObject {
  type: 'IdentityObject'
  identityType: 'name'
  hashed: true
  identityHash: string
  salt: string
}

const SALT_BYTES = 16

/** 16 random bytes, hex: a fresh salt. */
const randomSalt = (): string => pooledRandomBytes(SALT_BYTES).toString('hex')

/**
 * The participant's name as an OB 3.0 salted IdentityObject: `sha256$` + hex(SHA-256(name + salt)).
 * The credential never carries the name itself; someone who knows the name can check it.
 */
export function hashedName (name: string, salt: string = randomSalt()): IdentityObject {
  const identityHash = 'sha256$' + hash('sha256', normaliseName(name) + salt, 'hex')
  return { type: 'IdentityObject', identityType: 'name', hashed: true, identityHash, salt }
}

/** True when `name` is the name the IdentityObject was made from. */
export function nameMatches (identity: Pick<IdentityObject, 'identityHash' | 'salt'>, name: string): boolean {
  return hashedName(name, identity.salt).identityHash === identity.identityHash
}

/**
 * The participant's pseudonymous subject id: a name-based UUID (RFC 9562 version 8) derived from
 * the internal id, so every credential of one participant names the same subject without
 * revealing the internal id or the enrolment time.
 */
export function subjectIdOf (participantId: string): string {
  const h = hash('sha256', `stapsteen:subject:${participantId}`, 'buffer')
  h[6] = (h[6]! & 0x0f) | 0x80
  h[8] = (h[8]! & 0x3f) | 0x80
  const hex = h.subarray(0, 16).toString('hex')
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}
