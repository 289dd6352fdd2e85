import t from 'tap'
import { build, call } from './helpers/build.ts'
import { completion, seedLearning } from './helpers/learning.ts'
import { testClock } from './helpers/time.ts'

const count = (app: any) => (app.db.$client.prepare('select count(*) as n from completions').get() as { n: number }).n

t.test('a provider records a unit; the same post again is a duplicate, other content a conflict', async (t) => {
  const app = await build(t)
  const { w, module, people } = await seedLearning(app)
  const body = completion(people.fatima, module.unitIds[1]!, 'ROC-2026-000123', {
    assessment: 'workplace',
    hostCompany: { name: 'Logistiek Hengelo BV', kvkNumber: '12345678' },
    workplaceAttestation: { name: 'Jan Smit', role: 'praktijkopleider', statement: 'Rijdt zelfstandig en veilig met de heftruck.', attestedOn: '2026-10-13' },
    evidenceUrl: 'https://portfolio.rocvantwente.nl/bewijs/123',
    result: { passed: true, grade: 'goed' }
  })
  const first = await call(app, w.keysA.provider, 'POST', '/v1/completions', body)
  t.equal(first.status, 201)
  t.same(first.body, {
    id: first.body.id,
    externalId: 'ROC-2026-000123',
    participantId: people.fatima,
    unitId: module.unitIds[1],
    moduleId: module.id,
    moduleVersion: 1,
    providerId: w.orgs.providerA,
    completedOn: '2026-10-14',
    assessment: 'workplace',
    hostCompany: { name: 'Logistiek Hengelo BV', kvkNumber: '12345678' },
    workplaceAttestation: { name: 'Jan Smit', role: 'praktijkopleider', statement: 'Rijdt zelfstandig en veilig met de heftruck.', attestedOn: '2026-10-13' },
    evidenceUrl: 'https://portfolio.rocvantwente.nl/bewijs/123',
    result: { passed: true, grade: 'goed' },
    source: 'api',
    createdAt: first.body.createdAt,
    updatedAt: first.body.createdAt,
    voided: null
  })
  t.match(first.body.id, /^cmp_/)

  // a retry after a time-out: keys in another order, same content
  const reordered = Object.fromEntries(Object.entries(body).reverse())
  const retry = await call(app, w.keysA.provider, 'POST', '/v1/completions', reordered)
  t.equal(retry.status, 200)
  t.same(retry.body, first.body, 'the original record')
  const byReference = await call(app, w.keysA.provider, 'POST', '/v1/completions', { ...body, participantId: undefined, participantReference: 'ROC-1001' })
  t.equal(byReference.status, 200, 'naming the participant by reference is the same content')

  const nestedReordered = { ...body, workplaceAttestation: Object.fromEntries(Object.entries((body as Record<string, any>).workplaceAttestation).reverse()) }
  t.equal((await call(app, w.keysA.provider, 'POST', '/v1/completions', nestedReordered)).status, 200, 'nested keys in another order too')

  const changed = await call(app, w.keysA.provider, 'POST', '/v1/completions', { ...body, completedOn: '2026-10-15' })
  t.equal(changed.status, 409)
  t.match(changed.body, { code: 'external-id-conflict', errors: [{ pointer: '#/externalId' }] })
  // any other detail is other content as well
  const others = [
    { ...body, workplaceAttestation: { ...(body as Record<string, any>).workplaceAttestation, statement: 'Rijdt zelfstandig met de heftruck.' } },
    { ...body, hostCompany: { name: 'Logistiek Hengelo BV' } },
    { ...body, evidenceUrl: undefined },
    { ...body, result: { passed: true, grade: 'voldoende' } },
    { ...body, assessment: 'observation' },
    { ...body, participantId: people.henk },
    { ...body, unitId: module.unitIds[0] }
  ]
  for (const other of others) {
    const res = await call(app, w.keysA.provider, 'POST', '/v1/completions', other)
    t.equal(res.status === 409 ? res.body.code : res.status, 'external-id-conflict')
  }
  t.equal(count(app), 1)
})

