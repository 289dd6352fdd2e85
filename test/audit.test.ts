import t from 'tap'
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { build, call, expectStatus } from './helpers/build.ts'
import { completion, seedLearning } from './helpers/learning.ts'
import { seedWorld } from './helpers/world.ts'
import { testClock, TEST_NOW } from './helpers/time.ts'
import { parseApiKey } from '../src/lib/secrets.ts'
import { GENESIS_HASH, canonicalFields, chainChecker, eventHash, linkEvents, type ChainedEvent } from '../src/features/audit/chain.ts'

const keyIdOf = (key: string) => parseApiKey(key)!.keyId

/** Every event the key may read, through every page. */
async function auditOf (app: FastifyInstance, key: string, query = ''): Promise<any[]> {
  const items: any[] = []
  let cursor: string | null = null
  do {
    const page: any = await expectStatus(call(app, key, 'GET', `/v1/audit?limit=200${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), 200)
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return items
}

/** The chain as stored, checked from the start: the first break, or undefined. */
function chainBreak (app: FastifyInstance) {
  app.audit.flush()
  const checker = chainChecker()
  for (const event of app.audit.repo.chain()) {
    const broken = checker.check(event)
    if (broken) return broken
  }
  return undefined
}

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1)

t.test('a sequence of writes, views and checks: one event each, with exact fields and no personal data', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const s = await seedLearning(app)
  const { w } = s
  const before = (await auditOf(app, w.admin)).length
  t.ok(before > 20, 'seeding the world was audited too')

  const expected: object[] = []
  const coach = { keyId: keyIdOf(w.keysA.coach), organisationId: w.orgs.municipalityA, role: 'coach' }
  const provider = { keyId: keyIdOf(w.keysA.provider), organisationId: w.orgs.providerA, role: 'provider' }
  const regionAdmin = { keyId: keyIdOf(w.keysA.admin), organisationId: w.orgs.municipalityA, role: 'admin' }
  const employer = { keyId: keyIdOf(w.keysA.employer), organisationId: w.orgs.employerA, role: 'employer' }
  const anyone = { keyId: null, organisationId: null, role: 'public' }
  /** A request made one minute after the one before, and the event it should leave. */
  const step = async (make: () => Promise<{ status: number, headers: Record<string, unknown>, body: any }>, status: number, event: (body: any) => object) => {
    clock.advance(60_000)
    const answer = await make()
    if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`)
    // views and verifications are written a moment later: now, so that positions follow the steps
    app.audit.flush()
    expected.push({ position: before + expected.length + 1, at: clock.iso(), requestId: answer.headers['x-request-id'], ...event(answer.body) })
    return answer.body
  }

  const person = await step(() => call(app, w.keysA.coach, 'POST', '/v1/participants',
    { regionId: w.regions.a, displayName: 'Jan Jansen', contact: { email: 'jan.jansen@example.nl', phone: '+31612345678' } }), 201,
  (b) => ({ action: 'participant.create', ...coach, targetType: 'participant', targetId: b.id }))
  await step(() => call(app, w.keysA.coach, 'PATCH', `/v1/participants/${person.id}`, { displayName: 'Jan J. Jansen' }), 200,
    () => ({ action: 'participant.update', ...coach, targetType: 'participant', targetId: person.id }))
  await step(() => call(app, w.keysA.provider, 'POST', `/v1/participants/${person.id}/references`, { reference: 'ROC-2002' }), 201,
    () => ({ action: 'reference.create', ...provider, targetType: 'participant', targetId: person.id }))
  await step(() => call(app, w.keysA.coach, 'POST', `/v1/participants/${person.id}/consents`, { purpose: 'share-with-employers', given: true }), 201,
    () => ({ action: 'consent.record', ...coach, targetType: 'participant', targetId: person.id }))
  const first = await step(() => call(app, w.keysA.provider, 'POST', '/v1/completions', completion(person.id, s.module.unitIds[0]!, 'ext-1')), 201,
    (b) => ({ action: 'completion.record', ...provider, targetType: 'completion', targetId: b.id }))
  await step(() => call(app, w.keysA.provider, 'POST', '/v1/completions', completion(person.id, s.module.unitIds[0]!, 'ext-1')), 200,
    () => ({ action: 'completion.record', ...provider, targetType: 'completion', targetId: first.id }))
  await step(() => call(app, w.keysA.provider, 'POST', '/v1/completions/batch',
    { items: [completion(person.id, s.module.unitIds[1]!, 'ext-2'), completion(s.people.henk, s.module.unitIds[0]!, 'ext-3')] }), 200,
  () => ({ action: 'completion.record-batch', ...provider, targetType: 'completion', targetId: null }))
  await app.issuance.drain()
  const [credential] = (await expectStatus(call(app, w.keysA.coach, 'GET', `/v1/participants/${person.id}/credentials`), 200)).items
  const { jwt } = await expectStatus(call(app, w.keysA.coach, 'GET', `/v1/credentials/${credential.id}`), 200)

  const share = await step(() => call(app, w.keysA.coach, 'POST', `/v1/participants/${person.id}/shares`,
    { scope: 'all', employerId: w.orgs.employerA, label: 'Bakkerij Jansen' }), 201,
  (b) => ({ action: 'share.create', ...coach, targetType: 'share', targetId: b.id }))
  const token = tokenOf(share.url)
  await step(async () => {
    const page = await app.inject({ method: 'GET', url: `/s/${token}` })
    return { status: page.statusCode, headers: page.headers, body: null }
  }, 200, () => ({ action: 'share.view', ...anyone, targetType: 'share', targetId: share.id }))
  await step(() => call(app, null, 'GET', `/s/${token}/portfolio.json`), 200,
    () => ({ action: 'share.view', ...anyone, targetType: 'share', targetId: share.id }))
  await step(() => call(app, w.keysA.employer, 'GET', `/v1/shares/${share.id}/portfolio`), 200,
    () => ({ action: 'share.view', ...employer, targetType: 'share', targetId: share.id }))
  await step(() => call(app, null, 'POST', '/v1/verify', { credential: jwt }), 200,
    () => ({ action: 'verify', ...anyone, targetType: 'credential', targetId: credential.id }))
  await step(() => call(app, w.keysA.admin, 'POST', `/v1/credentials/${credential.id}/revoke`, { reason: 'issued-in-error', note: 'Jan Jansen vroeg erom' }), 200,
    () => ({ action: 'credential.revoke', ...regionAdmin, targetType: 'credential', targetId: credential.id }))
  await step(() => call(app, w.keysA.provider, 'POST', `/v1/completions/${first.id}/void`, { reason: 'geregistreerd bij Jan Jansen' }), 200,
    () => ({ action: 'completion.void', ...provider, targetType: 'completion', targetId: first.id }))
  await step(() => call(app, w.keysA.coach, 'DELETE', `/v1/participants/${person.id}/shares/${share.id}`), 200,
    () => ({ action: 'share.withdraw', ...coach, targetType: 'share', targetId: share.id }))
  const link = await step(() => call(app, w.keysA.coach, 'POST', `/v1/participants/${person.id}/access-link`), 201,
    (b) => ({ action: 'access-link.create', ...coach, targetType: 'access-link', targetId: b.id }))
  await step(() => call(app, w.keysA.coach, 'DELETE', `/v1/participants/${person.id}/access-link`), 204,
    () => ({ action: 'access-link.revoke', ...coach, targetType: 'participant', targetId: person.id }))

  const events = (await auditOf(app, w.admin)).slice(before)
  t.same(events.map(({ id: _id, prevHash: _p, hash: _h, ...fields }) => fields), expected, 'one event per step, exactly')
  t.ok(events.every((e) => /^aud_[0-9a-z]{20}$/.test(e.id)), 'opaque ids')
  t.equal(chainBreak(app), undefined, 'the chain holds')

  const stored = JSON.stringify(app.db.$client.prepare('select * from audit_events').all())
  const hashes = app.db.$client.prepare('select token_hash from shares union all select token_hash from access_links').pluck().all() as string[]
  const personal = ['Jan', 'Jansen', 'jan.jansen@example.nl', '612345678', 'ROC-2002', 'ROC-1001', 'Fatima', 'Henk', 'Noor',
    'Bakkerij', token, tokenOf(link.url), ...hashes, jwt.split('.')[2]!]
  t.same(personal.filter((text) => stored.includes(text)), [], 'no name, contact, reference, label, note, token, token hash or credential in any event')
})

