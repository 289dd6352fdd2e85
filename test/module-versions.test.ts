import t from 'tap'
import { build, call } from './helpers/build.ts'
import { seedWorld } from './helpers/world.ts'
import { createModule, magazijnModule, seedSkills } from './helpers/catalogue.ts'
import { createModuleRepository } from '../src/features/catalogue/module-repository.ts'
import { parseActivityId } from '../src/features/catalogue/module-rules.ts'

const BASE = 'http://localhost:3000'
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const numbers = (body: { items: Array<{ version: number }> }) => body.items.map((v) => v.version)

t.test('a draft changes in place until it is published', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const s = await seedSkills(app, w)
  const m = await createModule(app, w.keysA.provider, magazijnModule(s))
  const res = await call(app, w.keysA.provider, 'PATCH', `/v1/modules/${m.id}`, {
    title: 'Veilig en gezond werken in het magazijn',
    description: null,
    hours: 20,
    crebo: null,
    units: [
      { key: 'les-1', title: 'Tillen en reiken', skillIds: [s.veilig] },
      { key: 'les-2', title: 'Orderpicken met de scanner', skillIds: [s.orderpicken] },
      { key: 'les-3', title: 'Heftruck rijden', skillIds: [s.heftruck] }
    ]
  })
  t.equal(res.status, 200)
  t.match(res.body, { id: m.id, latestVersion: 1, publishedVersion: null })
  const v = res.body.current
  t.match(v, {
    version: 1,
    status: 'draft',
    title: 'Veilig en gezond werken in het magazijn',
    description: null,
    hours: 20,
    crebo: null,
    nlqfLevel: '2',
    workProcess: 'B1-K1-W2',
    learningOutcomes: m.current.learningOutcomes,
    createdAt: m.current.createdAt,
    updatedAt: ISO,
    publishedAt: null
  })
  t.ok(v.updatedAt >= m.current.updatedAt)
  t.same(v.units.map((u: { key: string, skillIds: string[] }) => [u.key, u.skillIds]),
    [['les-1', [s.veilig]], ['les-2', [s.orderpicken]], ['les-3', [s.heftruck]]])
  const versions = await call(app, w.keysA.provider, 'GET', `/v1/modules/${m.id}/versions`)
  t.same(numbers(versions.body), [1])
  const counts = app.db.$client.prepare('select count(*) as n from units').get() as { n: number }
  t.equal(counts.n, 3, 'the old units are gone, not kept beside the new ones')
})

