import { newId } from '../../lib/ids.ts'
import { makeApiKey } from '../../lib/secrets.ts'
import type { Role } from '../../lib/principal.ts'
import type { OrganisationKind } from '../../lib/vocabulary.ts'
import type { ApiKeyRepository, ApiKeyRow } from './key-repository.ts'

/** Which kinds of organisation may hold a key of each role. */
const KINDS_FOR_ROLE: Record<Role, readonly OrganisationKind[] | 'any'> = {
  admin: 'any',
  analyst: 'any',
  provider: ['provider'],
  coach: ['municipality', 'work-centre', 'provider'],
  employer: ['employer', 'sector-body']
}

export function roleFitsKind (role: Role, kind: OrganisationKind): boolean {
  const kinds = KINDS_FOR_ROLE[role]
  return kinds === 'any' || kinds.includes(kind)
}

export function kindsForRole (role: Role): string {
  const kinds = KINDS_FOR_ROLE[role]
  return kinds === 'any' ? 'any kind' : kinds.join(', ')
}

export interface NewKey {
  role: Role
  label: string
  organisationId: string | null
  regionId: string | null
}

/** Makes a key, stores only its hash and returns the secret once. */
export function issueApiKey (keys: ApiKeyRepository, input: NewKey): { key: string, row: ApiKeyRow } {
  const id = newId('key')
  const { key, secretHash } = makeApiKey(id)
  const row = keys.insert({ id, ...input, secretHash, createdAt: new Date().toISOString() })
  return { key, row }
}

/** The public view of a key row: everything but the hash. */
export function toApiKeyView ({ secretHash: _hash, ...rest }: ApiKeyRow) {
  return rest
}
