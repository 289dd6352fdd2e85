import t from 'tap'
import { build, call, serviceAdminKey } from './helpers/build.ts'
import { seedWorld } from './helpers/world.ts'

t.test('an admin registers an organisation in regions and reads it back', async (t) => {
  const app = await build(t)
  const admin = serviceAdminKey(app)
  const region = (await call(app, admin, 'POST', '/v1/regions', { slug: 'twente', name: 'Twente' })).body
  const created = await call(app, admin, 'POST', '/v1/organisations', { name: 'ROC van Twente', kind: 'provider', regionIds: [region.id] })
  t.equal(created.status, 201)
  t.match(created.body, { id: /^org_/, name: 'ROC van Twente', kind: 'provider', regionIds: [region.id] })
  t.same((await call(app, admin, 'GET', `/v1/organisations/${created.body.id}`)).body, created.body)
})

t.test('bad organisation bodies: pointer per field, nothing written', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const before = (await call(app, w.admin, 'GET', '/v1/organisations?limit=200')).body.items.length
  const cases: Array<[unknown, number, string, string]> = [
    [{ name: 'X', kind: 'school', regionIds: [w.regions.a] }, 400, 'invalid-enum', '#/kind'],
    [{ name: 'X', kind: 'provider', regionIds: [] }, 400, 'invalid-min-items', '#/regionIds'],
    [{ name: 'X', kind: 'provider', regionIds: ['reg_00000000000000000000'] }, 400, 'unknown-region', '#/regionIds/0'],
    [{ name: 'X', kind: 'provider', regionIds: [w.regions.a], bsn: '123456782' }, 400, 'unknown-field', '#/bsn'],
    [{ name: 'ROC VAN TWENTE', kind: 'provider', regionIds: [w.regions.a] }, 409, 'duplicate-name', '#/name']
  ]
  for (const [body, status, code, pointer] of cases) {
    const res = await call(app, w.admin, 'POST', '/v1/organisations', body)
    t.equal(res.status, status, JSON.stringify(body))
    t.match(res.body.errors, [{ pointer, code }], JSON.stringify(body))
  }
  // a region admin cannot place an organisation in another region
  const outside = await call(app, w.keysA.admin, 'POST', '/v1/organisations', { name: 'Y', kind: 'employer', regionIds: [w.regions.b] })
  t.match(outside.body, { status: 400, code: 'unknown-region', errors: [{ pointer: '#/regionIds/0' }] })
  t.equal((await call(app, w.admin, 'GET', '/v1/organisations?limit=200')).body.items.length, before)
})

t.test('roles and regions: who may see and change organisations', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  for (const role of ['provider', 'coach', 'employer', 'analyst'] as const) {
    const post = await call(app, w.keysA[role], 'POST', '/v1/organisations', { name: 'Z', kind: 'employer', regionIds: [w.regions.a] })
    t.equal(post.body.code, 'forbidden-role', `POST as ${role}`)
    const patch = await call(app, w.keysA[role], 'PATCH', `/v1/organisations/${w.orgs.employerA}`, { name: 'Z' })
    t.equal(patch.status, 403, `PATCH as ${role}`)
    const keys = await call(app, w.keysA[role], 'GET', `/v1/organisations/${w.orgs.employerA}/api-keys`)
    t.equal(keys.status, 403, `list keys as ${role}`)
  }
  t.equal((await call(app, null, 'GET', '/v1/organisations')).status, 401)

  const seenByA = (await call(app, w.keysA.coach, 'GET', '/v1/organisations')).body.items.map((o: { name: string }) => o.name)
  t.same(seenByA.sort(), ['Gemeente Enschede', 'Logistiek Hengelo BV', 'ROC van Twente'])
  t.equal((await call(app, w.keysA.coach, 'GET', `/v1/organisations/${w.orgs.providerB}`)).status, 404)
  t.same((await call(app, w.keysA.coach, 'GET', `/v1/organisations?regionId=${w.regions.b}`)).body.items, [])
  const providers = (await call(app, w.admin, 'GET', '/v1/organisations?kind=provider')).body.items.map((o: { name: string }) => o.name)
  t.same(providers.sort(), ['ROC van Twente', 'Summa College'])
  const page1 = (await call(app, w.admin, 'GET', '/v1/organisations?limit=4')).body
  const page2 = (await call(app, w.admin, 'GET', `/v1/organisations?limit=4&cursor=${page1.nextCursor}`)).body
  t.equal(page1.items.length + page2.items.length, 6)
  t.equal(page2.nextCursor, null)

  // a region admin of A may not edit B's organisations nor move one into B
  t.equal((await call(app, w.keysA.admin, 'PATCH', `/v1/organisations/${w.orgs.providerB}`, { name: 'Z' })).status, 404)
  const move = await call(app, w.keysA.admin, 'PATCH', `/v1/organisations/${w.orgs.providerA}`, { regionIds: [w.regions.a, w.regions.b] })
  t.match(move.body, { status: 403, code: 'forbidden' })
})