t.test('publishing freezes a version; a change makes a new draft version', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const s = await seedSkills(app, w)
  const m = await createModule(app, w.keysA.provider, magazijnModule(s))

  const published = await call(app, w.keysA.provider, 'POST', `/v1/modules/${m.id}/publish`)
  t.equal(published.status, 200)
  t.same(published.body, { ...m.current, status: 'published', updatedAt: published.body.updatedAt, publishedAt: published.body.publishedAt })
  t.match(published.body, { publishedAt: ISO })
  const again = await call(app, w.keysA.provider, 'POST', `/v1/modules/${m.id}/publish`)
  t.equal(again.status, 409)
  t.equal(again.body.code, 'nothing-to-publish')

  const v1 = (await call(app, w.keysA.coach, 'GET', `/v1/modules/${m.id}/versions/1`)).body
  t.same(v1, published.body)

  const patched = await call(app, w.keysA.admin, 'PATCH', `/v1/modules/${m.id}`, { hours: 24, learningOutcomes: ['Werkt veilig met de heftruck'] })
  t.equal(patched.status, 200)
  t.match(patched.body, { latestVersion: 2, publishedVersion: 1 })
  const v2 = patched.body.current
  t.match(v2, { version: 2, status: 'draft', hours: 24, learningOutcomes: ['Werkt veilig met de heftruck'], title: v1.title, crebo: '25457', publishedAt: null })
  t.same(v2.units.map((u: { key: string, title: string, skillIds: string[] }) => [u.key, u.title, u.skillIds]),
    v1.units.map((u: { key: string, title: string, skillIds: string[] }) => [u.key, u.title, u.skillIds]), 'units are copied')
  t.not(v2.units[0].id, v1.units[0].id, 'each version has its own units')
  t.same(v2.units.map((u: { activityId: string }) => u.activityId), v1.units.map((u: { activityId: string }) => u.activityId), 'a unit kept keeps its activity IRI')
  t.equal(v2.units[1].activityId, `${BASE}/modules/${m.id}/units/les-2`)

  t.same((await call(app, w.keysA.provider, 'GET', `/v1/modules/${m.id}/versions/1`)).body, v1, 'version 1 is unchanged')
  const asCoach = (await call(app, w.keysA.coach, 'GET', `/v1/modules/${m.id}`)).body
  t.match(asCoach, { latestVersion: 1, publishedVersion: 1, current: { version: 1, hours: 16 } }, 'others still see version 1')
  t.same(numbers((await call(app, w.keysA.coach, 'GET', `/v1/modules/${m.id}/versions`)).body), [1])
  t.same(numbers((await call(app, w.keysA.provider, 'GET', `/v1/modules/${m.id}/versions`)).body), [1, 2])
  t.equal((await call(app, w.keysA.coach, 'GET', `/v1/modules/${m.id}/versions/2`)).status, 404, 'the draft is not theirs to see')
  t.equal((await call(app, w.keysB.admin, 'GET', `/v1/modules/${m.id}/versions/2`)).status, 404, 'nor another region\'s admin\'s')
  t.same((await call(app, w.keysA.admin, 'GET', `/v1/modules/${m.id}/versions/2`)).body, v2)

  const second = await call(app, w.keysA.provider, 'PATCH', `/v1/modules/${m.id}`, { title: 'Veilig werken in het magazijn (2025)' })
  t.match(second.body, { latestVersion: 2, current: { version: 2, hours: 24, title: 'Veilig werken in het magazijn (2025)' } }, 'the draft changes in place')
  const publish2 = await call(app, w.keysA.provider, 'POST', `/v1/modules/${m.id}/publish`)
  t.match(publish2.body, { version: 2, status: 'published' })
  t.match((await call(app, w.keysA.employer, 'GET', `/v1/modules/${m.id}`)).body, { latestVersion: 2, publishedVersion: 2, current: { version: 2 } })

  const page1 = await call(app, w.keysA.coach, 'GET', `/v1/modules/${m.id}/versions?limit=1`)
  t.same(numbers(page1.body), [1])
  const page2 = await call(app, w.keysA.coach, 'GET', `/v1/modules/${m.id}/versions?limit=1&cursor=${page1.body.nextCursor}`)
  t.same(numbers(page2.body), [2])
  t.equal(page2.body.nextCursor, null)
  t.same(page2.body.items[0], publish2.body)
})

t.test('publishing checks units and that the kind fits the skills, and changes nothing when refused', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const s = await seedSkills(app, w)
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ['no units', { units: [] }, 'no-units', '#/units'],
    ['a vocational skill in a basic module', {
      kind: 'basic',
      units: [{ key: 'lezen', title: 'Werkinstructies lezen', skillIds: [s.lezen] }, { key: 'rijden', title: 'Heftruck', skillIds: [s.rekenen, s.heftruck] }]
    }, 'kind-mismatch', '#/units/1/skillIds/1'],
    ['a basic skill in a vocational module', { units: [{ key: 'les-1', title: 'Lezen', skillIds: [s.lezen] }] }, 'kind-mismatch', '#/units/0/skillIds/0'],
    ['a combined module without basic skills', { kind: 'combined' }, 'kind-mismatch', '#/kind']
  ]
  for (const [i, [what, changes, code, pointer]] of cases.entries()) {
    const m = await createModule(app, w.keysA.provider, magazijnModule(s, { code: `CHK-${i}`, ...changes }))
    const res = await call(app, w.keysA.provider, 'POST', `/v1/modules/${m.id}/publish`)
    t.equal(res.status, 400, what)
    t.match(res.body, { code, errors: [{ pointer, code }] }, what)
    t.same((await call(app, w.keysA.provider, 'GET', `/v1/modules/${m.id}`)).body, m, `${what}: still the same draft`)
  }
  const combined = await createModule(app, w.keysA.admin, magazijnModule(s, {
    providerId: w.orgs.providerA,
    code: 'COMBI-1',
    kind: 'combined',
    units: [{ key: 'taal', title: 'Veiligheidsinstructies lezen', skillIds: [s.lezen, s.veilig] }]
  }))
  const ok = await call(app, w.keysA.admin, 'POST', `/v1/modules/${combined.id}/publish`)
  t.equal(ok.status, 200)
  t.equal(ok.body.status, 'published')
})