t.test('bad completions get a problem naming the field, and nothing is written', async (t) => {
  // 2 November 2026 in the Netherlands
  const app = await build(t, { now: testClock('2026-11-02T09:30:00Z').now })
  const { w, module, moduleB, people } = await seedLearning(app)
  const unit = module.unitIds[0]!
  const cases: Array<[Record<string, unknown>, number, string, string]> = [
    [{ ...completion(people.fatima, unit, 'x1'), bsn: '111222333' }, 400, 'unknown-field', '#/bsn'],
    [completion(people.fatima, unit, 'x2', { assessment: 'exam' }), 400, 'invalid-enum', '#/assessment'],
    [completion(people.fatima, unit, 'x3', { completedOn: '14-10-2026' }), 400, 'invalid-format', '#/completedOn'],
    [completion(people.fatima, unit, 'x4', { completedOn: '2026-11-03' }), 400, 'date-in-future', '#/completedOn'],
    [completion(people.fatima, unit, 'x5', { completedOn: '1999-12-31' }), 400, 'date-too-early', '#/completedOn'],
    [completion(people.fatima, unit, 'x'.repeat(129)), 400, 'invalid-max-length', '#/externalId'],
    [completion(people.fatima, 'unt_00000000000000000000', 'x6'), 400, 'unknown-unit', '#/unitId'],
    [completion('ppt_00000000000000000000', unit, 'x7'), 400, 'unknown-participant', '#/participantId'],
    [{ ...completion(people.fatima, unit, 'x8'), participantId: undefined }, 400, 'participant-required', '#/participantId'],
    [{ ...completion(people.fatima, unit, 'x9'), participantReference: 'ROC-1001' }, 400, 'participant-ambiguous', '#/participantReference'],
    [{ ...completion(people.fatima, unit, 'x10'), participantId: undefined, participantReference: 'ROC-9999' }, 400, 'unknown-participant', '#/participantReference'],
    [completion(people.fatima, unit, 'x11', { hostCompany: { name: 'X', kvkNumber: '123' } }), 400, 'invalid-pattern', '#/hostCompany/kvkNumber'],
    [completion(people.fatima, unit, 'x12', { result: {} }), 400, 'invalid-min-properties', '#/result'],
    [completion(people.fatima, unit, 'x13', { evidenceUrl: 'javascript:alert(1)' }), 400, 'invalid-pattern', '#/evidenceUrl'],
    [completion(people.fatima, moduleB.unitIds[0]!, 'x14'), 403, 'not-your-module', '#/unitId'],
    [completion(people.noor, unit, 'x15'), 400, 'unknown-participant', '#/participantId']
  ]
  for (const [body, status, code, pointer] of cases) {
    const res = await call(app, w.keysA.provider, 'POST', '/v1/completions', body)
    t.equal(res.status, status, code)
    t.equal(res.type, 'application/problem+json; charset=utf-8', code)
    t.ok(res.body.errors.some((e: any) => e.pointer === pointer && e.code === code), `${code} at ${pointer}: ${JSON.stringify(res.body.errors)}`)
  }
  const malformed = await app.inject({ method: 'POST', url: '/v1/completions', headers: { authorization: `Bearer ${w.keysA.provider}`, 'content-type': 'application/json' }, payload: '{"externalId": "a"' })
  t.equal(malformed.json().code, 'malformed-json')
  t.equal(count(app), 0, 'nothing was written')
})

t.test('a completion may be dated today in the Netherlands, and not a day later', async (t) => {
  // 00:30 on 3 November in Amsterdam, still the 2nd in UTC
  const app = await build(t, { now: testClock('2026-11-02T23:30:00Z').now })
  const { w, module, people } = await seedLearning(app)
  const today = await call(app, w.keysA.provider, 'POST', '/v1/completions', completion(people.fatima, module.unitIds[0]!, 'today', { completedOn: '2026-11-03' }))
  t.equal(today.status, 201, 'today in Amsterdam')
  const tomorrow = await call(app, w.keysA.provider, 'POST', '/v1/completions', completion(people.fatima, module.unitIds[1]!, 'tomorrow', { completedOn: '2026-11-04' }))
  t.equal(tomorrow.status, 400)
  t.match(tomorrow.body.errors, [{ pointer: '#/completedOn', code: 'date-in-future', detail: '2026-11-04 is after today (2026-11-03)' }])
  t.equal(count(app), 1)
})

t.test('a completion that names no participant says that neither way was given', async (t) => {
  const app = await build(t)
  const { w, module, people } = await seedLearning(app)
  const unit = module.unitIds[0]!
  const neither = await call(app, w.keysA.provider, 'POST', '/v1/completions', { ...completion(people.fatima, unit, 'n1'), participantId: undefined })
  t.match(neither.body.errors, [{ code: 'participant-required', pointer: '#/participantId', detail: 'name the participant by participantId or by participantReference; neither was given' }])
  const both = await call(app, w.keysA.provider, 'POST', '/v1/completions', { ...completion(people.fatima, unit, 'n2'), participantReference: 'ROC-1001' })
  t.match(both.body.errors, [{ code: 'participant-ambiguous', pointer: '#/participantReference', detail: 'name the participant by participantId or by participantReference, not both' }])
  t.equal(count(app), 0)
})

