import t from 'tap'
import { build, call, serviceAdminKey } from './helpers/build.ts'
import { seedWorld } from './helpers/world.ts'

t.test('a service admin creates a region and reads it back', async (t) => {
  const app = await build(t)
  const admin = serviceAdminKey(app)
  const created = await call(app, admin, 'POST', '/v1/regions', { slug: 'twente', name: 'Twente' })
  t.equal(created.status, 201)
  t.match(created.body, { id: /^reg_[0-9a-z]{20}$/, slug: 'twente', name: 'Twente' })
  const read = await call(app, admin, 'GET', `/v1/regions/${created.body.id}`)
  t.equal(read.status, 200)
  t.same(read.body, created.body)
})

t.test('bad region bodies get a problem with a pointer and write nothing', async (t) => {
  const app = await build(t)
  const admin = serviceAdminKey(app)
  const cases: Array<[unknown, string, string]> = [
    [{ slug: 'Twente!', name: 'Twente' }, '#/slug', 'invalid-pattern'],
    [{ name: 'Twente' }, '#/slug', 'missing-field'],
    [{ slug: 'twente', name: 'Twente', colour: 'red' }, '#/colour', 'unknown-field'],
    [{ slug: 'twente', name: 42 }, '#/name', 'invalid-type'],
    [{ slug: 'twente', name: 'x'.repeat(121) }, '#/name', 'invalid-max-length']
  ]
  for (const [body, pointer, code] of cases) {
    const res = await call(app, admin, 'POST', '/v1/regions', body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.equal(res.type, 'application/problem+json; charset=utf-8')
    t.equal(res.body.code, 'validation-failed')
    t.match(res.body.errors, [{ pointer, code, in: 'body' }], JSON.stringify(body))
  }
  const malformed = await app.inject({ method: 'POST', url: '/v1/regions', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, payload: '{"slug": "twente",' })
  t.equal(malformed.statusCode, 400)
  t.equal(malformed.json().code, 'malformed-json')
  const list = await call(app, admin, 'GET', '/v1/regions')
  t.same(list.body, { items: [], nextCursor: null })
})

t.test('duplicate slugs and names get 409', async (t) => {
  const app = await build(t)
  const admin = serviceAdminKey(app)
  await call(app, admin, 'POST', '/v1/regions', { slug: 'twente', name: 'Twente' })
  const slug = await call(app, admin, 'POST', '/v1/regions', { slug: 'twente', name: 'Twente-Oost' })
  t.match(slug.body, { status: 409, code: 'duplicate-slug', errors: [{ pointer: '#/slug' }] })
  const name = await call(app, admin, 'POST', '/v1/regions', { slug: 'twente-2', name: 'TWENTE' })
  t.match(name.body, { status: 409, code: 'duplicate-name', errors: [{ pointer: '#/name' }] })
})

t.test('access: 401 without a key, 403 for other roles and region admins, region isolation', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const none = await call(app, null, 'POST', '/v1/regions', { slug: 'x1', name: 'X' })
  t.equal(none.status, 401)
  t.equal(none.body.code, 'unauthenticated')
  t.equal(none.headers['www-authenticate'], 'Bearer')
  const bogus = await call(app, 'stp_key_aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'GET', '/v1/regions')
  t.equal(bogus.body.code, 'invalid-api-key')
  for (const role of ['provider', 'coach', 'employer', 'analyst'] as const) {
    const res = await call(app, w.keysA[role], 'POST', '/v1/regions', { slug: 'x1', name: 'X' })
    t.equal(res.status, 403, role)
    t.equal(res.body.code, 'forbidden-role', role)
  }
  const regionAdmin = await call(app, w.keysA.admin, 'POST', '/v1/regions', { slug: 'x1', name: 'X' })
  t.equal(regionAdmin.status, 403)
  t.equal(regionAdmin.body.code, 'forbidden')

  const listA = await call(app, w.keysA.coach, 'GET', '/v1/regions')
  t.same(listA.body.items.map((r: { id: string }) => r.id), [w.regions.a])
  const other = await call(app, w.keysA.coach, 'GET', `/v1/regions/${w.regions.b}`)
  t.equal(other.status, 404)
  t.equal(other.body.code, 'not-found')
  const all = await call(app, w.admin, 'GET', '/v1/regions?limit=1')
  t.equal(all.body.items.length, 1)
  const next = await call(app, w.admin, 'GET', `/v1/regions?limit=1&cursor=${all.body.nextCursor}`)
  t.same([all.body.items[0].id, next.body.items[0].id], [w.regions.a, w.regions.b])
  t.equal(next.body.nextCursor, null)
  const badCursor = await call(app, w.admin, 'GET', '/v1/regions?cursor=nonsense')
  t.match(badCursor.body, { status: 400, code: 'invalid-cursor', errors: [{ pointer: '#/cursor' }] })
})
