import t from 'tap'
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { build } from './helpers/build.ts'
import { seedLearning } from './helpers/learning.ts'
import { testClock } from './helpers/time.ts'

const COMPLETED = 'http://adlnet.gov/expapi/verbs/completed'

function statement (activityId: string, changes: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    actor: { objectType: 'Agent', name: 'Fatima B.', account: { homePage: 'https://leren.rocvantwente.nl', name: 'ROC-1001' } },
    verb: { id: COMPLETED, display: { 'nl-NL': 'afgerond' } },
    object: { objectType: 'Activity', id: activityId },
    result: { success: true, completion: true, score: { scaled: 0.85 } },
    timestamp: '2026-10-14T21:30:00Z',
    ...changes
  }
}

async function post (app: FastifyInstance, key: string, body: unknown, headers: Record<string, string> = { 'x-experience-api-version': '1.0.3' }) {
  const res = await app.inject({ method: 'POST', url: '/v1/xapi/statements', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) })
  return { status: res.statusCode, body: res.json(), headers: res.headers }
}

const stored = (app: FastifyInstance) => app.db.$client.prepare("select * from completions where source = 'xapi' order by created_at").all() as any[]

t.test('a completed statement becomes a completion; the statement id is the idempotency key', async (t) => {
  const app = await build(t)
  const { w, module, people } = await seedLearning(app)
  const s = statement(module.activityIds[0]!)
  const res = await post(app, w.keysA.provider, s)
  t.equal(res.status, 200)
  t.same(res.body, [s.id])
  t.equal(res.headers['x-experience-api-version'], '1.0.3')
  const rows = stored(app)
  t.equal(rows.length, 1)
  t.match(rows[0], {
    participant_id: people.fatima,
    unit_id: module.unitIds[0],
    external_id: s.id,
    completed_on: '2026-10-14',
    assessment: 'test',
    source: 'xapi'
  })
  t.same(JSON.parse(rows[0].result), { passed: true, scaledScore: 0.85 })

  t.same((await post(app, w.keysA.provider, s)).body, [s.id], 'the same statement again is accepted')
  t.equal(stored(app).length, 1, 'and stored once')
  const changed = await post(app, w.keysA.provider, { ...s, timestamp: '2026-10-20T10:00:00Z' })
  t.equal(changed.status, 409)
  t.match(changed.body, { code: 'external-id-conflict', errors: [{ pointer: '#/id' }] })
})

t.test('the completion date is the date in Amsterdam; assessment and host company come from extensions', async (t) => {
  const app = await build(t)
  const { w, module } = await seedLearning(app)
  const base = 'http://localhost:3000/xapi/extensions'
  const s = statement(module.activityIds[1]!, {
    verb: { id: 'http://adlnet.gov/expapi/verbs/passed' },
    timestamp: '2026-10-14T23:30:00Z',
    context: { extensions: { [`${base}/assessment`]: 'workplace', [`${base}/host-company`]: { name: 'Logistiek Hengelo BV' } } }
  })
  t.equal((await post(app, w.keysA.provider, [s])).status, 200)
  t.match(stored(app)[0], { completed_on: '2026-10-15', assessment: 'workplace', host_company: '{"name":"Logistiek Hengelo BV"}' })
})

t.test('a statement without a timestamp is dated today in Amsterdam', async (t) => {
  // 00:30 on 3 November in Amsterdam, still the 2nd in UTC
  const app = await build(t, { now: testClock('2026-11-02T23:30:00Z').now })
  const { w, module } = await seedLearning(app)
  t.equal((await post(app, w.keysA.provider, statement(module.activityIds[0]!, { timestamp: undefined }))).status, 200)
  t.match(stored(app), [{ completed_on: '2026-11-03' }])
})

t.test('bad statements: 4xx naming the field, and an array is all or nothing', async (t) => {
  // 2 November 2026 in the Netherlands
  const app = await build(t, { now: testClock('2026-11-02T09:30:00Z').now })
  const { w, module, moduleB } = await seedLearning(app)
  const act = module.activityIds[0]!
  const cases: Array<[unknown, number, string, string]> = [
    [statement(act, { verb: { id: 'http://adlnet.gov/expapi/verbs/attempted' } }), 400, 'unsupported-verb', '#/verb/id'],
    [statement('https://elders.example/activity/1'), 400, 'unknown-activity', '#/object/id'],
    [statement(`${act}x`), 400, 'unknown-activity', '#/object/id'],
    [statement(act, { id: 'not-a-uuid' }), 400, 'invalid-format', '#/id'],
    [statement(act, { actor: { mbox: 'mailto:fatima@example.nl' } }), 400, 'missing-field', '#/actor/account'],
    [statement(act, { actor: { account: { homePage: 'https://leren.rocvantwente.nl', name: 'ROC-9999' } } }), 400, 'unknown-participant', '#/actor/account/name'],
    [statement(act, { result: { score: { scaled: -0.5 } } }), 400, 'invalid-score', '#/result/score/scaled'],
    [statement(act, { timestamp: '2026-11-03T12:00:00Z' }), 400, 'date-in-future', '#/timestamp'],
    [statement(act, { colour: 'blauw' }), 400, 'unknown-field', '#/colour'],
    [statement(moduleB.activityIds[0]!), 403, 'not-your-module', '#/object/id'],
    [[statement(act), statement(act, { verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' } })], 400, 'unsupported-verb', '#/1/verb/id'],
    [[], 400, 'invalid-statement-count', '#'],
    ['completed', 400, 'invalid-type', '#']
  ]
  for (const [body, status, code, pointer] of cases) {
    const res = await post(app, w.keysA.provider, body)
    t.equal(res.status, status, code)
    t.ok(res.body.errors?.some((e: any) => e.code === code && e.pointer === pointer), `${code} at ${pointer}: ${JSON.stringify(res.body)}`)
  }
  const verb = await post(app, w.keysA.provider, statement(act, { verb: { id: 'http://adlnet.gov/expapi/verbs/attempted' } }))
  t.match(verb.body.detail, /attempted/, 'the problem names the verb')
  const version = await post(app, w.keysA.provider, statement(act), { 'x-experience-api-version': '2.0.0' })
  t.match(version.body, { status: 400, code: 'unsupported-xapi-version' })
  t.equal(stored(app).length, 0, 'nothing was stored')
})

t.test('only providers post statements', async (t) => {
  const app = await build(t)
  const { w, module } = await seedLearning(app)
  for (const role of ['admin', 'coach', 'employer', 'analyst'] as const) {
    t.equal((await post(app, w.keysA[role], statement(module.activityIds[0]!))).body.code, 'forbidden-role', role)
  }
  const anonymous = await app.inject({ method: 'POST', url: '/v1/xapi/statements', payload: statement(module.activityIds[0]!) })
  t.equal(anonymous.statusCode, 401)
  t.equal(stored(app).length, 0)
})
