import t from 'tap'
import {
  heldByAny, holdsEveryUnit, isComplete, newestComplete, pathwayCredentialChanges, type VersionUnits
} from '../src/features/credentials/completeness.ts'

/** A version of `moduleId` whose units have these identities. */
const version = (moduleId: string, n: number, identities: string[]): VersionUnits =>
  ({ moduleVersionId: `${moduleId}-v${n}`, module: { moduleId, version: n }, units: identities.map((identity) => ({ identity })) })

// module mod_a: v1 has les-1 and les-2; v2 renames the module (same units); v3 adds les-3; v4 changes the skills of les-2 (revision 2)
const v1 = version('mod_a', 1, ['mod_a/les-1', 'mod_a/les-2'])
const v2 = version('mod_a', 2, ['mod_a/les-1', 'mod_a/les-2'])
const v3 = version('mod_a', 3, ['mod_a/les-1', 'mod_a/les-2', 'mod_a/les-3'])
const v4 = version('mod_a', 4, ['mod_a/les-1', 'mod_a/les-2/2'])
const other = version('mod_b', 1, ['mod_b/les-1', 'mod_b/les-2'])
const done = (...identities: string[]) => new Set(identities)

t.test('a version is complete when every unit identity is done, whichever version recorded it; one without units never is', async (t) => {
  t.equal(isComplete(v1, done('mod_a/les-1', 'mod_a/les-2')), true)
  t.equal(isComplete(v1, done('mod_a/les-1')), false)
  t.equal(isComplete(v4, done('mod_a/les-1', 'mod_a/les-2')), false, 'les-2 with other skills is another unit')
  t.equal(isComplete(v4, done('mod_a/les-1', 'mod_a/les-2/2')), true)
  t.equal(isComplete(version('mod_a', 5, []), done('mod_a/les-1')), false)
})

t.test('the newest complete version is the highest number whose units are all done, in any order given', async (t) => {
  const both = done('mod_a/les-1', 'mod_a/les-2')
  t.equal(newestComplete([v1, v2, v3], both), v2)
  t.equal(newestComplete([v2, v1], both), v2)
  t.equal(newestComplete([v3, v1], both), v1, 'v3 lacks les-3')
  t.equal(newestComplete([v3, v1], done('mod_a/les-1', 'mod_a/les-2', 'mod_a/les-3')), v3)
  t.equal(newestComplete([v1, v2], done('mod_a/les-1')), undefined)
  t.equal(newestComplete([], both), undefined)
})

t.test('a credential holds a version when it is of the same module and has all its units', async (t) => {
  t.equal(holdsEveryUnit(v1, v2), true, 'a renamed version holds nothing new')
  t.equal(holdsEveryUnit(v3, v1), true, 'a larger version holds the smaller')
  t.equal(holdsEveryUnit(v1, v3), false)
  t.equal(holdsEveryUnit(v1, v4), false, 'a new revision of a unit is not held')
  t.equal(holdsEveryUnit(other, version('mod_c', 1, ['mod_b/les-1', 'mod_b/les-2'])), false, 'another module never holds it')
})

t.test('a completion makes the newest complete version due unless a held or queued credential holds its units', async (t) => {
  /** the rule as features/credentials/queue.ts applies it */
  const due = (named: VersionUnits[], done: Set<string>, held: VersionUnits[], queued: VersionUnits[] = []) => {
    const complete = newestComplete(named, done)
    return complete && !heldByAny(complete, held) && !heldByAny(complete, queued) ? complete : undefined
  }
  const both = done('mod_a/les-1', 'mod_a/les-2')
  t.equal(due([v1], done('mod_a/les-1'), []), undefined, 'not complete yet')
  t.equal(due([v1], both, []), v1)
  t.equal(due([v1, v2], both, []), v2, 'the newest version named')
  t.equal(due([v2], both, [v1]), undefined, 'a valid credential of v1 holds renamed v2')
  t.equal(due([v2], both, [], [v1]), undefined, 'a queued one too')
  t.equal(due([v2], both, [other]), v2, 'another module\'s credential holds nothing here')
  t.equal(due([v1, v3], done('mod_a/les-1', 'mod_a/les-2', 'mod_a/les-3'), [v1]), v3, 'v3 has a unit v1 does not')
  t.equal(heldByAny(v1, []), false)
  t.equal(heldByAny(v1, [other, v3]), true, 'any one of them will do')
})

t.test('path credentials: issue those met and not held, revoke those held and no longer met', async (t) => {
  const paths = [
    { pathwayId: 'pwy_met_held', met: true },
    { pathwayId: 'pwy_met_new', met: true },
    { pathwayId: 'pwy_lapsed', met: false },
    { pathwayId: 'pwy_never', met: false }
  ]
  const { due, lapsed } = pathwayCredentialChanges(paths, new Set(['pwy_met_held', 'pwy_lapsed']))
  t.same(due.map((p) => p.pathwayId), ['pwy_met_new'])
  t.same(lapsed.map((p) => p.pathwayId), ['pwy_lapsed'])
  t.same(pathwayCredentialChanges([], new Set(['pwy_lapsed'])), { due: [], lapsed: [] })
})