t.test('reads and refused writes leave no event', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const { w } = s
  const count = () => { app.audit.flush(); return app.db.$client.prepare('select count(*) from audit_events').pluck().get() as number }
  const before = count()
  for (const [key, url] of [
    [w.keysA.coach, '/v1/participants'], [w.keysA.coach, `/v1/participants/${s.people.fatima}`], [w.keysA.coach, `/v1/participants/${s.people.fatima}/portfolio`],
    [w.keysA.coach, `/v1/participants/${s.people.fatima}/credentials`], [w.keysA.provider, '/v1/completions'], [w.admin, '/v1/audit'],
    [w.keysA.provider, '/v1/modules'], [null, '/.well-known/jwks.json'], [null, '/verify'], [null, '/health']
  ] as const) await expectStatus(call(app, key, 'GET', url), 200)
  t.equal(count(), before, 'GETs write no event')

  await expectStatus(call(app, w.keysA.coach, 'POST', '/v1/participants', { regionId: w.regions.a }), 400)
  await expectStatus(call(app, w.keysA.coach, 'POST', '/v1/regions', { slug: 'drenthe', name: 'Drenthe' }), 403)
  await expectStatus(call(app, null, 'POST', '/v1/regions', { slug: 'drenthe', name: 'Drenthe' }), 401)
  await expectStatus(call(app, w.keysA.coach, 'PATCH', '/v1/participants/ppt_00000000000000000000', { displayName: 'X' }), 404)
  await expectStatus(call(app, w.keysB.coach, 'PATCH', `/v1/participants/${s.people.fatima}`, { displayName: 'X' }), 404)
  await expectStatus(call(app, w.admin, 'POST', '/v1/regions', { slug: 'twente', name: 'Twente 2' }), 409)
  await expectStatus(call(app, null, 'POST', '/v1/verify', { credential: 'not a credential' }), 400)
  await expectStatus(call(app, w.keysA.provider, 'POST', '/v1/completions/batch',
    { atomic: true, items: [completion(s.people.fatima, 'unt_00000000000000000000', 'x-1')] }), 400)
  t.equal(count(), before, 'refused writes write no event')
})

