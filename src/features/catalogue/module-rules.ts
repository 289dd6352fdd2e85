/**
 * Rules on modules that need neither Fastify nor the database: unit keys, the fit between a
 * module's kind and its skills, unit identities across versions and their xAPI activity IRIs.
 * Who sees drafts is the access policy's (src/lib/access-policy.ts).
 */
import type { CodeWithStatus } from '../../lib/problems.ts'
import type { ModuleKind, SkillKind } from '../../lib/vocabulary.ts'

/** One problem with a field, located by a JSON Pointer into the body or the version document. */
export interface RuleIssue {
  pointer: string
  code: CodeWithStatus<400>
  detail: string
}

/**
 * The first unit whose key repeats an earlier one, compared case-insensitively: keys end up in
 * activity IRIs and CSV files, where `Les-1` next to `les-1` would only confuse.
 */
export function findDuplicateUnitKey (units: ReadonlyArray<{ key: string }>): RuleIssue | undefined {
  const seen = new Map<string, number>()
  for (const [i, unit] of units.entries()) {
    const folded = unit.key.toLowerCase()
    const first = seen.get(folded)
    if (first !== undefined) {
      return { pointer: `#/units/${i}/key`, code: 'duplicate-unit-key', detail: `unit key ${unit.key} is already used by unit ${first}` }
    }
    seen.set(folded, i)
  }
  return undefined
}

/** The first skill id that is not in `known`, pointed to inside `units`. */
export function findUnknownSkill (units: ReadonlyArray<{ skillIds: readonly string[] }>, known: ReadonlySet<string>): RuleIssue | undefined {
  for (const [i, unit] of units.entries()) {
    const j = unit.skillIds.findIndex((id) => !known.has(id))
    if (j >= 0) return { pointer: `#/units/${i}/skillIds/${j}`, code: 'unknown-skill', detail: `skill ${unit.skillIds[j]} does not exist` }
  }
  return undefined
}

/**
 * Whether a version may be published: it needs at least one unit, and its kind must fit its
 * skills (`basic`: basic skills only; `vocational`: vocational only; `combined`: at least one of
 * each). `skillKinds` gives the kind of every skill the units name. Pointers go into the version
 * document (`#/units/i/skillIds/j`, `#/kind`, `#/units`). Returns the first issue, or undefined.
 */
export function checkPublishable (
  version: { kind: ModuleKind, units: ReadonlyArray<{ skillIds: readonly string[] }> },
  skillKinds: ReadonlyMap<string, SkillKind>
): RuleIssue | undefined {
  if (version.units.length === 0) {
    return { pointer: '#/units', code: 'no-units', detail: 'a module needs at least one unit before it is published' }
  }
  const found = new Set<SkillKind>()
  for (const [i, unit] of version.units.entries()) {
    for (const [j, skillId] of unit.skillIds.entries()) {
      const kind = skillKinds.get(skillId)
      if (kind === undefined) continue
      found.add(kind)
      if (version.kind !== 'combined' && kind !== version.kind) {
        return {
          pointer: `#/units/${i}/skillIds/${j}`,
          code: 'kind-mismatch',
          detail: `a ${version.kind} module holds only ${version.kind} skills; skill ${skillId} is ${kind}`
        }
      }
    }
  }
  if (version.kind === 'combined' && found.size < 2) {
    const missing = found.has('basic') ? 'vocational' : 'basic'
    return { pointer: '#/kind', code: 'kind-mismatch', detail: `a combined module needs at least one basic and one vocational skill; it has no ${missing} skill` }
  }
  return undefined
}

/**
 * The revision of each unit about to be stored in a version of a module, given the units of the
 * module's other versions. A unit's identity across versions is its key (exactly as written) and
 * its revision: a key used before with the same skills (as a set, in any order) keeps that
 * revision, whatever its title, description or place; a key whose skills differ from every
 * earlier revision starts the next revision; a new key starts at 1. Completions of one revision
 * count toward every unit with that identity, in any version.
 */
export function assignRevisions (
  earlier: ReadonlyArray<{ key: string, revision: number, skillIds: readonly string[] }>,
  units: ReadonlyArray<{ key: string, skillIds: readonly string[] }>
): number[] {
  const skillSet = (ids: readonly string[]) => [...ids].sort().join(' ')
  const known = new Map<string, Map<string, number>>()
  for (const u of earlier) {
    const revisions = known.get(u.key) ?? new Map<string, number>()
    revisions.set(skillSet(u.skillIds), u.revision)
    known.set(u.key, revisions)
  }
  return units.map((u) => {
    const revisions = known.get(u.key)
    if (!revisions) return 1
    return revisions.get(skillSet(u.skillIds)) ?? Math.max(...revisions.values()) + 1
  })
}

/**
 * The xAPI activity IRI of a unit identity: `{publicUrl}/modules/{moduleId}/units/{key}` for its
 * first revision, with `/revisions/{n}` after it for a later one; the key percent-encoded. The
 * same in every version that holds the unit, so statements keep working across versions.
 * {@link parseActivityId} reverses it.
 */
export function activityIdOf (publicUrl: string, moduleId: string, key: string, revision: number): string {
  const iri = `${publicUrl}/modules/${moduleId}/units/${encodeURIComponent(key)}`
  return revision > 1 ? `${iri}/revisions/${revision}` : iri
}

/**
 * What an activity IRI names: a unit identity (`revision`), or, in the form used before units kept
 * their identity (`{publicUrl}/modules/{moduleId}/versions/{version}/units/{key}`), the unit of
 * one version (`version`), whose identity the caller looks up.
 */
export type ActivityRef =
  | { moduleId: string, key: string, revision: number }
  | { moduleId: string, key: string, version: number }

const CURRENT_FORM = /^([^/]+)\/units\/([^/]+)(?:\/revisions\/([1-9][0-9]{0,8}))?$/
const VERSIONED_FORM = /^([^/]+)\/versions\/([1-9][0-9]{0,8})\/units\/([^/]+)$/

/** Reads a unit activity IRI made for this `publicUrl` (either form); undefined for any other IRI. */
export function parseActivityId (publicUrl: string, iri: string): ActivityRef | undefined {
  if (!iri.startsWith(`${publicUrl}/modules/`)) return undefined
  const rest = iri.slice(publicUrl.length + '/modules/'.length)
  try {
    const current = CURRENT_FORM.exec(rest)
    if (current) return { moduleId: current[1]!, key: decodeURIComponent(current[2]!), revision: current[3] ? Number(current[3]) : 1 }
    const versioned = VERSIONED_FORM.exec(rest)
    if (versioned) return { moduleId: versioned[1]!, key: decodeURIComponent(versioned[3]!), version: Number(versioned[2]) }
  } catch {
    // a broken percent escape names no unit
  }
  return undefined
}

/** A unit's identity across the versions of its module, as one string (see {@link assignRevisions}). */
export function unitIdentityOf (moduleId: string, key: string, revision: number): string {
  return `${moduleId}/${key}/${revision}`
}
