import t from 'tap'
import {
  activityIdOf, assignRevisions, checkPublishable, findDuplicateUnitKey, findUnknownSkill, parseActivityId
} from '../src/features/catalogue/module-rules.ts'
import { draftScopeOf, managesProvider } from '../src/lib/access-policy.ts'
import type { Principal } from '../src/lib/principal.ts'

const URL = 'https://stapsteen.example.nl'

t.test('findDuplicateUnitKey points at the first repeated key, ignoring case', async (t) => {
  t.equal(findDuplicateUnitKey([]), undefined)
  t.equal(findDuplicateUnitKey([{ key: 'les-1' }, { key: 'les-2' }]), undefined)
  t.same(findDuplicateUnitKey([{ key: 'les-1' }, { key: 'les-2' }, { key: 'les-3' }, { key: 'Les-2' }]), {
    pointer: '#/units/3/key', code: 'duplicate-unit-key', detail: 'unit key Les-2 is already used by unit 1'
  })
})

t.test('findUnknownSkill points into the unit and its skill list', async (t) => {
  const known = new Set(['skl_a', 'skl_b'])
  t.equal(findUnknownSkill([{ skillIds: ['skl_a'] }, { skillIds: ['skl_b', 'skl_a'] }], known), undefined)
  t.same(findUnknownSkill([{ skillIds: ['skl_a'] }, { skillIds: ['skl_b', 'skl_x'] }], known), {
    pointer: '#/units/1/skillIds/1', code: 'unknown-skill', detail: 'skill skl_x does not exist'
  })
})

t.test('checkPublishable: units needed, and the kind must fit the skills', async (t) => {
  const kinds = new Map([['skl_taal', 'basic'], ['skl_reken', 'basic'], ['skl_heftruck', 'vocational']] as const)
  t.match(checkPublishable({ kind: 'basic', units: [] }, kinds), { pointer: '#/units', code: 'no-units' })
  t.equal(checkPublishable({ kind: 'basic', units: [{ skillIds: ['skl_taal'] }, { skillIds: ['skl_reken'] }] }, kinds), undefined)
  t.equal(checkPublishable({ kind: 'vocational', units: [{ skillIds: ['skl_heftruck'] }] }, kinds), undefined)
  t.equal(checkPublishable({ kind: 'combined', units: [{ skillIds: ['skl_taal'] }, { skillIds: ['skl_heftruck'] }] }, kinds), undefined)
  t.same(checkPublishable({ kind: 'basic', units: [{ skillIds: ['skl_taal'] }, { skillIds: ['skl_reken', 'skl_heftruck'] }] }, kinds), {
    pointer: '#/units/1/skillIds/1', code: 'kind-mismatch', detail: 'a basic module holds only basic skills; skill skl_heftruck is vocational'
  })
  t.match(checkPublishable({ kind: 'vocational', units: [{ skillIds: ['skl_taal'] }] }, kinds),
    { pointer: '#/units/0/skillIds/0', code: 'kind-mismatch' })
  t.match(checkPublishable({ kind: 'combined', units: [{ skillIds: ['skl_taal', 'skl_reken'] }] }, kinds),
    { pointer: '#/kind', code: 'kind-mismatch', detail: /no vocational skill/ })
  t.match(checkPublishable({ kind: 'combined', units: [{ skillIds: ['skl_heftruck'] }] }, kinds),
    { pointer: '#/kind', code: 'kind-mismatch', detail: /no basic skill/ })
  t.equal(checkPublishable({ kind: 'basic', units: [{ skillIds: ['skl_gone', 'skl_taal'] }] }, kinds), undefined,
    'skills that no longer resolve are not this check\'s business')
})

