import t from 'tap'
import type { FastifyInstance } from 'fastify'
import SwaggerParser from '@apidevtools/swagger-parser'
import { build, call, expectStatus, serviceAdminKey } from './helpers/build.ts'
import { seedWorld } from './helpers/world.ts'
import { moduleVersions, modules, organisations, skills } from '../src/db/schema/index.ts'
import { newId } from '../src/lib/ids.ts'

/**
 * The catalogue routes are written in parallel, so modules and skills are put straight into the
 * tables: a module with a published version, one with only a draft, and a skill.
 */
function seedCatalogue (app: FastifyInstance) {
  const now = '2026-01-05T09:00:00.000Z'
  const providerId = newId('org')
  app.db.insert(organisations).values({ id: providerId, name: 'ROC Seed', kind: 'provider', createdAt: now }).run()
  const module = (code: string, status: 'draft' | 'published') => {
    const id = newId('mod')
    app.db.insert(modules).values({ id, providerId, code, createdAt: now }).run()
    const publishedAt = status === 'published' ? now : null
    app.db.insert(moduleVersions)
      .values({ id: newId('mdv'), moduleId: id, version: 1, status, title: code, kind: 'vocational', hours: 8, learningOutcomes: [], createdAt: now, updatedAt: now, publishedAt })
      .run()
    return id
  }
  const skillId = newId('skl')
  app.db.insert(skills).values({ id: skillId, name: 'Orderpicken', kind: 'vocational', createdAt: now }).run()
  return { published: module('HEF-01', 'published'), draft: module('REA-01', 'draft'), skill: skillId }
}

const basic = (name = 'Basisvaardigheden') => ({
  name,
  sector: 'algemeen',
  requirement: { type: 'all', parts: [{ type: 'level', domain: 'language', level: '1F' }, { type: 'level', domain: 'numeracy', level: '1F' }] }
})

async function created (app: FastifyInstance, key: string, body: unknown) {
  return await expectStatus(call(app, key, 'POST', '/v1/pathways', body), 201) as { id: string, createdAt: string, updatedAt: string }
}

const errorsOf = (body: { errors?: Array<{ pointer: string, code: string }> }) => (body.errors ?? []).map((e) => [e.pointer, e.code])

t.test('an admin creates a development path and reads it back', async (t) => {
  const app = await build(t)
  const admin = serviceAdminKey(app)
  const cat = seedCatalogue(app)
  const base = await created(app, admin, basic())
  const requirement = {
    type: 'all',
    title: 'Logistiek medewerker',
    parts: [
      { type: 'pathway', pathwayId: base.id },
      { type: 'any', title: 'Rijbewijzen', n: 1, parts: [{ type: 'module', moduleId: cat.published }, { type: 'skill', skillId: cat.skill }] },
      { type: 'level', domain: 'digital', level: 'basis-1' }
    ]
  }
  const res = await call(app, admin, 'POST', '/v1/pathways', { name: ' Logistiek ', sector: 'logistiek', description: 'Voor het magazijn', requirement })
  t.equal(res.status, 201)
  t.match(res.body.id, /^pwy_[0-9a-z]{20}$/)
  t.ok(Number.isFinite(Date.parse(res.body.createdAt)))
  t.strictSame(res.body, {
    id: res.body.id,
    name: 'Logistiek',
    sector: 'logistiek',
    description: 'Voor het magazijn',
    requirement,
    createdAt: res.body.createdAt,
    updatedAt: res.body.createdAt
  })
  const read = await call(app, admin, 'GET', `/v1/pathways/${res.body.id}`)
  t.equal(read.status, 200)
  t.strictSame(read.body, res.body)
  t.equal(base.createdAt, base.updatedAt)
  t.equal((await call(app, admin, 'GET', `/v1/pathways/${base.id}`)).body.description, null)
})

