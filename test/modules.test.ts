import t from 'tap'
import { build, call } from './helpers/build.ts'
import { seedWorld } from './helpers/world.ts'
import { createModule, magazijnModule, seedSkills } from './helpers/catalogue.ts'
import { createModuleRepository } from '../src/features/catalogue/module-repository.ts'

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const BASE = 'http://localhost:3000'

/** Rows per catalogue table, to prove that a rejected request wrote nothing. */
function counts (app: Awaited<ReturnType<typeof build>>) {
  const count = (table: string) => (app.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n
  return { modules: count('modules'), versions: count('module_versions'), units: count('units'), links: count('unit_skills') }
}

t.test('a provider creates a module: version 1 is a draft with units mapped to skills', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const s = await seedSkills(app, w)
  const res = await call(app, w.keysA.provider, 'POST', '/v1/modules', magazijnModule(s, { title: ' Veilig werken in het magazijn ' }))
  t.equal(res.status, 201)
  const m = res.body
  t.match(m, { id: /^mod_[0-9a-z]{20}$/, createdAt: ISO, current: { units: [{ id: /^unt_[0-9a-z]{20}$/ }, { id: /^unt_[0-9a-z]{20}$/ }] } })
  t.same(m, {
    id: m.id,
    providerId: w.orgs.providerA,
    code: 'VWM-01',
    createdAt: m.createdAt,
    latestVersion: 1,
    publishedVersion: null,
    current: {
      moduleId: m.id,
      version: 1,
      status: 'draft',
      title: 'Veilig werken in het magazijn',
      description: 'Korte module voor orderpickers en magazijnmedewerkers in de logistiek.',
      kind: 'vocational',
      hours: 16,
      nlqfLevel: '2',
      eqfLevel: 2,
      crebo: '25457',
      workProcess: 'B1-K1-W2',
      learningOutcomes: ['Werkt volgens de veiligheidsregels van het magazijn', 'Rijdt veilig met een heftruck'],
      units: [{
        id: m.current.units[0].id,
        key: 'les-1',
        revision: 1,
        title: 'Veiligheidsregels en beschermingsmiddelen',
        description: null,
        skillIds: [s.veilig],
        activityId: `${BASE}/modules/${m.id}/units/les-1`
      }, {
        id: m.current.units[1].id,
        key: 'les-2',
        revision: 1,
        title: 'Heftruck rijden in de praktijk',
        description: 'Praktijkles op de werkvloer met een leermeester.',
        skillIds: [s.heftruck, s.veilig],
        activityId: `${BASE}/modules/${m.id}/units/les-2`
      }],
      createdAt: m.createdAt,
      updatedAt: m.createdAt,
      publishedAt: null
    }
  })
  const read = await call(app, w.keysA.provider, 'GET', `/v1/modules/${m.id}`)
  t.equal(read.status, 200)
  t.same(read.body, m)

  const minimal = await call(app, w.keysA.provider, 'POST', '/v1/modules', {
    providerId: w.orgs.providerA, code: 'TAAL.1', title: 'Taal op de werkvloer', kind: 'basic', hours: 12.5
  })
  t.equal(minimal.status, 201)
  t.match(minimal.body.current, {
    description: null, nlqfLevel: null, eqfLevel: null, crebo: null, workProcess: null, learningOutcomes: [], units: [], hours: 12.5
  })
  const byAdmin = await call(app, w.keysA.admin, 'POST', '/v1/modules', magazijnModule(s, { providerId: w.orgs.providerA, code: 'VWM-02' }))
  t.equal(byAdmin.status, 201)
  t.equal(byAdmin.body.providerId, w.orgs.providerA)
})