t.test('PATCH renames and changes regions; the service admin may span regions', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const renamed = await call(app, w.keysA.admin, 'PATCH', `/v1/organisations/${w.orgs.providerA}`, { name: 'ROC van Twente (Hengelo)' })
  t.equal(renamed.body.name, 'ROC van Twente (Hengelo)')
  const both = await call(app, w.admin, 'PATCH', `/v1/organisations/${w.orgs.providerA}`, { regionIds: [w.regions.a, w.regions.b] })
  t.same(both.body.regionIds.sort(), [w.regions.a, w.regions.b].sort())
  t.equal((await call(app, w.keysB.coach, 'GET', `/v1/organisations/${w.orgs.providerA}`)).status, 200)
  const dup = await call(app, w.admin, 'PATCH', `/v1/organisations/${w.orgs.providerA}`, { name: 'Summa College' })
  t.match(dup.body, { status: 409, code: 'duplicate-name' })
  const empty = await call(app, w.admin, 'PATCH', `/v1/organisations/${w.orgs.providerA}`, {})
  t.equal(empty.status, 400)
})

t.test('API keys: shown once, stored hashed, role fits the organisation, revocable', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const made = await call(app, w.admin, 'POST', `/v1/organisations/${w.orgs.providerA}/api-keys`, { role: 'provider', label: 'LMS koppeling' })
  t.equal(made.status, 201)
  t.match(made.body, { id: /^key_/, role: 'provider', label: 'LMS koppeling', organisationId: w.orgs.providerA, regionId: null, revokedAt: null, key: /^stp_key_[0-9a-z]{20}\.[0-9a-z]{32}$/ })
  const stored = app.db.$client.prepare('select secret_hash from api_keys where id = ?').get(made.body.id) as { secret_hash: string }
  t.notOk(stored.secret_hash.includes(made.body.key.split('.')[1]), 'the secret itself is not stored')
  t.match(stored.secret_hash, /^[0-9a-f]{64}$/)

  t.equal((await call(app, made.body.key, 'GET', '/v1/regions')).status, 200)
  const listed = (await call(app, w.admin, 'GET', `/v1/organisations/${w.orgs.providerA}/api-keys`)).body.items
  const entry = listed.find((k: { id: string }) => k.id === made.body.id)
  t.notOk('key' in entry, 'the list never shows secrets')
  t.notOk('secretHash' in entry)
  t.match(entry.lastUsedAt, /^\d{4}-/)

  const wrongRole = await call(app, w.admin, 'POST', `/v1/organisations/${w.orgs.employerA}/api-keys`, { role: 'provider', label: 'x' })
  t.match(wrongRole.body, { status: 400, code: 'role-not-for-organisation-kind', errors: [{ pointer: '#/role' }] })
  const wrongRegion = await call(app, w.admin, 'POST', `/v1/organisations/${w.orgs.providerA}/api-keys`, { role: 'provider', label: 'x', regionId: w.regions.b })
  t.match(wrongRegion.body, { status: 400, code: 'unknown-region', errors: [{ pointer: '#/regionId' }] })

  const revoked = await call(app, w.admin, 'DELETE', `/v1/organisations/${w.orgs.providerA}/api-keys/${made.body.id}`)
  t.match(revoked.body, { id: made.body.id, revokedAt: /^\d{4}-/ })
  const again = await call(app, w.admin, 'DELETE', `/v1/organisations/${w.orgs.providerA}/api-keys/${made.body.id}`)
  t.equal(again.body.revokedAt, revoked.body.revokedAt, 'revoking twice changes nothing')
  const after = await call(app, made.body.key, 'GET', '/v1/regions')
  t.match(after.body, { status: 401, code: 'invalid-api-key' })
  t.equal((await call(app, w.admin, 'DELETE', `/v1/organisations/${w.orgs.employerA}/api-keys/${made.body.id}`)).status, 404)
  t.equal((await call(app, w.keysB.admin, 'POST', `/v1/organisations/${w.orgs.providerA}/api-keys`, { role: 'provider', label: 'x' })).status, 404)
})

t.test('a region admin mints keys only within its region', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const both = await call(app, w.admin, 'POST', '/v1/organisations', { name: 'Leger des Heils', kind: 'work-centre', regionIds: [w.regions.a, w.regions.b] })
  const wide = await call(app, w.keysA.admin, 'POST', `/v1/organisations/${both.body.id}/api-keys`, { role: 'coach', label: 'x' })
  t.match(wide.body, { status: 403, code: 'forbidden' })
  const narrow = await call(app, w.keysA.admin, 'POST', `/v1/organisations/${both.body.id}/api-keys`, { role: 'coach', label: 'x', regionId: w.regions.a })
  t.equal(narrow.status, 201)
  const regions = (await call(app, narrow.body.key, 'GET', '/v1/regions')).body.items.map((r: { id: string }) => r.id)
  t.same(regions, [w.regions.a])
})