t.test('draft scope: service admins all, region admins their regions, providers themselves, others none', async (t) => {
  const principal = (p: Partial<Principal>): Principal => ({ keyId: 'key_x', role: 'coach', organisationId: 'org_m', regionIds: ['reg_a'], ...p })
  const providerA = { id: 'org_a', regionIds: ['reg_a'] }
  const providerAB = { id: 'org_ab', regionIds: ['reg_a', 'reg_b'] }
  const service = draftScopeOf(principal({ role: 'admin', organisationId: null, regionIds: null }))
  t.same(service, { kind: 'all' })
  t.equal(managesProvider(service, providerA), true)
  const adminB = draftScopeOf(principal({ role: 'admin', regionIds: ['reg_b'] }))
  t.same(adminB, { kind: 'regions', regionIds: ['reg_b'] })
  t.equal(managesProvider(adminB, providerA), false)
  t.equal(managesProvider(adminB, providerAB), true)
  const own = draftScopeOf(principal({ role: 'provider', organisationId: 'org_a' }))
  t.same(own, { kind: 'provider', providerId: 'org_a' })
  t.equal(managesProvider(own, providerA), true)
  t.equal(managesProvider(own, providerAB), false)
  for (const role of ['coach', 'employer', 'analyst'] as const) {
    const scope = draftScopeOf(principal({ role }))
    t.same(scope, { kind: 'none' }, role)
    t.equal(managesProvider(scope, providerA), false, role)
  }
  t.same(draftScopeOf(principal({ role: 'provider', organisationId: null })), { kind: 'none' })
})

t.test('activity IRIs name module, unit key and, after the first, revision, and read back', async (t) => {
  const iri = activityIdOf(URL, 'mod_1', 'les 1/a', 1)
  t.equal(iri, 'https://stapsteen.example.nl/modules/mod_1/units/les%201%2Fa')
  t.same(parseActivityId(URL, iri), { moduleId: 'mod_1', key: 'les 1/a', revision: 1 })
  t.equal(activityIdOf(URL, 'mod_1', 'les-1', 3), 'https://stapsteen.example.nl/modules/mod_1/units/les-1/revisions/3')
  t.same(parseActivityId(URL, activityIdOf(URL, 'mod_1', 'les-1', 3)), { moduleId: 'mod_1', key: 'les-1', revision: 3 })
  t.same(parseActivityId(URL, `${URL}/modules/mod_1/versions/2/units/les%201%2Fa`), { moduleId: 'mod_1', key: 'les 1/a', version: 2 },
    'the older form naming a version still reads')
  t.equal(parseActivityId(URL, 'https://elders.example.nl/modules/mod_1/units/les-1'), undefined, 'another host')
  t.equal(parseActivityId(URL, `${URL}/modules/mod_1/versions/0/units/les-1`), undefined, 'version 0')
  t.equal(parseActivityId(URL, `${URL}/modules/mod_1/units/les-1/revisions/0`), undefined, 'revision 0')
  t.equal(parseActivityId(URL, `${URL}/modules/mod_1/versions/2/units/les-1/extra`), undefined)
  t.equal(parseActivityId(URL, `${URL}/modules/mod_1/units/les-1/extra`), undefined)
  t.equal(parseActivityId(URL, `${URL}/modules/mod_1/units/%E0%A4%A`), undefined, 'broken escape')
  t.equal(parseActivityId(URL, `${URL}/modules/mod_1/versions/2/units/%E0%A4%A`), undefined, 'broken escape, older form')
})

t.test('assignRevisions: a key keeps its revision while its skills stay the same, in any order', async (t) => {
  const earlier = [
    { key: 'les-1', revision: 1, skillIds: ['skl_a', 'skl_b'] },
    { key: 'les-2', revision: 1, skillIds: ['skl_a'] },
    { key: 'les-2', revision: 2, skillIds: ['skl_c'] }
  ]
  t.same(assignRevisions([], [{ key: 'les-1', skillIds: ['skl_a'] }]), [1], 'a new module starts at 1')
  t.same(assignRevisions(earlier, [
    { key: 'les-1', skillIds: ['skl_b', 'skl_a'] },
    { key: 'les-2', skillIds: ['skl_a'] },
    { key: 'les-3', skillIds: ['skl_a'] }
  ]), [1, 1, 1], 'same skills in another order, an earlier revision come back, a new key')
  t.same(assignRevisions(earlier, [{ key: 'les-1', skillIds: ['skl_a'] }, { key: 'les-2', skillIds: ['skl_a', 'skl_c'] }]), [2, 3],
    'changed skills start the next revision of the key')
  t.same(assignRevisions(earlier, [{ key: 'LES-1', skillIds: ['skl_a', 'skl_b'] }]), [1], 'keys are exact: LES-1 is a new key')
})
