import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, call, expectStatus } from './helpers/build.ts'
import { seedWorld } from './helpers/world.ts'
import { parseApiKey } from '../src/lib/secrets.ts'

async function enrol (app: FastifyInstance, key: string, body: object) {
  return await expectStatus(call(app, key, 'POST', '/v1/participants', body), 201) as { id: string }
}

const consentCount = (app: FastifyInstance) => (app.db.$client.prepare('select count(*) as n from consents').get() as { n: number }).n

t.test('consent given, then withdrawn: the newest holds, the history keeps both', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const p = await enrol(app, w.keysA.coach, { regionId: w.regions.a, displayName: 'Fatima B.' })
  const url = `/v1/participants/${p.id}/consents`
  const given = await call(app, w.keysA.coach, 'POST', url, { purpose: 'share-with-employers', given: true })
  t.equal(given.status, 201)
  t.match(given.body.id, /^cns_[0-9a-z]{20}$/)
  t.same(given.body, { id: given.body.id, purpose: 'share-with-employers', organisationId: null, given: true, recordedAt: given.body.recordedAt })
  const withdrawn = await call(app, w.keysA.admin, 'POST', url, { purpose: 'share-with-employers', given: false })
  t.equal(withdrawn.status, 201)
  t.same(withdrawn.body, { id: withdrawn.body.id, purpose: 'share-with-employers', organisationId: null, given: false, recordedAt: withdrawn.body.recordedAt })

  const participant = (await call(app, w.keysA.coach, 'GET', `/v1/participants/${p.id}`)).body
  t.same(participant.consents, [{ purpose: 'share-with-employers', organisationId: null, given: false, recordedAt: withdrawn.body.recordedAt }])
  const history = await call(app, w.keysA.coach, 'GET', url)
  t.same(history.body, { items: [withdrawn.body, given.body], nextCursor: null }, 'newest first')

  const recordedBy = app.db.$client.prepare('select recorded_by from consents where id = ?')
  t.same(recordedBy.get(given.body.id), { recorded_by: parseApiKey(w.keysA.coach)!.keyId }, 'the key that recorded it')
  t.same(recordedBy.get(withdrawn.body.id), { recorded_by: parseApiKey(w.keysA.admin)!.keyId })
})

t.test('data exchange is consented per named organisation', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const p = await enrol(app, w.keysA.coach, { regionId: w.regions.a, displayName: 'Henk de Vries' })
  const url = `/v1/participants/${p.id}/consents`
  const post = async (body: object) => (await call(app, w.keysA.coach, 'POST', url, body)).body
  const roc = await post({ purpose: 'data-exchange', organisationId: w.orgs.providerA, given: true })
  t.same(roc.organisationId, w.orgs.providerA)
  const employer = await post({ purpose: 'data-exchange', organisationId: w.orgs.employerA, given: true })
  const research = await post({ purpose: 'impact-research', given: false })
  const withdrawn = await post({ purpose: 'data-exchange', organisationId: w.orgs.employerA, given: false })

  const current = (await call(app, w.keysA.coach, 'GET', `/v1/participants/${p.id}`)).body.consents
  const expected = [
    { purpose: 'data-exchange', organisationId: w.orgs.employerA, given: false, recordedAt: withdrawn.recordedAt },
    { purpose: 'data-exchange', organisationId: w.orgs.providerA, given: true, recordedAt: roc.recordedAt },
    { purpose: 'impact-research', organisationId: null, given: false, recordedAt: research.recordedAt }
  ].sort((a, b) => a.purpose.localeCompare(b.purpose) || (a.organisationId ?? '').localeCompare(b.organisationId ?? ''))
  t.same(current, expected)
  const history = (await call(app, w.keysA.coach, 'GET', url)).body.items.map((c: { id: string }) => c.id)
  t.same(history, [withdrawn.id, research.id, employer.id, roc.id])

  // a provider linked to the participant sees general consents and those naming itself only
  await call(app, w.keysA.provider, 'POST', `/v1/participants/${p.id}/references`, { reference: 'ROC-2026-0117' })
  const seen = (await call(app, w.keysA.provider, 'GET', `/v1/participants/${p.id}`)).body.consents
  t.same(seen, expected.filter((c) => c.organisationId !== w.orgs.employerA))
})