t.test('bodies that break the schema get pointers and write nothing', async (t) => {
  const app = await build(t)
  const admin = serviceAdminKey(app)
  const node = (requirement: unknown) => ({ ...basic(), requirement })
  const cases: Array<[unknown, Array<[string, string]>]> = [
    [{ ...basic(), colour: 'blauw' }, [['#/colour', 'unknown-field']]],
    [node({ type: 'all', parts: [{ type: 'skill', skillId: 's', level: '2F' }] }), [['#/requirement/parts/0/level', 'unknown-field']]],
    [node({ type: 'any', n: '2', parts: [{ type: 'skill', skillId: 's' }] }), [['#/requirement/n', 'invalid-type']]],
    [node({ type: 'any', n: 0, parts: [{ type: 'skill', skillId: 's' }] }), [['#/requirement/n', 'invalid-minimum']]],
    [node({ type: 'any', parts: [{ type: 'skill', skillId: 's' }] }), [['#/requirement/n', 'missing-field']]],
    [node({ type: 'all', parts: [] }), [['#/requirement/parts', 'invalid-min-items']]],
    [node({ type: 'all', parts: Array(51).fill({ type: 'skill', skillId: 's' }) }), [['#/requirement/parts', 'invalid-max-items']]],
    [node({ type: 'all', parts: [{ type: 'course', id: 'x' }] }), [['#/requirement/parts/0/type', 'invalid-enum']]],
    [node({ type: 'all', parts: [{ moduleId: 'x' }] }), [['#/requirement/parts/0/type', 'missing-field']]],
    [node({ type: 'level', domain: 'music', level: '1F' }), [['#/requirement/domain', 'invalid-enum']]],
    [node({ type: 'all', title: 'x'.repeat(201), parts: [{ type: 'skill', skillId: 's' }] }), [['#/requirement/title', 'invalid-max-length']]],
    [{ ...basic(), sector: 'Logistiek' }, [['#/sector', 'invalid-pattern']]],
    [{ ...basic(), name: 'x'.repeat(161) }, [['#/name', 'invalid-max-length']]],
    [{ name: 'Zonder eisen', sector: 'zorg' }, [['#/requirement', 'missing-field']]]
  ]
  for (const [body, errors] of cases) {
    const res = await call(app, admin, 'POST', '/v1/pathways', body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.equal(res.type, 'application/problem+json; charset=utf-8')
    t.equal(res.body.code, 'validation-failed')
    t.strictSame(errorsOf(res.body), errors, JSON.stringify(body))
  }
  t.strictSame((await call(app, admin, 'GET', '/v1/pathways')).body, { items: [], nextCursor: null })
})

t.test('requirements that the catalogue cannot answer get 400 with every problem listed', async (t) => {
  const app = await build(t)
  const admin = serviceAdminKey(app)
  const cat = seedCatalogue(app)
  const one = async (requirement: unknown, code: string, pointer: string) => {
    const res = await call(app, admin, 'POST', '/v1/pathways', { ...basic(), requirement })
    t.equal(res.status, 400, code)
    t.equal(res.body.code, code)
    t.strictSame(errorsOf(res.body), [[pointer, code]])
  }
  await one({ type: 'any', n: 3, parts: [{ type: 'skill', skillId: cat.skill }, { type: 'module', moduleId: cat.published }] }, 'n-exceeds-parts', '#/requirement/n')
  await one({ type: 'all', parts: [{ type: 'module', moduleId: 'mod_onbekend' }] }, 'unknown-module', '#/requirement/parts/0/moduleId')
  await one({ type: 'all', parts: [{ type: 'skill', skillId: cat.skill }, { type: 'module', moduleId: cat.draft }] }, 'unknown-module', '#/requirement/parts/1/moduleId')
  await one({ type: 'skill', skillId: cat.published }, 'unknown-skill', '#/requirement/skillId')
  await one({ type: 'all', parts: [{ type: 'pathway', pathwayId: 'pwy_aaaaaaaaaaaaaaaaaaaa' }] }, 'unknown-pathway', '#/requirement/parts/0/pathwayId')
  await one({ type: 'level', domain: 'numeracy', level: 'A2' }, 'invalid-level', '#/requirement/level')
  await one({ type: 'level', domain: 'language', level: 'basis-1' }, 'invalid-level', '#/requirement/level')

  const many = await call(app, admin, 'POST', '/v1/pathways', {
    ...basic(),
    requirement: { type: 'any', n: 4, parts: [{ type: 'module', moduleId: cat.draft }, { type: 'skill', skillId: 'skl_x' }, { type: 'level', domain: 'digital', level: '2F' }] }
  })
  t.equal(many.body.code, 'invalid-requirement')
  t.equal(many.body.detail, 'the requirement has 4 problems; see errors')
  t.strictSame(errorsOf(many.body), [
    ['#/requirement/n', 'n-exceeds-parts'],
    ['#/requirement/parts/0/moduleId', 'unknown-module'],
    ['#/requirement/parts/1/skillId', 'unknown-skill'],
    ['#/requirement/parts/2/level', 'invalid-level']
  ])
  const same = await call(app, admin, 'POST', '/v1/pathways', {
    ...basic(), requirement: { type: 'all', parts: [{ type: 'skill', skillId: 'skl_x' }, { type: 'skill', skillId: 'skl_y' }] }
  })
  t.equal(same.body.code, 'unknown-skill', 'problems of one kind keep their code')
  t.equal(same.body.errors.length, 2)
  t.strictSame((await call(app, admin, 'GET', '/v1/pathways')).body.items, [])
})

t.test('trees deeper than 8 levels get too-deep, however deep', async (t) => {
  const app = await build(t)
  const admin = serviceAdminKey(app)
  const cat = seedCatalogue(app)
  const nested = (levels: number) => '{"type":"all","parts":['.repeat(levels) + `{"type":"skill","skillId":"${cat.skill}"}` + ']}'.repeat(levels)
  const post = (levels: number) => app.inject({
    method: 'POST',
    url: '/v1/pathways',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    payload: `{"name":"Diep","sector":"zorg","requirement":${nested(levels)}}`
  })
  t.equal((await post(7)).statusCode, 201, 'depth 8 is allowed')
  for (const levels of [8, 30_000]) {
    const res = await post(levels)
    t.equal(res.statusCode, 400)
    t.equal(res.json().code, 'too-deep')
    t.strictSame(errorsOf(res.json()), [['#/requirement' + '/parts/0'.repeat(8), 'too-deep']])
  }
})

t.test('names are unique regardless of case', async (t) => {
  const app = await build(t)
  const admin = serviceAdminKey(app)
  const first = await created(app, admin, basic('Basisvaardigheden'))
  const other = await created(app, admin, basic('Zorg'))
  const dup = await call(app, admin, 'POST', '/v1/pathways', basic('BASISVAARDIGHEDEN '))
  t.equal(dup.status, 409)
  t.match(dup.body, { code: 'duplicate-name', errors: [{ pointer: '#/name', code: 'duplicate-name' }] })
  const rename = await call(app, admin, 'PUT', `/v1/pathways/${other.id}`, basic('basisvaardigheden'))
  t.equal(rename.status, 409)
  t.equal(rename.body.code, 'duplicate-name')
  const keep = await call(app, admin, 'PUT', `/v1/pathways/${first.id}`, basic('BasisVaardigheden'))
  t.equal(keep.status, 200, 'a path may keep its own name')
  t.equal(keep.body.name, 'BasisVaardigheden')
  t.equal((await call(app, admin, 'GET', `/v1/pathways/${other.id}`)).body.name, 'Zorg')
})

t.test('PUT replaces every field and keeps the creation time', async (t) => {
  const app = await build(t)
  const admin = serviceAdminKey(app)
  const cat = seedCatalogue(app)
  const path = await created(app, admin, { ...basic(), description: 'Eerste versie' })
  const body = { name: 'Magazijn', sector: 'logistiek', requirement: { type: 'module', moduleId: cat.published } }
  const res = await call(app, admin, 'PUT', `/v1/pathways/${path.id}`, body)
  t.equal(res.status, 200)
  t.strictSame(res.body, { id: path.id, ...body, description: null, createdAt: path.createdAt, updatedAt: res.body.updatedAt })
  t.ok(res.body.updatedAt >= path.createdAt)
  t.strictSame((await call(app, admin, 'GET', `/v1/pathways/${path.id}`)).body, res.body)

  const bad = await call(app, admin, 'PUT', `/v1/pathways/${path.id}`, { ...body, requirement: { type: 'module', moduleId: cat.draft } })
  t.equal(bad.body.code, 'unknown-module')
  t.strictSame((await call(app, admin, 'GET', `/v1/pathways/${path.id}`)).body, res.body, 'a rejected PUT changes nothing')
})

t.test('PUT refuses a reference that closes a cycle', async (t) => {
  const app = await build(t)
  const admin = serviceAdminKey(app)
  const a = await created(app, admin, basic('A'))
  const b = await created(app, admin, { ...basic('B'), requirement: { type: 'pathway', pathwayId: a.id } })
  const c = await created(app, admin, { ...basic('C'), requirement: { type: 'pathway', pathwayId: b.id } })

  const self = await call(app, admin, 'PUT', `/v1/pathways/${a.id}`, { ...basic('A'), requirement: { type: 'pathway', pathwayId: a.id } })
  t.equal(self.status, 400)
  t.equal(self.body.code, 'pathway-cycle')
  t.equal(self.body.detail, `the development path would require itself: ${a.id} → ${a.id}`)
  t.strictSame(errorsOf(self.body), [['#/requirement', 'pathway-cycle']])

  const level = { type: 'level', domain: 'language', level: '2F' }
  const twoStep = await call(app, admin, 'PUT', `/v1/pathways/${a.id}`, { ...basic('A'), requirement: { type: 'all', parts: [level, { type: 'pathway', pathwayId: b.id }] } })
  t.equal(twoStep.body.code, 'pathway-cycle')
  t.equal(twoStep.body.detail, `the development path would require itself: ${a.id} → ${b.id} → ${a.id}`)
  t.strictSame(errorsOf(twoStep.body), [['#/requirement/parts/1', 'pathway-cycle']])

  const threeStep = await call(app, admin, 'PUT', `/v1/pathways/${a.id}`, {
    ...basic('A'), requirement: { type: 'any', n: 1, parts: [level, { type: 'all', parts: [{ type: 'pathway', pathwayId: c.id }] }] }
  })
  t.equal(threeStep.body.detail, `the development path would require itself: ${a.id} → ${c.id} → ${b.id} → ${a.id}`)
  t.strictSame(errorsOf(threeStep.body), [['#/requirement/parts/1/parts/0', 'pathway-cycle']])

  t.strictSame((await call(app, admin, 'GET', `/v1/pathways/${a.id}`)).body.requirement, basic().requirement, 'nothing written')
  const fine = await call(app, admin, 'PUT', `/v1/pathways/${c.id}`, { ...basic('C'), requirement: { type: 'all', parts: [{ type: 'pathway', pathwayId: a.id }, { type: 'pathway', pathwayId: b.id }] } })
  t.equal(fine.status, 200, 'two routes to the same path are no cycle')
})

t.test('access: 401 without a key, 403 for roles other than admin, reads for every role', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const made = await call(app, w.keysA.admin, 'POST', '/v1/pathways', basic())
  t.equal(made.status, 201, 'a region admin writes the programme-wide catalogue')
  const path = made.body as { id: string }

  const none = await call(app, null, 'POST', '/v1/pathways', basic('Nieuw'))
  t.equal(none.status, 401)
  t.equal(none.body.code, 'unauthenticated')
  t.equal((await call(app, null, 'GET', '/v1/pathways')).status, 401)
  for (const role of ['provider', 'coach', 'employer', 'analyst'] as const) {
    const post = await call(app, w.keysA[role], 'POST', '/v1/pathways', basic('Nieuw'))
    t.equal(post.status, 403, role)
    t.equal(post.body.code, 'forbidden-role', role)
    const put = await call(app, w.keysB[role], 'PUT', `/v1/pathways/${path.id}`, basic('Nieuw'))
    t.equal(put.status, 403, role)
    t.equal(put.body.code, 'forbidden-role', role)
  }
  for (const key of [...Object.values(w.keysA), ...Object.values(w.keysB)]) {
    t.strictSame((await call(app, key, 'GET', '/v1/pathways')).body.items.map((p: { id: string }) => p.id), [path.id])
    t.equal((await call(app, key, 'GET', `/v1/pathways/${path.id}`)).status, 200)
  }
  const list = await call(app, w.admin, 'GET', '/v1/pathways')
  t.strictSame(list.body.items.map((p: { name: string }) => p.name), ['Basisvaardigheden'], 'rejected writes left nothing')
  const edited = await call(app, w.keysB.admin, 'PUT', `/v1/pathways/${path.id}`, basic('Basis'))
  t.equal(edited.status, 200, 'an admin of another region edits it too')
})