t.test('invalid bodies get a problem with the field pointer and write nothing', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const s = await seedSkills(app, w)
  const unit = (i: number) => ({ key: `les-${i}`, title: `Les ${i}`, skillIds: [s.veilig] })
  const cases: Array<[Record<string, unknown>, string, string]> = [
    [{ colour: 'oranje' }, '#/colour', 'unknown-field'],
    [{ units: [{ ...unit(0), colour: 'oranje' }] }, '#/units/0/colour', 'unknown-field'],
    [{ code: undefined }, '#/code', 'missing-field'],
    [{ hours: '16' }, '#/hours', 'invalid-type'],
    [{ hours: 0 }, '#/hours', 'invalid-exclusive-minimum'],
    [{ hours: 1001 }, '#/hours', 'invalid-maximum'],
    [{ title: 'x'.repeat(201) }, '#/title', 'invalid-max-length'],
    [{ description: 'x'.repeat(4001) }, '#/description', 'invalid-max-length'],
    [{ kind: 'beroeps' }, '#/kind', 'invalid-enum'],
    [{ code: '-VWM' }, '#/code', 'invalid-pattern'],
    [{ code: 'V'.repeat(41) }, '#/code', 'invalid-pattern'],
    [{ crebo: '2545' }, '#/crebo', 'invalid-pattern'],
    [{ workProcess: 'K1-W2' }, '#/workProcess', 'invalid-pattern'],
    [{ nlqfLevel: 'niveau 2' }, '#/nlqfLevel', 'invalid-enum'],
    [{ eqfLevel: 9 }, '#/eqfLevel', 'invalid-maximum'],
    [{ eqfLevel: 2.5 }, '#/eqfLevel', 'invalid-type'],
    [{ learningOutcomes: Array.from({ length: 51 }, (_, i) => `Uitkomst ${i}`) }, '#/learningOutcomes', 'invalid-max-items'],
    [{ learningOutcomes: ['x'.repeat(501)] }, '#/learningOutcomes/0', 'invalid-max-length'],
    [{ units: Array.from({ length: 101 }, (_, i) => unit(i)) }, '#/units', 'invalid-max-items'],
    [{ units: [unit(0), { ...unit(1), title: 'x'.repeat(201) }] }, '#/units/1/title', 'invalid-max-length'],
    [{ units: [{ ...unit(0), key: 'les 1' }] }, '#/units/0/key', 'invalid-pattern'],
    [{ units: [{ ...unit(0), skillIds: [] }] }, '#/units/0/skillIds', 'invalid-min-items'],
    [{ units: [{ ...unit(0), skillIds: [s.veilig, s.veilig] }] }, '#/units/0/skillIds', 'invalid-unique-items'],
    [{ units: [{ ...unit(0), skillIds: ['heftruck'] }] }, '#/units/0/skillIds/0', 'invalid-pattern']
  ]
  for (const [changes, pointer, code] of cases) {
    const res = await call(app, w.keysA.provider, 'POST', '/v1/modules', magazijnModule(s, changes))
    t.equal(res.status, 400, pointer)
    t.equal(res.type, 'application/problem+json; charset=utf-8')
    t.equal(res.body.code, 'validation-failed', pointer)
    t.match(res.body.errors, [{ pointer, code, in: 'body' }], pointer)
  }

  const rules: Array<[string, Record<string, unknown>, number, string, string]> = [
    ['duplicate unit keys', { units: [unit(0), unit(1), unit(2), { ...unit(1), key: 'LES-1' }] }, 400, 'duplicate-unit-key', '#/units/3/key'],
    ['an unknown skill', { units: [{ ...unit(0), skillIds: [s.veilig, 'skl_aaaaaaaaaaaaaaaaaaaa'] }] }, 400, 'unknown-skill', '#/units/0/skillIds/1'],
    ['an admin without providerId', { key: w.keysA.admin }, 400, 'provider-required', '#/providerId'],
    ['an admin naming a provider outside its region', { key: w.keysA.admin, providerId: w.orgs.providerB }, 400, 'unknown-provider', '#/providerId'],
    ['an admin naming an employer', { key: w.keysA.admin, providerId: w.orgs.employerA }, 400, 'unknown-provider', '#/providerId'],
    ['an admin naming nothing that exists', { key: w.admin, providerId: 'org_aaaaaaaaaaaaaaaaaaaa' }, 400, 'unknown-provider', '#/providerId']
  ]
  for (const [what, { key, ...changes }, status, code, pointer] of rules) {
    const res = await call(app, (key as string | undefined) ?? w.keysA.provider, 'POST', '/v1/modules', magazijnModule(s, changes))
    t.equal(res.status, status, what)
    t.match(res.body, { code, errors: [{ pointer, code, in: 'body' }] }, what)
  }
  const otherProvider = await call(app, w.keysA.provider, 'POST', '/v1/modules', magazijnModule(s, { providerId: w.orgs.providerB }))
  t.equal(otherProvider.status, 403)
  t.equal(otherProvider.body.code, 'forbidden')

  t.same(counts(app), { modules: 0, versions: 0, units: 0, links: 0 })
  t.same((await call(app, w.admin, 'GET', '/v1/modules')).body, { items: [], nextCursor: null })
})

