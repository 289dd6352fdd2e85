import t, { type Test } from 'tap'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import Database from 'better-sqlite3'
import { buildApp } from '../src/app.ts'
import { runCli } from '../src/cli/index.ts'
import { openDatabase } from '../src/db/client.ts'
import { TEST_CONFIG, call } from './helpers/build.ts'
import { completion, seedLearning, type Learning } from './helpers/learning.ts'
import { pollUntil } from './helpers/time.ts'
import { importInAnotherProcess } from './helpers/cli-process.ts'

/** A service on a database file in a test directory, seeded through the API and left running. */
async function service (t: Test) {
  const dir = t.testdir()
  const config = { ...TEST_CONFIG, dataDir: dir, databasePath: join(dir, 'stapsteen.db') }
  const app = await buildApp(config)
  t.teardown(() => app.close())
  const learning = await seedLearning(app)
  await app.ready()
  return { dir, config, app, learning }
}

/** A CSV of `rows` completions of provider A's units: both units for henk, then both for fatima, and so on. */
function csvOf (dir: string, { module, people }: Learning, rows: number, prefix: string): string {
  const lines = ['external_id,participant_id,unit_id,completed_on,assessment']
  for (let i = 0; i < rows; i++) lines.push(`${prefix}-${i},${Math.floor(i / 2) % 2 ? people.fatima : people.henk},${module.unitIds[i % 2]},2026-10-01,test`)
  const path = join(dir, `${prefix}.csv`)
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}

const count = (app: FastifyInstance, sql: string, ...params: unknown[]) => app.db.$client.prepare(sql).pluck().get(...params) as number

t.test('transactions take the write lock when they begin, unless they ask to only read', async (t) => {
  const dir = t.testdir()
  const db = openDatabase(join(dir, 'stapsteen.db'))
  t.teardown(() => db.$client.close())
  const other = new Database(join(dir, 'stapsteen.db'))
  other.pragma('busy_timeout = 0')
  t.teardown(() => other.close())
  /** whether another connection can take the write lock now */
  const writable = () => {
    try {
      other.exec('begin immediate; rollback')
      return true
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err
      return false
    }
  }
  t.equal(db.$client.transaction(writable)(), false, 'better-sqlite3 transaction(fn)(): locked before its first write')
  t.equal(db.transaction(() => writable()), false, 'drizzle db.transaction(cb): the same')
  t.equal(db.$client.transaction(writable).deferred(), true, 'a transaction that asks for deferred only reads until it writes')
  t.equal(writable(), true, 'and the lock is released at the end')
})

t.test('the service answers every completion while a CSV import writes to the same file: no 5xx, every row stored', async (t) => {
  const { dir, app, learning } = await service(t)
  const { w, module, people } = learning
  const rows = 6000
  const csv = csvOf(dir, learning, rows, 'csv')
  const { child, exited } = importInAnotherProcess(dir, csv, w.orgs.providerA)
  // a bound well inside the test timeout, for a machine busy with the rest of the suite
  const killer = setTimeout(() => child.kill(), 150_000)
  t.teardown(() => { clearTimeout(killer); child.kill() })

  const state = { done: false }
  exited.then(() => { state.done = true }, () => {})
  const statuses = new Map<number, number>()
  const seen = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1)
  let posted = 0
  let batched = 0
  let batches = 0
  // the import opens its connection only once its process has started: keep posting until it ends
  while (!state.done) {
    const unitId = module.unitIds[posted % 2]!
    const single = await call(app, w.keysA.provider, 'POST', '/v1/completions', completion(people.fatima, unitId, `api-${posted++}`))
    seen(single.status)
    if (posted % 10 === 0) {
      const items = Array.from({ length: 20 }, (_, i) => completion(people.henk, module.unitIds[i % 2]!, `batch-${batches}-${i}`))
      const batch = await call(app, w.keysA.provider, 'POST', '/v1/completions/batch', { items })
      seen(batch.status)
      if (batch.status === 200) batched += batch.body.summary.created as number
      batches++
    }
  }
  const result = await exited
  const failures = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0)
  t.equal(failures, 0, `answers: ${JSON.stringify(Object.fromEntries(statuses))}`)
  t.equal(result.code, 0, `the import finished: ${result.stderr.slice(-500)}`)
  t.same(JSON.parse(result.stdout.trim() || 'null'), { rows, created: rows, duplicate: 0, error: 0, dryRun: false })
  t.equal(count(app, "select count(*) from completions where source = 'csv'"), rows, 'every imported row is stored')
  t.equal(count(app, "select count(*) from completions where source = 'api'"), statuses.get(201) ?? 0, 'every 201 is stored')
  t.equal(count(app, "select count(*) from completions where source = 'batch'"), batched)
  t.ok(posted > 10, `${posted} posts and ${batches} batches while the import ran`)
})

t.test('a dry run, like the import, leaves the write lock free between its transactions', async (t) => {
  const { dir, config, app, learning } = await service(t)
  const csv = csvOf(dir, learning, 3000, 'dry')
  const other = new Database(config.databasePath)
  other.pragma('busy_timeout = 0')
  t.teardown(() => other.close())
  // runs whenever the import lets the event loop turn: each time, another connection tries to write
  const tries = { free: 0, busy: 0 }
  const timer = setInterval(() => {
    try {
      other.exec('begin immediate; rollback')
      tries.free++
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err
      tries.busy++
    }
  }, 0)
  const io = { outLines: [] as string[], out (l: string) { this.outLines.push(l) }, err: () => {} }
  const code = await runCli(['import', csv, '--provider', learning.w.orgs.providerA, '--dry-run'], config, io)
  clearInterval(timer)
  t.equal(code, 0)
  t.same(JSON.parse(io.outLines[0]!), { rows: 3000, created: 3000, duplicate: 0, error: 0, dryRun: true })
  t.ok(tries.free > 0, `another writer got the lock ${tries.free} times during the dry run`)
  t.equal(tries.busy, 0, 'and never found it held between transactions')
  t.equal(count(app, "select count(*) from completions where source = 'csv'"), 0, 'nothing stored')
})

t.test('credentials for completions imported by another connection are issued without any request to the service', async (t) => {
  const { dir, config, app, learning } = await service(t)
  const csv = csvOf(dir, learning, 2, 'idle')
  // the import runs in this process but on its own connection, as another process's would be
  const io = { out: () => {}, err: () => {} }
  t.equal(await runCli(['import', csv, '--provider', learning.w.orgs.providerA], config, io), 0)
  t.equal(count(app, "select count(*) from domain_events where type = 'module.completed'"), 1, 'the import queued one credential')

  await pollUntil(() => count(app, "select count(*) from credentials where kind = 'module'") > 0, { everyMs: 50 })
  t.equal(count(app, "select count(*) from credentials where kind = 'module' and participant_id = ?", learning.people.henk), 1,
    'the idle service noticed the queued credential and issued it')
  t.equal(count(app, 'select count(*) from domain_events where handled_at is null'), 0)
})
