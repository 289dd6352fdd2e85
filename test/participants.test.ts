import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, call, expectStatus } from './helpers/build.ts'
import { seedWorld } from './helpers/world.ts'

async function enrol (app: FastifyInstance, key: string, body: object) {
  return await expectStatus(call(app, key, 'POST', '/v1/participants', body), 201)
}

/** Rows in the participant tables, to show that a refused request wrote nothing. */
function counts (app: FastifyInstance) {
  const count = (table: string) => (app.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n
  return { participants: count('participants'), references: count('participant_references'), consents: count('consents') }
}

const ids = (body: { items: Array<{ id: string }> }) => body.items.map((p) => p.id)

t.test('a coach enrols a participant with contact and reference, and reads it back', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const res = await call(app, w.keysA.coach, 'POST', '/v1/participants', {
    regionId: w.regions.a,
    displayName: '  Fatima B. ',
    contact: { email: 'fatima.b@example.nl', phone: '06 12345678' },
    reference: 'ENS-2026-0042'
  })
  t.equal(res.status, 201)
  const p = res.body
  t.match(p.id, /^ppt_[0-9a-z]{20}$/)
  t.match(p.createdAt, /^\d{4}-\d\d-\d\dT/)
  t.same(p, {
    id: p.id,
    regionId: w.regions.a,
    displayName: 'Fatima B.',
    contact: { email: 'fatima.b@example.nl', phone: '06 12345678' },
    enrolledBy: w.orgs.municipalityA,
    references: [{ organisationId: w.orgs.municipalityA, reference: 'ENS-2026-0042' }],
    consents: [],
    createdAt: p.createdAt,
    updatedAt: p.createdAt
  })
  t.same((await call(app, w.keysA.coach, 'GET', `/v1/participants/${p.id}`)).body, p)
  t.same((await call(app, w.keysA.admin, 'GET', `/v1/participants/${p.id}`)).body, p)
  const found = await call(app, w.keysA.coach, 'GET', '/v1/participants?reference=ENS-2026-0042')
  t.same(found.body, { items: [p], nextCursor: null })

  const bare = await enrol(app, w.admin, { regionId: w.regions.a, displayName: 'Henk de Vries' })
  t.same([bare.enrolledBy, bare.contact, bare.references], [null, { email: null, phone: null }, []], 'a service-wide admin enrols for no organisation')
})

t.test('bad participant bodies: exact pointer and code, nothing written', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  await enrol(app, w.keysA.coach, { regionId: w.regions.a, displayName: 'Henk de Vries', reference: 'ENS-1' })
  const before = counts(app)
  const ok = { regionId: w.regions.a, displayName: 'Fatima B.' }
  const cases: Array<[object, number, string, string]> = [
    [{ ...ok, bsn: '111222333' }, 400, 'unknown-field', '#/bsn'],
    [{ ...ok, contact: { fax: '053 1234567' } }, 400, 'unknown-field', '#/contact/fax'],
    [{ regionId: w.regions.a }, 400, 'missing-field', '#/displayName'],
    [{ ...ok, displayName: 42 }, 400, 'invalid-type', '#/displayName'],
    [{ ...ok, displayName: 'F'.repeat(121) }, 400, 'invalid-max-length', '#/displayName'],
    [{ ...ok, contact: { email: 'fatima.b@' } }, 400, 'invalid-format', '#/contact/email'],
    [{ ...ok, contact: { email: `${'f'.repeat(250)}@example.nl` } }, 400, 'invalid-max-length', '#/contact/email'],
    [{ ...ok, contact: { phone: 'bel me maar' } }, 400, 'invalid-pattern', '#/contact/phone'],
    [{ ...ok, reference: 'R'.repeat(65) }, 400, 'invalid-max-length', '#/reference'],
    [{ ...ok, reference: '123456782' }, 400, 'looks-like-bsn', '#/reference'],
    [{ ...ok, reference: '111.222.333' }, 400, 'looks-like-bsn', '#/reference'],
    [{ ...ok, displayName: '111 222 333' }, 400, 'looks-like-bsn', '#/displayName'],
    [{ ...ok, regionId: 'reg_00000000000000000000' }, 400, 'unknown-region', '#/regionId'],
    [{ ...ok, regionId: w.regions.b }, 400, 'unknown-region', '#/regionId'],
    [{ ...ok, reference: 'ENS-1' }, 409, 'duplicate-reference', '#/reference']
  ]
  for (const [body, status, code, pointer] of cases) {
    const res = await call(app, w.keysA.coach, 'POST', '/v1/participants', body)
    t.equal(res.status, status, JSON.stringify(body))
    t.match(res.body.errors, [{ pointer, code }], JSON.stringify(body))
  }
  const bsn = await call(app, w.keysA.coach, 'POST', '/v1/participants', { ...ok, reference: '111222333' })
  t.match(bsn.body, { status: 400, code: 'looks-like-bsn', detail: /never stores national ID numbers/ })
  const noOrg = await call(app, w.admin, 'POST', '/v1/participants', { ...ok, reference: 'ADM-1' })
  t.match(noOrg.body, { status: 400, code: 'reference-needs-organisation', errors: [{ pointer: '#/reference' }] })
  t.same(counts(app), before)
})