t.test('the hash: sha256 of the previous hash and the canonical JSON of the fields, from 64 zeros', async (t) => {
  const input = { action: 'participant.create', at: TEST_NOW, keyId: 'key_0123456789abcdefghjk', organisationId: null, role: 'coach', targetType: 'participant', targetId: 'ppt_0123456789abcdefghjk', requestId: 'r-1' } as const
  const [first, second] = linkEvents({ position: 0, hash: GENESIS_HASH }, [{ ...input, id: 'aud_1' }, { ...input, id: 'aud_2', action: 'participant.update' }])
  const json = '{"action":"participant.create","at":"2026-11-02T09:30:00.000Z","id":"aud_1","keyId":"key_0123456789abcdefghjk","organisationId":null,' +
    '"position":1,"requestId":"r-1","role":"coach","targetId":"ppt_0123456789abcdefghjk","targetType":"participant"}'
  t.equal(canonicalFields(first!), json)
  t.equal(first!.prevHash, '0'.repeat(64))
  t.equal(first!.hash, createHash('sha256').update('0'.repeat(64) + json).digest('hex'))
  t.equal(second!.position, 2)
  t.equal(second!.prevHash, first!.hash)
  t.equal(second!.hash, eventHash(first!.hash, second!))

  const check = (events: ChainedEvent[]) => { const c = chainChecker(); return events.map((e) => c.check(e)).find(Boolean) }
  t.equal(check([first!, second!]), undefined)
  t.match(check([first!, { ...second!, targetId: 'ppt_other' }]), { position: 2, id: 'aud_2', reason: 'hash-mismatch' })
  t.match(check([second!]), { position: 2, reason: 'broken-link', detail: /position 1 is missing/ })
  const rehashed = { ...first!, role: 'admin' as const }
  t.match(check([{ ...rehashed, hash: eventHash(GENESIS_HASH, rehashed) }, second!]), { position: 2, reason: 'broken-link', detail: /position 1/ })
})

t.test('concurrent requests: one chain, no fork, no gap', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const { w } = s
  await expectStatus(call(app, w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/consents`, { purpose: 'share-with-employers', given: true }), 201)
  const share = await expectStatus(call(app, w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/shares`, { scope: 'all' }), 201)
  const before = (await auditOf(app, w.admin)).length
  const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => i % 3 === 0
    ? call(app, w.keysA.coach, 'POST', '/v1/participants', { regionId: w.regions.a, displayName: `Deelnemer ${i}` })
    : i % 3 === 1
      ? call(app, null, 'GET', `/s/${tokenOf(share.url)}/portfolio.json`)
      : call(app, w.keysA.provider, 'POST', '/v1/completions/batch', { items: [completion(s.people.fatima, s.module.unitIds[0]!, `c-${i}`)] })))
  t.same([...new Set(answers.map((a) => a.status))].sort(), [200, 201])
  const events = (await auditOf(app, w.admin)).slice(before)
  t.equal(events.length, 60, 'one event per request, one per batch')
  t.same(events.map((e) => e.action).sort(), [...Array(20).fill('completion.record-batch'), ...Array(20).fill('participant.create'), ...Array(20).fill('share.view')])
  const positions = (await auditOf(app, w.admin)).map((e) => e.position).sort((a, b) => a - b)
  t.same(positions, positions.map((_, i) => i + 1), 'positions 1..n, each once')
  t.equal(chainBreak(app), undefined)
})

