import { createHash, randomBytes } from 'node:crypto'

/**
 * The name as an employer would type it: trimmed, inner spaces folded, Unicode-normalised, lower
 * case. The same rule runs when an employer checks a name against a credential.
 */
export function normaliseName (name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl-NL')
}

export interface IdentityObject {
  type: 'IdentityObject'
  identityType: 'name'
  hashed: true
  identityHash: string
  salt: string
}

/**
 * The participant's name as an OB 3.0 salted IdentityObject: `sha256$` + hex(SHA-256(name + salt)).
 * The credential never carries the name itself; someone who knows the name can check it.
 */
export function hashedName (name: string, salt: string = randomBytes(16).toString('hex')): IdentityObject {
  const identityHash = 'sha256$' + createHash('sha256').update(normaliseName(name) + salt).digest('hex')
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
  const h = createHash('sha256').update(`stapsteen:subject:${participantId}`).digest()
  h[6] = (h[6]! & 0x0f) | 0x80
  h[8] = (h[8]! & 0x3f) | 0x80
  const hex = h.subarray(0, 16).toString('hex')
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}