t.test('roles: who may call which participant route', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const p = await enrol(app, w.keysA.coach, { regionId: w.regions.a, displayName: 'Fatima B.' })
  const routes: Array<[string, string, object | undefined, readonly string[]]> = [
    ['POST', '/v1/participants', { regionId: w.regions.a, displayName: 'Henk de Vries' }, ['employer', 'analyst', 'provider']],
    ['GET', '/v1/participants', undefined, ['employer', 'analyst']],
    ['GET', `/v1/participants/${p.id}`, undefined, ['employer', 'analyst']],
    ['PATCH', `/v1/participants/${p.id}`, { displayName: 'Henk de Vries' }, ['employer', 'analyst', 'provider']],
    ['POST', `/v1/participants/${p.id}/references`, { reference: 'X-1' }, ['employer', 'analyst']]
  ]
  for (const [method, url, body, refused] of routes) {
    t.equal((await call(app, null, method, url, body)).body.code, 'unauthenticated', `${method} ${url} without a key`)
    for (const role of refused) {
      const res = await call(app, w.keysA[role as 'admin'], method, url, body)
      t.match(res.body, { status: 403, code: 'forbidden-role' }, `${method} ${url} as ${role}`)
    }
  }
  t.same(counts(app), { participants: 1, references: 0, consents: 0 })
})

t.test('a coach of region A never sees region B\'s participants', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const mine = await enrol(app, w.keysA.coach, { regionId: w.regions.a, displayName: 'Fatima B.' })
  const theirs = await enrol(app, w.keysB.coach, { regionId: w.regions.b, displayName: 'Henk de Vries', reference: 'EHV-7' })
  const before = counts(app)
  for (const key of [w.keysA.coach, w.keysA.admin]) {
    t.same(ids((await call(app, key, 'GET', '/v1/participants')).body), [mine.id])
    t.same((await call(app, key, 'GET', `/v1/participants?regionId=${w.regions.b}`)).body, { items: [], nextCursor: null })
    t.same((await call(app, key, 'GET', '/v1/participants?reference=EHV-7')).body.items, [])
    t.match((await call(app, key, 'GET', `/v1/participants/${theirs.id}`)).body, { status: 404, code: 'not-found' })
    t.equal((await call(app, key, 'PATCH', `/v1/participants/${theirs.id}`, { displayName: 'X' })).status, 404)
    t.equal((await call(app, key, 'POST', `/v1/participants/${theirs.id}/references`, { reference: 'X-1', organisationId: w.orgs.municipalityA })).status, 404)
  }
  t.same(ids((await call(app, w.admin, 'GET', '/v1/participants')).body), [mine.id, theirs.id], 'the service-wide admin sees every region')
  t.same(ids((await call(app, w.admin, 'GET', `/v1/participants?regionId=${w.regions.b}`)).body), [theirs.id])
  t.same(counts(app), before)
  t.equal((await call(app, w.keysA.coach, 'GET', '/v1/participants/ppt_00000000000000000000')).status, 404)
})

t.test('the list pages by cursor; reference lookups are checked', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const made = []
  for (const name of ['Fatima B.', 'Henk de Vries', 'Sanne Jansen']) made.push((await enrol(app, w.keysA.coach, { regionId: w.regions.a, displayName: name })).id)
  const page1 = (await call(app, w.keysA.coach, 'GET', '/v1/participants?limit=2')).body
  const page2 = (await call(app, w.keysA.coach, 'GET', `/v1/participants?limit=2&cursor=${page1.nextCursor}`)).body
  t.same([...ids(page1), ...ids(page2)], made)
  t.equal(page2.nextCursor, null)
  const bsn = await call(app, w.keysA.coach, 'GET', '/v1/participants?reference=123456782')
  t.match(bsn.body, { status: 400, code: 'looks-like-bsn', errors: [{ pointer: '#/reference', in: 'querystring' }] })
  const noOrg = await call(app, w.admin, 'GET', '/v1/participants?reference=ENS-1')
  t.match(noOrg.body, { status: 400, code: 'reference-needs-organisation' })
  t.equal((await call(app, w.keysA.coach, 'GET', '/v1/participants?bsn=1')).body.errors[0].code, 'unknown-field')
})