t.test('the participant\'s own page: a share made and withdrawn there, by `participant`, without a key', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const s = await seedLearning(app)
  await expectStatus(call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/consents`, { purpose: 'share-with-employers', given: true }), 201)
  const link = await expectStatus(call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/access-link`), 201)
  const base = `/p/${tokenOf(link.url)}`
  const form = (url: string, payload: string) => app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  const made = await form(`${base}/shares`, 'label=Bakkerij&scope=all&days=30')
  t.equal(made.statusCode, 201)
  const [share] = app.sharing.repo.sharesOf(s.people.fatima, 10)
  const stop = await form(`${base}/shares/${share!.id}/withdraw`, '')
  t.equal(stop.statusCode, 303, 'withdrawn: back to the page')
  t.equal((await form(`${base}/shares/shr_00000000000000000000/withdraw`, '')).statusCode, 404)
  const events = (await auditOf(app, s.w.admin, '&targetType=share')).map(({ id: _i, position: _p, prevHash: _h, hash: _x, ...e }) => e)
  const participant = { at: clock.iso(), keyId: null, organisationId: null, role: 'participant', targetType: 'share', targetId: share!.id }
  t.same(events, [
    { action: 'share.create', ...participant, requestId: made.headers['x-request-id'] },
    { action: 'share.withdraw', ...participant, requestId: stop.headers['x-request-id'] }
  ])
})

t.test('GET /v1/audit: admins only; a region admin sees its regions\' organisations and its own key', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const inA = await expectStatus(call(app, w.keysA.coach, 'POST', '/v1/participants', { regionId: w.regions.a, displayName: 'A' }), 201)
  const inB = await expectStatus(call(app, w.keysB.coach, 'POST', '/v1/participants', { regionId: w.regions.b, displayName: 'B' }), 201)
  const own = await expectStatus(call(app, w.keysA.admin, 'POST', '/v1/organisations', { name: 'Werkplein Twente', kind: 'work-centre', regionIds: [w.regions.a] }), 201)

  for (const role of ['provider', 'coach', 'employer', 'analyst'] as const) {
    t.match(await call(app, w.keysA[role], 'GET', '/v1/audit'), { status: 403, body: { code: 'forbidden-role' } }, role)
  }
  t.match(await call(app, null, 'GET', '/v1/audit'), { status: 401, body: { code: 'unauthenticated' } })

  const all = await auditOf(app, w.admin)
  const targets = (events: any[]) => events.map((e) => e.targetId)
  t.ok(targets(all).includes(inA.id) && targets(all).includes(inB.id), 'a service admin sees every event')
  t.ok(all.some((e) => e.keyId === keyIdOf(w.admin) && e.organisationId === null && e.role === 'admin'), 'the service admin\'s own')

  const regional = await auditOf(app, w.keysA.admin)
  t.ok(targets(regional).includes(inA.id), 'region A\'s coach')
  t.ok(targets(regional).includes(own.id), 'its own')
  t.notOk(targets(regional).includes(inB.id), 'not region B\'s')
  t.ok(regional.every((e) => e.keyId === keyIdOf(w.keysA.admin) || [w.orgs.providerA, w.orgs.employerA, w.orgs.municipalityA, own.id].includes(e.organisationId)),
    'only organisations of region A, or its own key')
  t.same(await auditOf(app, w.keysA.admin, `&organisationId=${w.orgs.employerB}`), [], 'another region\'s organisation: nothing')
})

