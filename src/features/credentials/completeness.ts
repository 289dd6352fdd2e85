/*
 * When a module version or a development path is complete for a participant, and which
 * credentials that makes due or undoes. Pure: the facts come in as arguments (features/credentials
 * gathers them from the database), so the rules are tested without one.
 */

/**
 * A module version as completeness sees it: its module, its number, and the identity of each of
 * its units across the module's versions (see unitIdentityOf).
 */
export interface VersionUnits {
  moduleVersionId: string
  module: { moduleId: string, version: number }
  units: ReadonlyArray<{ identity: string }>
}

/**
 * Whether every unit of the version is done: `done` holds the unit identities the participant's
 * valid completions show, in whichever version they were recorded. A version without units is
 * never complete.
 */
export function isComplete (version: VersionUnits, done: ReadonlySet<string>): boolean {
  return version.units.length > 0 && version.units.every((u) => done.has(u.identity))
}

/** Of the versions, the newest (highest number) that is complete; undefined while none is. */
export function newestComplete<V extends VersionUnits> (versions: Iterable<V>, done: ReadonlySet<string>): V | undefined {
  let newest: V | undefined
  for (const version of versions) {
    if (!isComplete(version, done)) continue
    if (!newest || version.module.version > newest.module.version) newest = version
  }
  return newest
}

/** Whether a credential of version `held` holds every unit of `version`: a version of the same module with all its units. */
export function holdsEveryUnit (held: VersionUnits, version: VersionUnits): boolean {
  if (held.module.moduleId !== version.module.moduleId) return false
  const identities = new Set(held.units.map((u) => u.identity))
  return version.units.every((u) => identities.has(u.identity))
}

/**
 * Whether a credential of one of `versions` (the participant's valid or queued module
 * credentials, of any module) holds every unit of `version`: then a new credential for it would
 * say nothing new (a new title alone earns nothing). With {@link newestComplete} this decides the
 * module credential a completion makes due: the newest complete version the participant's
 * completions name, unless a credential of theirs holds it.
 */
export function heldByAny (version: VersionUnits, versions: Iterable<VersionUnits>): boolean {
  for (const held of versions) if (holdsEveryUnit(held, version)) return true
  return false
}

/** A development path with whether the participant meets its requirements now. */
export interface PathwayState { pathwayId: string, met: boolean }

/**
 * The path credentials to issue (the path is met and none is held) and to revoke (one is held and
 * the path is no longer met), each in the order of `pathways`. `held` names the paths the
 * participant holds a valid credential of.
 */
export function pathwayCredentialChanges<P extends PathwayState> (pathways: readonly P[], held: ReadonlySet<string>): { due: P[], lapsed: P[] } {
  return {
    due: pathways.filter((p) => p.met && !held.has(p.pathwayId)),
    lapsed: pathways.filter((p) => !p.met && held.has(p.pathwayId))
  }
}