t.test('PATCH changes the name, sets and clears contact fields', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const p = await enrol(app, w.keysA.coach, { regionId: w.regions.a, displayName: 'Fatima B.', contact: { email: 'fatima.b@example.nl' } })
  const res = await call(app, w.keysA.coach, 'PATCH', `/v1/participants/${p.id}`, { displayName: 'Fatima Bakkali', contact: { email: null, phone: '+31 6 12345678' } })
  t.equal(res.status, 200)
  t.same(res.body, { ...p, displayName: 'Fatima Bakkali', contact: { email: null, phone: '+31 6 12345678' }, updatedAt: res.body.updatedAt })
  t.ok(res.body.updatedAt > p.updatedAt, 'updatedAt moves on')
  const admin = await call(app, w.keysA.admin, 'PATCH', `/v1/participants/${p.id}`, { contact: { email: 'f.bakkali@example.nl' } })
  t.same(admin.body.contact, { email: 'f.bakkali@example.nl', phone: '+31 6 12345678' }, 'a field left out stays')

  const current = (await call(app, w.keysA.coach, 'GET', `/v1/participants/${p.id}`)).body
  const cases: Array<[object, string, string]> = [
    [{}, 'invalid-min-properties', '#'],
    [{ bsn: '111222333' }, 'unknown-field', '#/bsn'],
    [{ contact: { fax: '053 1234567' } }, 'unknown-field', '#/contact/fax'],
    [{ displayName: null }, 'invalid-type', '#/displayName'],
    [{ displayName: 'F'.repeat(121) }, 'invalid-max-length', '#/displayName'],
    [{ displayName: '123 456 782' }, 'looks-like-bsn', '#/displayName'],
    [{ contact: { email: 'geen e-mail' } }, 'invalid-format', '#/contact/email'],
    [{ contact: { phone: '12' } }, 'invalid-pattern', '#/contact/phone']
  ]
  for (const [body, code, pointer] of cases) {
    const bad = await call(app, w.keysA.coach, 'PATCH', `/v1/participants/${p.id}`, body)
    t.equal(bad.status, 400, JSON.stringify(body))
    t.same(bad.body.errors.map((e: { pointer: string, code: string }) => [e.pointer, e.code]), [[pointer, code]], JSON.stringify(body))
  }
  t.same((await call(app, w.keysA.coach, 'GET', `/v1/participants/${p.id}`)).body, current, 'nothing changed')
  t.equal((await call(app, w.keysA.coach, 'PATCH', '/v1/participants/ppt_00000000000000000000', { displayName: 'X' })).status, 404)
})