t.test('GET /v1/audit: filters combine, cursors page, bad filters are problems', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const w = await seedWorld(app)
  const times: string[] = []
  for (let i = 0; i < 5; i++) {
    clock.advance(3600_000)
    times.push(clock.iso())
    await expectStatus(call(app, w.keysA.coach, 'POST', '/v1/participants', { regionId: w.regions.a, displayName: `Deelnemer ${i}` }), 201)
  }
  const all = await auditOf(app, w.admin)
  const created = all.filter((e) => e.action === 'participant.create')
  t.equal(created.length, 5)

  const query = async (q: string) => (await auditOf(app, w.admin, q)).map((e) => e.id)
  t.same(await query('&action=participant.create'), created.map((e) => e.id))
  t.same(await query(`&keyId=${keyIdOf(w.keysA.coach)}`), created.map((e) => e.id))
  t.same(await query(`&organisationId=${w.orgs.municipalityA}&action=participant.create`), created.map((e) => e.id))
  t.same(await query(`&targetType=participant&targetId=${created[2].targetId}`), [created[2].id])
  t.same(await query(`&targetId=${created[2].targetId}`), [created[2].id])
  t.same(await query(`&from=${encodeURIComponent(times[1]!)}&to=${encodeURIComponent(times[3]!)}`), [created[1].id, created[2].id], 'from inclusive, to exclusive')
  t.equal(times[4], '2026-11-02T14:30:00.000Z')
  t.same(await query(`&from=${encodeURIComponent('2026-11-02T15:30:00+01:00')}`), [created[4].id], 'a moment in another time zone')
  t.same(await query('&action=region.create&targetType=participant'), [], 'filters combine')

  const pages: string[][] = []
  let cursor: string | null = null
  do {
    const page: any = await expectStatus(call(app, w.admin, 'GET', `/v1/audit?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), 200)
    pages.push(page.items.map((e: any) => e.id))
    cursor = page.nextCursor
  } while (cursor)
  t.same(pages.flat(), all.map((e) => e.id), 'pages of 4 give everything once, in order')
  t.ok(pages.slice(0, -1).every((p) => p.length === 4))

  const problem = async (q: string) => (await call(app, w.admin, 'GET', `/v1/audit?${q}`)).body
  t.match(await problem('action=participant.delete'), { status: 400, code: 'validation-failed', errors: [{ pointer: '#/action', code: 'invalid-enum' }] })
  t.match(await problem('targetType=person'), { status: 400, errors: [{ pointer: '#/targetType', code: 'invalid-enum' }] })
  t.match(await problem('from=yesterday'), { status: 400, errors: [{ pointer: '#/from', code: 'invalid-format' }] })
  t.match(await problem('name=Jan'), { status: 400, errors: [{ pointer: '#/name', code: 'unknown-field' }] })
  t.match(await problem('cursor=abc'), { status: 400, code: 'invalid-cursor', errors: [{ pointer: '#/cursor' }] })
})

t.test('start-up refuses a route that is not a GET and names no audit action', async (t) => {
  const app = await build(t)
  const handler = async () => ({})
  t.throws(() => app.post('/v1/things', { config: { roles: ['admin'] } }, handler), /route POST \/v1\/things declares no audit action/)
  t.throws(() => app.delete('/pages/thing', { config: { public: true } }, handler), /route DELETE \/pages\/thing declares no audit action/)
  t.throws(() => app.put('/v1/things/:thingId', { config: { roles: ['admin'], audit: 'participant.update' } }, handler),
    /audit action participant.update, whose target is the path parameter participantId/)
  t.throws(() => app.post('/v1/stuff', { config: { roles: ['admin'], audit: 'thing.do' as never } }, handler), /unknown one: thing.do/)
  t.doesNotThrow(() => app.get('/v1/things', { config: { roles: ['admin'] } }, handler), 'a GET needs none')
  t.doesNotThrow(() => app.post('/v1/regions-too', { config: { roles: ['admin'], audit: 'region.create' } }, handler))
})

t.test('a client\'s own x-request-id is kept only when it is an id, never free text', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const post = (requestId: string, slug: string) => app.inject({
    method: 'POST', url: '/v1/regions', payload: { slug, name: slug }, headers: { authorization: `Bearer ${w.admin}`, 'x-request-id': requestId }
  })
  t.equal((await post('0f8e2c1d9a7b4e3f8c6d5b4a3f2e1d0c', 'drenthe')).statusCode, 201)
  t.equal((await post('Jan Jansen', 'flevoland')).statusCode, 201)
  const created = await auditOf(app, w.admin, '&action=region.create')
  t.same(created.slice(-2).map((e) => e.requestId), ['0f8e2c1d9a7b4e3f8c6d5b4a3f2e1d0c', null])
})