t.test('bad consent bodies: exact pointer and code, nothing written', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const p = await enrol(app, w.keysA.coach, { regionId: w.regions.a, displayName: 'Fatima B.' })
  const url = `/v1/participants/${p.id}/consents`
  const cases: Array<[object, string, string]> = [
    [{ purpose: 'data-exchange', given: true }, 'organisation-required', '#/organisationId'],
    [{ purpose: 'impact-research', given: true, organisationId: w.orgs.providerA }, 'organisation-not-allowed', '#/organisationId'],
    [{ purpose: 'share-with-employers', given: true, organisationId: w.orgs.employerA }, 'organisation-not-allowed', '#/organisationId'],
    [{ purpose: 'data-exchange', given: true, organisationId: 'org_00000000000000000000' }, 'unknown-organisation', '#/organisationId'],
    [{ purpose: 'impact-research', given: true, bsn: '111222333' }, 'unknown-field', '#/bsn'],
    [{ purpose: 'marketing', given: true }, 'invalid-enum', '#/purpose'],
    [{ purpose: 'impact-research', given: 'ja' }, 'invalid-type', '#/given'],
    [{ purpose: 'impact-research' }, 'missing-field', '#/given'],
    [{ purpose: 'data-exchange', given: true, organisationId: 'o'.repeat(65) }, 'invalid-max-length', '#/organisationId']
  ]
  for (const [body, code, pointer] of cases) {
    const res = await call(app, w.keysA.coach, 'POST', url, body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.same(res.body.errors.map((e: { pointer: string, code: string }) => [e.pointer, e.code]), [[pointer, code]], JSON.stringify(body))
  }
  t.equal(consentCount(app), 0)
  t.same((await call(app, w.keysA.coach, 'GET', url)).body, { items: [], nextCursor: null })
})

t.test('roles, unknown participants and regions', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const a = await enrol(app, w.keysA.coach, { regionId: w.regions.a, displayName: 'Fatima B.' })
  const b = await enrol(app, w.keysB.coach, { regionId: w.regions.b, displayName: 'Henk de Vries' })
  const body = { purpose: 'impact-research', given: true }
  for (const method of ['POST', 'GET'] as const) {
    const url = `/v1/participants/${a.id}/consents`
    const payload = method === 'POST' ? body : undefined
    t.equal((await call(app, null, method, url, payload)).body.code, 'unauthenticated', `${method} without a key`)
    for (const role of ['provider', 'employer', 'analyst'] as const) {
      t.match((await call(app, w.keysA[role], method, url, payload)).body, { status: 403, code: 'forbidden-role' }, `${method} as ${role}`)
    }
    for (const key of [w.keysA.coach, w.keysA.admin]) {
      t.match((await call(app, key, method, `/v1/participants/${b.id}/consents`, payload)).body, { status: 404, code: 'not-found' }, `${method} across regions`)
      t.equal((await call(app, key, method, '/v1/participants/ppt_00000000000000000000/consents', payload)).status, 404)
    }
  }
  t.equal(consentCount(app), 0)
  t.equal((await call(app, w.keysB.coach, 'POST', `/v1/participants/${b.id}/consents`, body)).status, 201)
  t.equal((await call(app, w.admin, 'GET', `/v1/participants/${b.id}/consents`)).body.items.length, 1, 'the service-wide admin sees every region')
})

t.test('the history pages by cursor, newest first', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const p = await enrol(app, w.keysA.coach, { regionId: w.regions.a, displayName: 'Sanne Jansen' })
  const url = `/v1/participants/${p.id}/consents`
  const made = []
  for (const given of [true, false, true]) made.push((await call(app, w.keysA.coach, 'POST', url, { purpose: 'impact-research', given })).body.id)
  const page1 = (await call(app, w.keysA.coach, 'GET', `${url}?limit=2`)).body
  const page2 = (await call(app, w.keysA.coach, 'GET', `${url}?limit=2&cursor=${page1.nextCursor}`)).body
  t.same([...page1.items, ...page2.items].map((c: { id: string }) => c.id), made.reverse())
  t.equal(page2.nextCursor, null)
  t.equal((await call(app, w.keysA.coach, 'GET', `${url}?cursor=nonsense`)).body.code, 'invalid-cursor')
})