t.test('a code is unique per provider, whatever its case', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const s = await seedSkills(app, w)
  await createModule(app, w.keysA.provider, magazijnModule(s))
  const before = counts(app)
  const again = await call(app, w.keysA.provider, 'POST', '/v1/modules', magazijnModule(s, { code: 'vwm-01', title: 'Iets anders' }))
  t.equal(again.status, 409)
  t.match(again.body, { code: 'duplicate-code', errors: [{ pointer: '#/code', code: 'duplicate-code' }] })
  t.same(counts(app), before)
  const otherProvider = await call(app, w.keysB.provider, 'POST', '/v1/modules', magazijnModule(s))
  t.equal(otherProvider.status, 201, 'another provider may use the same code')
})

t.test('one transaction: a write that fails half-way leaves nothing behind', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const s = await seedSkills(app, w)
  const repo = createModuleRepository(app.db)
  const values = { title: 'Orderpicken', description: null, kind: 'vocational' as const, hours: 8, nlqfLevel: null, eqfLevel: null, crebo: null, workProcess: null, learningOutcomes: [] }
  const module = { id: 'mod_aaaaaaaaaaaaaaaaaaaa', providerId: w.orgs.providerA, code: 'OP-1', createdAt: new Date().toISOString() }
  // the second skill does not exist, so the foreign key fails after module, version and units are written
  t.throws(() => repo.create(module, values, [{ key: 'les-1', title: 'Picken', description: null, skillIds: [s.orderpicken, 'skl_gone'] }]))
  t.same(counts(app), { modules: 0, versions: 0, units: 0, links: 0 })
})

t.test('access: 401 without a key, 403 for roles that may not write, 403 for another provider\'s module, 404 for unknown ids', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const s = await seedSkills(app, w)
  const m = await createModule(app, w.keysA.provider, magazijnModule(s))
  const draftOnly = await createModule(app, w.keysA.provider, magazijnModule(s, { code: 'VWM-02' }))
  t.equal((await call(app, w.keysA.provider, 'POST', `/v1/modules/${m.id}/publish`)).status, 200)
  const unknown = 'mod_aaaaaaaaaaaaaaaaaaaa'
  const writes: Array<[string, string, unknown]> = [
    ['POST', '/v1/modules', magazijnModule(s, { code: 'NIEUW' })],
    ['PATCH', `/v1/modules/${m.id}`, { hours: 20 }],
    ['POST', `/v1/modules/${m.id}/publish`, undefined]
  ]
  const reads = ['/v1/modules', `/v1/modules/${m.id}`, `/v1/modules/${m.id}/versions`, `/v1/modules/${m.id}/versions/1`]
  for (const [method, url, body] of writes) {
    t.equal((await call(app, null, method as 'POST', url, body)).status, 401, `${method} ${url}`)
    for (const role of ['coach', 'employer', 'analyst'] as const) {
      const res = await call(app, w.keysA[role], method as 'POST', url, body)
      t.equal(res.status, 403, `${role} ${method} ${url}`)
      t.equal(res.body.code, 'forbidden-role', `${role} ${method} ${url}`)
    }
  }
  for (const url of reads) t.equal((await call(app, null, 'GET', url)).status, 401, url)
  for (const [method, url, body] of writes.slice(1)) {
    for (const key of [w.keysB.provider, w.keysB.admin]) {
      const res = await call(app, key, method as 'POST', url, body)
      t.equal(res.status, 403, `another provider or region: ${method} ${url}`)
      t.equal(res.body.code, 'forbidden')
    }
    // a module whose only version is a draft is invisible to them, so it is unknown
    const hidden = await call(app, w.keysB.provider, method as 'POST', url.replace(m.id, draftOnly.id), body)
    t.equal(hidden.status, 404)
    const missing = await call(app, w.keysA.provider, method as 'POST', url.replace(m.id, unknown), body)
    t.equal(missing.status, 404, `${method} unknown`)
    t.match(missing.body, { code: 'not-found', detail: `module ${unknown} does not exist` })
  }
  for (const url of reads.slice(1)) {
    const res = await call(app, w.keysA.coach, 'GET', url.replace(m.id, unknown))
    t.equal(res.status, 404, url)
    t.equal(res.body.code, 'not-found', url)
  }
  const noVersion = await call(app, w.keysA.coach, 'GET', `/v1/modules/${m.id}/versions/7`)
  t.match(noVersion.body, { status: 404, code: 'not-found', detail: `module version ${m.id}/7 does not exist` })
  const badVersion = await call(app, w.keysA.coach, 'GET', `/v1/modules/${m.id}/versions/een`)
  t.match(badVersion.body, { status: 400, errors: [{ pointer: '#/version', in: 'params' }] })
  t.equal((await call(app, w.admin, 'GET', `/v1/modules/${m.id}`)).body.latestVersion, 1, 'nothing was changed by the refused writes')
})

