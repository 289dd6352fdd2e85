import t from 'tap'
import { build, call } from './helpers/build.ts'
import { completion, seedLearning } from './helpers/learning.ts'
import { testClock } from './helpers/time.ts'

t.test('a new completion answers 201 with its Location; the record is read there; a repeat answers 200 without one', async (t) => {
  const app = await build(t)
  const { w, module, people } = await seedLearning(app)
  const made = await call(app, w.keysA.provider, 'POST', '/v1/completions', completion(people.fatima, module.unitIds[0]!, 'loc-1'))
  t.equal(made.status, 201)
  t.equal(made.headers.location, `/v1/completions/${made.body.id}`)
  t.equal(made.body.updatedAt, made.body.createdAt, 'a new record changed when it was recorded')
  const read = await call(app, w.keysA.provider, 'GET', made.headers.location as string)
  t.equal(read.status, 200)
  t.same(read.body, made.body)
  const again = await call(app, w.keysA.provider, 'POST', '/v1/completions', completion(people.fatima, module.unitIds[0]!, 'loc-1'))
  t.equal(again.status, 200)
  t.equal(again.headers.location, undefined)
})

t.test('a provider lists the completions it recorded, filtered and in pages', async (t) => {
  const app = await build(t)
  const { w, module, moduleB, people } = await seedLearning(app)
  const post = async (key: string, body: object) => (await call(app, key, 'POST', '/v1/completions', body)).body
  const a1 = await post(w.keysA.provider, completion(people.fatima, module.unitIds[0]!, 'a-1'))
  const a2 = await post(w.keysA.provider, completion(people.fatima, module.unitIds[1]!, 'a-2'))
  const a3 = await post(w.keysA.provider, completion(people.henk, module.unitIds[0]!, 'a-3'))
  const b1 = await post(w.keysB.provider, completion(people.noor, moduleB.unitIds[0]!, 'b-1'))
  const list = (key: string, query = '') => call(app, key, 'GET', `/v1/completions${query}`)

  const all = await list(w.keysA.provider)
  t.equal(all.status, 200)
  t.same(all.body, { items: [a1, a2, a3], nextCursor: null }, 'its own, as stored, oldest change first')
  t.same((await list(w.keysB.provider)).body.items, [b1], 'never another provider\'s')
  t.same((await list(w.keysB.provider, `?participantId=${people.fatima}`)).body.items, [])

  t.same((await list(w.keysA.provider, `?participantId=${people.fatima}`)).body.items.map((c: any) => c.id), [a1.id, a2.id])
  t.same((await list(w.keysA.provider, '?externalId=a-3')).body.items.map((c: any) => c.id), [a3.id])
  t.same((await list(w.keysA.provider, `?participantId=${people.fatima}&externalId=a-3`)).body.items, [], 'filters combine')
  t.same((await list(w.keysA.provider, '?externalId=onbekend')).body.items, [])

  const first = await list(w.keysA.provider, '?limit=2')
  t.same(first.body.items.map((c: any) => c.id), [a1.id, a2.id])
  t.type(first.body.nextCursor, 'string')
  const second = await list(w.keysA.provider, `?limit=2&cursor=${first.body.nextCursor}`)
  t.same(second.body, { items: [a3], nextCursor: null })

  for (const role of ['admin', 'coach', 'employer', 'analyst'] as const) {
    t.equal((await list(w.keysA[role])).body.code, 'forbidden-role', role)
  }
  t.equal((await list('')).status, 401)
})

t.test('updatedSince gives what was recorded or voided since, in any time zone', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const { w, module, people } = await seedLearning(app)
  const post = async (externalId: string, unit: number) =>
    (await call(app, w.keysA.provider, 'POST', '/v1/completions', completion(people.fatima, module.unitIds[unit]!, externalId))).body
  const early = await post('early', 0)
  clock.advance(5)
  const mark = clock.now()
  clock.advance(5)
  const late = await post('late', 1)
  const since = (query: string) => call(app, w.keysA.provider, 'GET', `/v1/completions?updatedSince=${encodeURIComponent(query)}`)
  t.same((await since(mark.toISOString())).body.items.map((c: any) => c.id), [late.id])

  clock.advance(5)
  const voided = await call(app, w.keysA.provider, 'POST', `/v1/completions/${early.id}/void`, { reason: 'verkeerde deelnemer' })
  t.equal(voided.status, 200)
  t.ok(voided.body.updatedAt > early.createdAt, 'a void changes the record')
  const changed = (await since(mark.toISOString())).body.items
  t.same(changed.map((c: any) => [c.id, c.voided === null]), [[late.id, true], [early.id, false]], 'the voided one comes back, after the others')

  // the same moment written in Amsterdam summer time
  const local = new Date(mark.getTime() + 2 * 3600_000).toISOString().replace('Z', '+02:00')
  t.same((await since(local)).body.items.map((c: any) => c.id), [late.id, early.id])
  t.same((await since(voided.body.updatedAt)).body.items.map((c: any) => c.id), [early.id], 'inclusive: the last change seen is given again')
})

t.test('bad lookups get a problem naming the query field', async (t) => {
  const app = await build(t)
  const { w } = await seedLearning(app)
  const cases: Array<[string, string, string]> = [
    ['?updatedSince=gisteren', '#/updatedSince', 'invalid-format'],
    ['?updatedSince=2026-10-01', '#/updatedSince', 'invalid-format'],
    ['?participantId=fatima', '#/participantId', 'invalid-pattern'],
    ['?limit=0', '#/limit', 'invalid-minimum'],
    ['?colour=blauw', '#/colour', 'unknown-field'],
    ['?cursor=bm9wZQ', '#/cursor', 'invalid-cursor']
  ]
  for (const [query, pointer, code] of cases) {
    const res = await call(app, w.keysA.provider, 'GET', `/v1/completions${query}`)
    t.equal(res.status, 400, query)
    t.match(res.type, /^application\/problem\+json/)
    t.match(res.body.errors, [{ pointer, code, in: 'querystring' }], query)
  }
})
