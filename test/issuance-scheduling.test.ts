import t, { type Test } from 'tap'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.ts'
import { createParticipantRepository } from '../src/features/participants/repository.ts'
import { createOutbox, selectNextEvents } from '../src/features/outbox/outbox.ts'
import { newId } from '../src/lib/ids.ts'
import { TEST_CONFIG, build, call, expectStatus } from './helpers/build.ts'
import { completion, seedLearning, type Learning } from './helpers/learning.ts'
import { pollUntil } from './helpers/time.ts'

const count = (app: FastifyInstance, sql: string) => app.db.$client.prepare(sql).pluck().get() as number
const unhandled = (app: FastifyInstance) => count(app, 'select count(*) from domain_events where handled_at is null')
const issued = (app: FastifyInstance) => count(app, "select count(*) from credentials where kind = 'module'")
const holders = (app: FastifyInstance) => count(app, "select count(distinct participant_id) from credentials where kind = 'module' and revoked_at is null")

/** A service on files in a test directory, so that it can be stopped and started again: `open()` starts one. */
function onDisk (t: Test) {
  const dir = t.testdir()
  const config = { ...TEST_CONFIG, dataDir: dir, databasePath: join(dir, 'stapsteen.db') }
  return {
    dir,
    async open () {
      const app = await buildApp(config)
      t.teardown(() => app.close())
      return app
    }
  }
}

/** `n` participants of region A, each with both units of provider A's module posted in one batch: `n` credentials queued. */
async function backlog (app: FastifyInstance, n: number, s?: Learning) {
  s ??= await seedLearning(app)
  const participants = createParticipantRepository(app.db)
  const now = new Date().toISOString()
  const ids = Array.from({ length: n }, (_, i) => participants.insert({
    id: newId('ppt'), regionId: s.w.regions.a, displayName: `Deelnemer ${i}`, contactEmail: null, contactPhone: null, enrolledBy: null, createdAt: now, updatedAt: now
  }).id)
  const items = ids.flatMap((id, i) => s.module.unitIds.map((unitId, k) => completion(id, unitId, `bulk-${i}-${k}`)))
  const { summary } = await expectStatus(call(app, s.w.keysA.provider, 'POST', '/v1/completions/batch', { items }), 200)
  if (summary.created !== items.length) throw new Error(`the batch created ${summary.created} of ${items.length}`)
  return { s, ids }
}

t.test('a request made while a backlog is issued in the background is answered before the backlog is done; drain() finishes it', async (t) => {
  const app = await build(t)
  const { s, ids } = await backlog(app, 300)
  const portfolio = await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${ids[0]}/portfolio`)
  t.equal(portfolio.status, 200)
  t.match(portfolio.body.summary, { modulesComplete: 1 })
  t.ok(unhandled(app) > 0, `answered with ${unhandled(app)} credentials still to issue`)

  await app.issuance.drain()
  t.equal(unhandled(app), 0, 'drain() empties the outbox')
  t.equal(issued(app), 300)
  t.equal(holders(app), 300, 'one credential per participant')
})

t.test('the next events come from the outbox in the order they were queued, read from its index without sorting the backlog', async (t) => {
  const app = await build(t)
  // the queue as it stands, not as the background issuer would leave it
  await app.issuance.stop()
  await backlog(app, 40)
  // a batch queues its events at one moment: the order within it is the ids'
  const queued = app.db.$client.prepare('select id, created_at as at from domain_events where handled_at is null order by id').all() as Array<{ id: string, at: string }>
  t.equal(queued.length, 40)
  t.equal(new Set(queued.map((e) => e.at)).size, 1, 'all at the moment of the batch')
  const outbox = createOutbox(app.db)
  t.same(outbox.next(5).map((e) => e.id), queued.slice(0, 5).map((e) => e.id))
  const plan = (app.db.$client.prepare(`explain query plan ${selectNextEvents(app.db).toSQL().sql}`).all(5) as Array<{ detail: string }>).map((r) => r.detail).join('; ')
  t.match(plan, /USING (COVERING )?INDEX domain_events_unhandled_idx/)
  t.notMatch(plan, /TEMP B-TREE/, `no sort: ${plan}`)

  // a handled event leaves the queue; the rest keep their order
  outbox.markHandled([queued[2]!.id], new Date().toISOString())
  t.same(outbox.next(50).map((e) => e.id), queued.filter((_, i) => i !== 2).map((e) => e.id))
})

t.test('background issuance keeps going, in small slices, while requests are in flight', async (t) => {
  const app = await build(t)
  let release!: () => void
  const held = new Promise<void>((resolve) => { release = resolve })
  app.get('/test/held', async () => { await held; return { done: true } })
  const s = await seedLearning(app)
  const answer = app.inject({ url: '/test/held' })
  await backlog(app, 200, s)
  await pollUntil(() => issued(app) > 0)
  t.ok(issued(app) > 0, 'credentials are issued while a request is in flight')
  t.ok(unhandled(app) > 0, 'without taking over')
  release()
  t.equal((await answer).statusCode, 200)
  await app.issuance.drain()
  t.equal(issued(app), 200)
})

t.test('stop() finishes the chunk in hand; what is queued is issued once after a restart', async (t) => {
  const disk = onDisk(t)
  const app = await disk.open()
  await backlog(app, 300)
  // looked at every turn, so that the stop comes while most of the backlog waits
  await pollUntil(() => issued(app) > 0, { everyMs: 0 })
  await app.issuance.stop()
  const left = unhandled(app)
  t.ok(left > 0, `${left} events left in the outbox`)
  t.equal(issued(app) + left, 300, 'every handled event has its credential, and no other has one')
  await app.issuance.drain()
  t.equal(unhandled(app), left, 'a stopped issuer issues nothing more')
  await app.close()

  const again = await disk.open()
  await again.ready()
  await again.issuance.drain()
  t.equal(unhandled(again), 0)
  t.equal(issued(again), 300)
  t.equal(holders(again), 300, 'one credential per participant, none twice')
})

t.test('an issuer whose private key is gone issues nothing and uses up no status index; its events wait for a new key', async (t) => {
  const disk = onDisk(t)
  const first = await disk.open()
  const s = await seedLearning(first)
  const { kid } = await first.issuerKeys.signingKey(s.w.orgs.providerA)
  await first.close()
  rmSync(join(disk.dir, 'keys', s.w.orgs.providerA, `${kid.split('#')[1]}.jwk`))

  const app = await disk.open()
  for (const [i, unitId] of s.module.unitIds.entries()) {
    t.equal((await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.fatima, unitId, `lost-${i}`))).status, 201)
  }
  for (let attempt = 0; attempt < 3; attempt++) await app.issuance.drain()
  t.equal(issued(app), 0)
  t.equal(unhandled(app), 1, 'the event waits in the outbox')
  t.equal(count(app, 'select count(*) from status_entries'), 0, 'no status index used up')

  t.equal((await call(app, s.w.admin, 'POST', `/v1/issuers/${s.w.orgs.providerA}/keys/rotate`, {})).status, 201)
  await app.issuance.drain()
  t.equal(issued(app), 1, 'issued with the new key')
  t.equal(unhandled(app), 0)
  t.equal(count(app, 'select count(*) from status_entries'), 1)
})