t.test('lists filter by provider, kind and text, page by cursor, and hide drafts from those who do not manage them', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const s = await seedSkills(app, w)
  const a1 = await createModule(app, w.keysA.provider, magazijnModule(s))
  const a2 = await createModule(app, w.keysA.provider, magazijnModule(s, {
    code: 'TAAL-1', title: 'Taal op de werkvloer', kind: 'basic', units: [{ key: 'lezen', title: 'Werkinstructies lezen', skillIds: [s.lezen] }]
  }))
  const b1 = await createModule(app, w.keysB.provider, magazijnModule(s, { code: 'OP-1', title: 'Orderpicken met scanner' }))
  for (const [key, m] of [[w.keysA.provider, a1], [w.keysB.provider, b1]] as const) {
    t.equal((await call(app, key, 'POST', `/v1/modules/${m.id}/publish`)).status, 200)
  }
  const ids = async (key: string, query = '') => (await call(app, key, 'GET', `/v1/modules${query}`)).body.items.map((m: { id: string }) => m.id)
  t.same(await ids(w.admin), [a1.id, a2.id, b1.id])
  t.same(await ids(w.keysA.provider), [a1.id, a2.id, b1.id], 'a provider sees its own draft')
  t.same(await ids(w.keysA.admin), [a1.id, a2.id, b1.id], 'an admin sees drafts of providers in its region')
  t.same(await ids(w.keysB.admin), [a1.id, b1.id], 'not of providers elsewhere')
  t.same(await ids(w.keysB.provider), [a1.id, b1.id])
  for (const role of ['coach', 'employer', 'analyst'] as const) t.same(await ids(w.keysA[role]), [a1.id, b1.id], role)
  t.equal((await call(app, w.keysA.coach, 'GET', `/v1/modules/${a2.id}`)).status, 404, 'a draft-only module is unknown to a coach')
  t.equal((await call(app, w.keysB.admin, 'GET', `/v1/modules/${a2.id}/versions`)).status, 404)

  t.same(await ids(w.admin, `?providerId=${w.orgs.providerA}`), [a1.id, a2.id])
  t.same(await ids(w.admin, '?kind=basic'), [a2.id])
  t.same(await ids(w.admin, '?q=MAGAZIJN'), [a1.id])
  t.same(await ids(w.admin, '?q=op-1'), [b1.id], 'q matches the code too')
  t.same(await ids(w.keysA.coach, '?kind=basic'), [])

  const first = await call(app, w.keysA.coach, 'GET', '/v1/modules?limit=1')
  t.same(first.body.items[0], (await call(app, w.keysA.coach, 'GET', `/v1/modules/${a1.id}`)).body, 'list items are module views')
  const second = await call(app, w.keysA.coach, 'GET', `/v1/modules?limit=1&cursor=${first.body.nextCursor}`)
  t.same(second.body.items.map((m: { id: string }) => m.id), [b1.id])
  t.equal(second.body.nextCursor, null)

  const bad: Array<[string, string, string]> = [
    ['?kind=beroeps', '#/kind', 'invalid-enum'],
    [`?q=${'x'.repeat(101)}`, '#/q', 'invalid-max-length'],
    ['?code=VWM', '#/code', 'unknown-field']
  ]
  for (const [query, pointer, code] of bad) {
    const res = await call(app, w.keysA.coach, 'GET', `/v1/modules${query}`)
    t.match(res.body, { status: 400, code: 'validation-failed', errors: [{ pointer, code, in: 'querystring' }] }, query)
  }
})
