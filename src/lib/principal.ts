import type { Role } from './vocabulary.ts'

export { ROLES, type Role } from './vocabulary.ts'

/** Who is calling, as the API key says. */
export interface Principal {
  keyId: string
  role: Role
  /** null only for a service-wide admin key */
  organisationId: string | null
  /** the regions this key may see; null means every region (service-wide admin) */
  regionIds: string[] | null
}

export function isServiceAdmin (p: Principal): boolean {
  return p.role === 'admin' && p.regionIds === null
}

export function canSeeRegion (p: Principal, regionId: string): boolean {
  return p.regionIds === null || p.regionIds.includes(regionId)
}

/** True when the key may see something active in any of `regionIds`. */
export function sharesRegion (p: Principal, regionIds: readonly string[]): boolean {
  return p.regionIds === null || regionIds.some((r) => p.regionIds!.includes(r))
}