t.test('a change gets the same checks as a create and writes nothing when refused', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const s = await seedSkills(app, w)
  const m = await createModule(app, w.keysA.provider, magazijnModule(s))
  await call(app, w.keysA.provider, 'POST', `/v1/modules/${m.id}/publish`)
  const unit = { key: 'les-1', title: 'Les 1', skillIds: [s.veilig] }
  const cases: Array<[unknown, number, string, string, string]> = [
    [{}, 400, 'validation-failed', '#', 'invalid-min-properties'],
    [{ code: 'VWM-02' }, 400, 'validation-failed', '#/code', 'unknown-field'],
    [{ providerId: w.orgs.providerB }, 400, 'validation-failed', '#/providerId', 'unknown-field'],
    [{ hours: -1 }, 400, 'validation-failed', '#/hours', 'invalid-exclusive-minimum'],
    [{ title: null }, 400, 'validation-failed', '#/title', 'invalid-type'],
    [{ description: 'x'.repeat(4001) }, 400, 'validation-failed', '#/description', 'invalid-max-length'],
    [{ units: [unit, { ...unit, title: 'Nog een les 1' }] }, 400, 'duplicate-unit-key', '#/units/1/key', 'duplicate-unit-key'],
    [{ units: [{ ...unit, skillIds: ['skl_bbbbbbbbbbbbbbbbbbbb'] }] }, 400, 'unknown-skill', '#/units/0/skillIds/0', 'unknown-skill']
  ]
  for (const [body, status, code, pointer, fieldCode] of cases) {
    const res = await call(app, w.keysA.provider, 'PATCH', `/v1/modules/${m.id}`, body)
    t.equal(res.status, status, `${pointer} ${fieldCode}`)
    t.match(res.body, { code, errors: [{ pointer, code: fieldCode, in: 'body' }] }, `${pointer} ${fieldCode}`)
  }
  t.same(numbers((await call(app, w.keysA.provider, 'GET', `/v1/modules/${m.id}/versions`)).body), [1], 'no version 2 was made')
})

t.test('units are found by id and by their xAPI activity IRI, in either form', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const s = await seedSkills(app, w)
  const m = await createModule(app, w.keysA.provider, magazijnModule(s))
  const repo = createModuleRepository(app.db)
  const unit = m.current.units[1]
  const ref = parseActivityId(BASE, unit.activityId)!
  t.same(ref, { moduleId: m.id, key: 'les-2', revision: 1 })
  const found = repo.findUnitByActivity(ref)!
  t.match(found, { unit: { id: unit.id, key: 'les-2', revision: 1, title: unit.title }, version: { moduleId: m.id, version: 1, status: 'draft' }, providerId: w.orgs.providerA })
  t.same(found.skillIds, [s.heftruck, s.veilig])
  t.same(repo.findUnitById(unit.id), found)
  t.same(repo.findUnitByActivity({ moduleId: m.id, key: 'les-2', version: 1 }), found, 'the older form names version 1')
  t.equal(repo.findUnitById('unt_aaaaaaaaaaaaaaaaaaaa'), undefined)
  t.equal(repo.findUnitByActivity({ moduleId: m.id, key: 'les-2', version: 2 }), undefined)
  t.equal(repo.findUnitByActivity({ moduleId: m.id, key: 'les-2', revision: 2 }), undefined)
  t.equal(repo.findUnitByActivity({ moduleId: m.id, key: 'LES-2', revision: 1 }), undefined, 'activity IRIs are exact')
})