t.test('unknown ids get 404 not-found', async (t) => {
  const app = await build(t)
  const admin = serviceAdminKey(app)
  const get = await call(app, admin, 'GET', '/v1/pathways/pwy_aaaaaaaaaaaaaaaaaaaa')
  t.equal(get.status, 404)
  t.match(get.body, { code: 'not-found', detail: 'development path pwy_aaaaaaaaaaaaaaaaaaaa does not exist' })
  const put = await call(app, admin, 'PUT', '/v1/pathways/pwy_aaaaaaaaaaaaaaaaaaaa', basic())
  t.equal(put.status, 404)
  t.equal(put.body.code, 'not-found')
  t.strictSame((await call(app, admin, 'GET', '/v1/pathways')).body.items, [])
})

t.test('lists are paginated by cursor and filtered by sector', async (t) => {
  const app = await build(t)
  const admin = serviceAdminKey(app)
  const ids: string[] = []
  for (const [name, sector] of [['Zorg 1', 'zorg'], ['Logistiek 1', 'logistiek'], ['Zorg 2', 'zorg'], ['Zorg 3', 'zorg']]) {
    ids.push((await created(app, admin, { ...basic(name), sector })).id)
  }
  const first = await call(app, admin, 'GET', '/v1/pathways?limit=2')
  t.strictSame(first.body.items.map((p: { id: string }) => p.id), ids.slice(0, 2))
  t.type(first.body.nextCursor, 'string')
  const second = await call(app, admin, 'GET', `/v1/pathways?limit=2&cursor=${first.body.nextCursor}`)
  t.strictSame(second.body.items.map((p: { id: string }) => p.id), ids.slice(2))
  t.equal(second.body.nextCursor, null)

  const zorg = await call(app, admin, 'GET', '/v1/pathways?sector=zorg&limit=2')
  t.strictSame(zorg.body.items.map((p: { name: string }) => p.name), ['Zorg 1', 'Zorg 2'])
  const zorgNext = await call(app, admin, 'GET', `/v1/pathways?sector=zorg&limit=2&cursor=${zorg.body.nextCursor}`)
  t.strictSame(zorgNext.body, { items: [(await call(app, admin, 'GET', `/v1/pathways/${ids[3]}`)).body], nextCursor: null })

  const badCursor = await call(app, admin, 'GET', '/v1/pathways?cursor=nonsense')
  t.match(badCursor.body, { status: 400, code: 'invalid-cursor', errors: [{ pointer: '#/cursor' }] })
  const badSector = await call(app, admin, 'GET', '/v1/pathways?sector=Zorg%21')
  t.equal(badSector.status, 400)
  t.strictSame(errorsOf(badSector.body), [['#/sector', 'invalid-pattern']])
})

t.test('the OpenAPI document describes the recursive requirement and stays valid', async (t) => {
  const app = await build(t)
  const res = await app.inject({ url: '/openapi.json' })
  t.equal(res.statusCode, 200)
  const doc = res.json()
  t.ok(doc.paths['/v1/pathways'].post)
  t.ok(doc.paths['/v1/pathways/{pathwayId}'].put)
  t.equal(doc.components.schemas.RequirementNode.then.properties.parts.items.$ref, '#/components/schemas/RequirementNode')
  await t.resolves(SwaggerParser.validate(doc))
})