t.test('a provider sees only participants it holds a reference for', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const fatima = await enrol(app, w.keysA.coach, { regionId: w.regions.a, displayName: 'Fatima B.', reference: 'ENS-1' })
  const henk = await enrol(app, w.keysA.coach, { regionId: w.regions.a, displayName: 'Henk de Vries' })
  const provider = w.keysA.provider
  t.same((await call(app, provider, 'GET', '/v1/participants')).body.items, [])
  t.match((await call(app, provider, 'GET', `/v1/participants/${fatima.id}`)).body, {
    status: 403,
    code: 'reference-required',
    detail: `your organisation holds no reference for participant ${fatima.id}; record yours first with POST /v1/participants/${fatima.id}/references`
  }, 'a provider of her region is told how to link itself')

  const linked = await call(app, provider, 'POST', `/v1/participants/${fatima.id}/references`, { reference: 'ROC-2026-0117' })
  t.equal(linked.status, 201)
  t.same(linked.body, { organisationId: w.orgs.providerA, reference: 'ROC-2026-0117', participantId: fatima.id, createdAt: linked.body.createdAt })
  t.match((await call(app, provider, 'GET', `/v1/participants/${fatima.id}`)).body, { status: 403, code: 'data-exchange-consent-required' },
    'linked, but enrolled by another organisation: her consent for data exchange with the provider is needed too')
  t.same((await call(app, provider, 'GET', '/v1/participants')).body.items, [], 'nor is she listed without it')
  t.equal((await call(app, w.keysA.coach, 'POST', `/v1/participants/${fatima.id}/consents`, { purpose: 'data-exchange', given: true, organisationId: w.orgs.providerA })).status, 201)
  t.same(ids((await call(app, provider, 'GET', '/v1/participants')).body), [fatima.id])
  const seen = (await call(app, provider, 'GET', `/v1/participants/${fatima.id}`)).body
  t.same(seen.references, [{ organisationId: w.orgs.providerA, reference: 'ROC-2026-0117' }], 'only its own reference')
  t.same(ids((await call(app, provider, 'GET', '/v1/participants?reference=ROC-2026-0117')).body), [fatima.id])
  t.same((await call(app, provider, 'GET', '/v1/participants?reference=ENS-1')).body.items, [], 'another organisation\'s reference finds nothing')
  t.equal((await call(app, provider, 'GET', `/v1/participants/${henk.id}`)).body.code, 'reference-required')
  const all = (await call(app, w.keysA.coach, 'GET', `/v1/participants/${fatima.id}`)).body.references
  t.same(all, [{ organisationId: w.orgs.municipalityA, reference: 'ENS-1' }, { organisationId: w.orgs.providerA, reference: 'ROC-2026-0117' }])
  t.equal((await call(app, w.keysB.provider, 'POST', `/v1/participants/${henk.id}/references`, { reference: 'SUM-1' })).status, 404, 'not across regions')
})

t.test('references: whose they are, one per organisation, unique per organisation', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const fatima = await enrol(app, w.keysA.coach, { regionId: w.regions.a, displayName: 'Fatima B.', reference: 'ENS-1' })
  const henk = await enrol(app, w.admin, { regionId: w.regions.a, displayName: 'Henk de Vries' })
  const url = `/v1/participants/${henk.id}/references`
  const before = counts(app)
  const cases: Array<[string, object, number, string, string | undefined]> = [
    [w.keysA.coach, { reference: 'X-1', organisationId: w.orgs.providerA }, 403, 'forbidden', undefined],
    [w.keysA.provider, { reference: 'X-1', organisationId: w.orgs.municipalityA }, 403, 'forbidden', undefined],
    [w.keysA.admin, { reference: 'X-1' }, 400, 'organisation-required', '#/organisationId'],
    [w.keysA.admin, { reference: 'X-1', organisationId: w.orgs.providerB }, 400, 'unknown-organisation', '#/organisationId'],
    [w.admin, { reference: 'X-1', organisationId: 'org_00000000000000000000' }, 400, 'unknown-organisation', '#/organisationId'],
    [w.keysA.coach, { reference: '123456782' }, 400, 'looks-like-bsn', '#/reference'],
    [w.keysA.coach, { reference: 'X-1', bsn: '123456782' }, 400, 'unknown-field', '#/bsn'],
    [w.keysA.coach, { reference: 'R'.repeat(65) }, 400, 'invalid-max-length', '#/reference'],
    [w.keysA.coach, { reference: 7 }, 400, 'invalid-type', '#/reference'],
    [w.keysA.coach, { reference: 'ENS-1' }, 409, 'duplicate-reference', '#/reference'],
    [w.keysA.coach, { reference: 'X-1' }, 404, 'not-found', undefined]
  ]
  for (const [key, body, status, code, pointer] of cases) {
    const target = status === 404 ? '/v1/participants/ppt_00000000000000000000/references' : url
    const res = await call(app, key, 'POST', target, body)
    t.equal(res.status, status, JSON.stringify(body))
    if (pointer) t.match(res.body.errors, [{ pointer, code }], JSON.stringify(body))
    else t.equal(res.body.code, code, JSON.stringify(body))
  }
  t.same(counts(app), before)

  const byAdmin = await call(app, w.keysA.admin, 'POST', url, { reference: 'ROC-9', organisationId: w.orgs.providerA })
  t.match(byAdmin.body, { organisationId: w.orgs.providerA, reference: 'ROC-9', participantId: henk.id })
  const again = await call(app, w.keysA.provider, 'POST', url, { reference: 'ROC-10' })
  t.match(again.body, { status: 409, code: 'reference-exists' })
  const own = await call(app, w.keysA.coach, 'POST', `/v1/participants/${fatima.id}/references`, { reference: 'ENS-2', organisationId: w.orgs.municipalityA })
  t.match(own.body, { status: 409, code: 'reference-exists' })
})
