import t from 'tap'
import { build, call } from './helpers/build.ts'
import { completion, seedLearning } from './helpers/learning.ts'

const count = (app: any) => (app.db.$client.prepare('select count(*) as n from completions').get() as { n: number }).n

t.test('a batch stores the good items, reports each bad one, and a retry duplicates nothing', async (t) => {
  const app = await build(t)
  const { w, module, moduleB, people } = await seedLearning(app)
  const [u1, u2] = module.unitIds as [string, string]
  const items = [
    completion(people.fatima, u1, 'b-1'),
    completion(people.henk, u1, 'b-2', { assessment: 'observation' }),
    completion(people.fatima, u2, 'b-3', { completedOn: 'gisteren' }),
    completion(people.henk, moduleB.unitIds[0]!, 'b-4'),
    { ...completion(people.henk, u2, 'b-5'), colour: 'blauw' },
    completion(people.henk, u2, 'b-6'),
    completion(people.henk, u2, 'b-6')
  ]
  const res = await call(app, w.keysA.provider, 'POST', '/v1/completions/batch', { items })
  t.equal(res.status, 200)
  t.same(res.body.summary, { created: 3, duplicate: 1, error: 3 })
  t.equal(res.body.stored, true)
  t.match(res.body.results, [
    { index: 0, status: 'created', externalId: 'b-1', id: /^cmp_/ },
    { index: 1, status: 'created', externalId: 'b-2' },
    { index: 2, status: 'error', externalId: 'b-3', errors: [{ status: 400, code: 'invalid-format', pointer: '#/items/2/completedOn' }] },
    { index: 3, status: 'error', errors: [{ status: 403, code: 'not-your-module', pointer: '#/items/3/unitId' }] },
    { index: 4, status: 'error', errors: [{ status: 400, code: 'unknown-field', pointer: '#/items/4/colour' }] },
    { index: 5, status: 'created', externalId: 'b-6' },
    { index: 6, status: 'duplicate', externalId: 'b-6', id: res.body.results[5].id }
  ])
  t.equal(count(app), 3)

  const again = await call(app, w.keysA.provider, 'POST', '/v1/completions/batch', { items })
  t.same(again.body.summary, { created: 0, duplicate: 4, error: 3 })
  t.equal(count(app), 3, 'the retried batch duplicates nothing')
  const completionFetched = await call(app, w.keysA.provider, 'GET', `/v1/completions/${res.body.results[0].id}`)
  t.equal(completionFetched.body.source, 'batch')
})

t.test('an atomic batch with one bad item stores nothing', async (t) => {
  const app = await build(t)
  const { w, module, people } = await seedLearning(app)
  const [u1, u2] = module.unitIds as [string, string]
  const items = [completion(people.fatima, u1, 'a-1'), completion(people.fatima, u2, 'a-2'), completion(people.noor, u1, 'a-3')]
  const res = await call(app, w.keysA.provider, 'POST', '/v1/completions/batch', { atomic: true, items })
  t.equal(res.status, 400)
  t.equal(res.type, 'application/problem+json; charset=utf-8')
  t.match(res.body, {
    code: 'batch-rejected',
    stored: false,
    errors: [{ pointer: '#/items/2/participantId', code: 'unknown-participant' }],
    results: [{ index: 2, status: 'error' }]
  })
  t.equal(count(app), 0)
  const good = await call(app, w.keysA.provider, 'POST', '/v1/completions/batch', { atomic: true, items: items.slice(0, 2) })
  t.same(good.body.summary, { created: 2, duplicate: 0, error: 0 })
  t.equal(count(app), 2)
})

t.test('batch limits and access', async (t) => {
  const app = await build(t)
  const { w, module, people } = await seedLearning(app)
  const one = completion(people.fatima, module.unitIds[0]!, 'l-1')
  const tooMany = await call(app, w.keysA.provider, 'POST', '/v1/completions/batch', { items: Array.from({ length: 5001 }, () => one) })
  t.match(tooMany.body, { status: 400, errors: [{ pointer: '#/items', code: 'invalid-max-items' }] })
  const empty = await call(app, w.keysA.provider, 'POST', '/v1/completions/batch', { items: [] })
  t.match(empty.body, { status: 400, errors: [{ pointer: '#/items', code: 'invalid-min-items' }] })
  const notObject = await call(app, w.keysA.provider, 'POST', '/v1/completions/batch', { items: [42] })
  t.match(notObject.body, { status: 400, errors: [{ pointer: '#/items/0', code: 'invalid-type' }] })
  for (const role of ['admin', 'coach', 'employer', 'analyst'] as const) {
    t.equal((await call(app, w.keysA[role], 'POST', '/v1/completions/batch', { items: [one] })).body.code, 'forbidden-role', role)
  }
  t.equal((await call(app, null, 'POST', '/v1/completions/batch', { items: [one] })).status, 401)
  t.equal(count(app), 0)

  const full = Array.from({ length: 5000 }, (_, i) => completion(i % 2 ? people.henk : people.fatima, module.unitIds[i % 2]!, `full-${i}`))
  const big = await call(app, w.keysA.provider, 'POST', '/v1/completions/batch', { items: full })
  t.equal(big.status, 200)
  t.same(big.body.summary, { created: 5000, duplicate: 0, error: 0 })
  t.equal(count(app), 5000)
})