t.test('a draft unit cannot be completed', async (t) => {
  const app = await build(t)
  const { w, module, people } = await seedLearning(app)
  const draft = await call(app, w.keysA.provider, 'PATCH', `/v1/modules/${module.id}`, { hours: 20 })
  const draftUnit = draft.body.current.units[0].id
  const res = await call(app, w.keysA.provider, 'POST', '/v1/completions', completion(people.fatima, draftUnit, 'd1'))
  t.match(res.body, { status: 400, code: 'unit-not-published', errors: [{ pointer: '#/unitId' }] })
})

t.test('who may record, read and void completions', async (t) => {
  const app = await build(t)
  const { w, module, people } = await seedLearning(app)
  for (const role of ['admin', 'coach', 'employer', 'analyst'] as const) {
    const res = await call(app, w.keysA[role], 'POST', '/v1/completions', completion(people.fatima, module.unitIds[0]!, `r-${role}`))
    t.equal(res.body.code, 'forbidden-role', role)
  }
  t.equal((await call(app, null, 'POST', '/v1/completions', completion(people.fatima, module.unitIds[0]!, 'anon'))).status, 401)
  t.equal(count(app), 0)

  const made = (await call(app, w.keysA.provider, 'POST', '/v1/completions', completion(people.fatima, module.unitIds[0]!, 'c1'))).body
  t.equal((await call(app, w.keysA.coach, 'GET', `/v1/completions/${made.id}`)).status, 200, 'a coach of the region reads it')
  t.equal((await call(app, w.keysA.admin, 'GET', `/v1/completions/${made.id}`)).status, 200)
  for (const key of [w.keysB.coach, w.keysB.admin, w.keysB.provider]) {
    t.equal((await call(app, key, 'GET', `/v1/completions/${made.id}`)).status, 404, 'other regions and providers do not see it')
  }
  for (const role of ['employer', 'analyst'] as const) {
    t.equal((await call(app, w.keysA[role], 'GET', `/v1/completions/${made.id}`)).body.code, 'forbidden-role')
  }
  for (const role of ['coach', 'employer', 'analyst'] as const) {
    t.equal((await call(app, w.keysA[role], 'POST', `/v1/completions/${made.id}/void`, { reason: 'x' })).body.code, 'forbidden-role')
  }
  t.equal((await call(app, w.keysB.provider, 'POST', `/v1/completions/${made.id}/void`, { reason: 'x' })).status, 404)
  t.equal((await call(app, w.keysA.provider, 'GET', '/v1/completions/cmp_00000000000000000000')).status, 404)
})

t.test('voiding keeps the record, marks it, keeps an event, and cannot happen twice', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const { w, module, people } = await seedLearning(app)
  const made = (await call(app, w.keysA.provider, 'POST', '/v1/completions', completion(people.fatima, module.unitIds[0]!, 'v1'))).body
  const bad = await call(app, w.keysA.provider, 'POST', `/v1/completions/${made.id}/void`, { reason: '' })
  t.equal(bad.status, 400)
  clock.advance(3600_000)
  const voided = await call(app, w.keysA.provider, 'POST', `/v1/completions/${made.id}/void`, { reason: 'geregistreerd bij de verkeerde deelnemer' })
  t.equal(voided.status, 200)
  t.same(voided.body.voided, { at: clock.iso(), reason: 'geregistreerd bij de verkeerde deelnemer' }, 'voided now')
  t.match(voided.body, { id: made.id, createdAt: made.createdAt, updatedAt: clock.iso() })
  const again = await call(app, w.keysA.admin, 'POST', `/v1/completions/${made.id}/void`, { reason: 'nogmaals' })
  t.match(again.body, { status: 409, code: 'already-void' })
  const events = app.db.$client.prepare("select type, subject_id, payload from domain_events where type = 'completion.voided'").all() as any[]
  t.equal(events.length, 1)
  const version = app.db.$client.prepare('select module_version_id from completions where id = ?').pluck().get(made.id)
  t.equal(events[0].subject_id, `${people.fatima}/${version}`, 'about the participant\'s module version, as the outbox\'s other events')
  t.match(JSON.parse(events[0].payload), { completionId: made.id, participantId: people.fatima, unitId: module.unitIds[0], reason: 'geregistreerd bij de verkeerde deelnemer' })
  t.equal(count(app), 1, 'nothing is deleted')
  const retry = await call(app, w.keysA.provider, 'POST', '/v1/completions', completion(people.fatima, module.unitIds[0]!, 'v1'))
  t.equal(retry.status, 200, 'a retry of the voided post does not bring it back')
  t.not(retry.body.voided, null)
})
