import t, { type Test } from 'tap'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { buildApp } from '../src/app.ts'
import { runCli, type Io } from '../src/cli/index.ts'
import { eventHash, type AuditFields } from '../src/features/audit/chain.ts'
import { TEST_CONFIG, call, expectStatus } from './helpers/build.ts'
import { completion, seedLearning, type Learning } from './helpers/learning.ts'
import { testClock } from './helpers/time.ts'
import { importInAnotherProcess } from './helpers/cli-process.ts'

function capture (): Io & { outLines: string[], errLines: string[] } {
  const outLines: string[] = []
  const errLines: string[] = []
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) }
}

const configIn = (dir: string) => ({ ...TEST_CONFIG, dataDir: dir, databasePath: join(dir, 'stapsteen.db') })

/** A database file with a seeded world and some writes through the API, the service closed again. */
async function auditedFile (t: Test) {
  const dir = t.testdir()
  const config = configIn(dir)
  const app = await buildApp(config)
  const learning = await seedLearning(app)
  await expectStatus(call(app, learning.w.keysA.provider, 'POST', '/v1/completions', completion(learning.people.fatima, learning.module.unitIds[0]!, 'e-1')), 201)
  await app.close()
  return { dir, config, learning }
}

async function auditVerify (config: ReturnType<typeof configIn>) {
  const io = capture()
  const code = await runCli(['audit', 'verify'], config, io)
  return { code, out: io.outLines.length === 1 ? JSON.parse(io.outLines[0]!) : io.outLines, err: io.errLines.join('\n') }
}

/** The file as someone with access to it sees it: better-sqlite3, no service. */
function openRaw (t: Test, path: string) {
  const sqlite = new Database(path)
  t.teardown(() => sqlite.close())
  return sqlite
}

t.test('audit verify: 0 with the count and the head when the chain is intact', async (t) => {
  const { config } = await auditedFile(t)
  const sqlite = openRaw(t, config.databasePath)
  const [count, head] = [sqlite.prepare('select count(*) from audit_events').pluck().get() as number,
    sqlite.prepare('select hash from audit_events order by position desc limit 1').pluck().get() as string]
  const result = await auditVerify(config)
  t.equal(result.code, 0)
  t.same(result.out, { intact: true, events: count, head: { position: count, hash: head } })
  t.match(result.err, `audit trail intact: ${count} events`)
})

t.test('audit verify names an edited row: its id, its position, hash mismatch', async (t) => {
  const { config } = await auditedFile(t)
  const sqlite = openRaw(t, config.databasePath)
  const victim = sqlite.prepare('select id, position, target_id from audit_events where position = 5').get() as { id: string, position: number, target_id: string }
  t.throws(() => sqlite.prepare("update audit_events set target_id = 'org_00000000000000000000' where position = 5").run(), /append-only/, 'the database refuses the edit')
  sqlite.exec('drop trigger audit_events_no_update')
  sqlite.prepare("update audit_events set target_id = 'org_00000000000000000000' where position = 5").run()

  const result = await auditVerify(config)
  t.equal(result.code, 1)
  t.match(result.out, { intact: false, eventsBefore: 4, broken: { position: 5, id: victim.id, reason: 'hash-mismatch' } })
  t.match(result.err, `broken at event ${victim.id} (position 5): hash mismatch: its fields do not give its hash`)
})

t.test('audit verify names the event after a deleted row: broken link', async (t) => {
  const { config } = await auditedFile(t)
  const sqlite = openRaw(t, config.databasePath)
  t.throws(() => sqlite.prepare('delete from audit_events where position = 3').run(), /append-only/, 'the database refuses the delete')
  sqlite.exec('drop trigger audit_events_no_delete')
  sqlite.prepare('delete from audit_events where position = 3').run()
  const next = sqlite.prepare('select id from audit_events where position = 4').pluck().get() as string

  const result = await auditVerify(config)
  t.equal(result.code, 1)
  t.match(result.out, { intact: false, eventsBefore: 2, broken: { position: 4, id: next, reason: 'broken-link' } })
  t.match(result.err, `broken at event ${next} (position 4): broken link: it does not follow the event before it: position 3 is missing`)
})

t.test('audit verify: a row changed and given a new hash breaks the link of the next one', async (t) => {
  const { config } = await auditedFile(t)
  const sqlite = openRaw(t, config.databasePath)
  sqlite.exec('drop trigger audit_events_no_update')
  const row = sqlite.prepare(`select position, id, at, action, key_id as keyId, organisation_id as organisationId, role, target_type as targetType,
    target_id as targetId, request_id as requestId, prev_hash as prevHash from audit_events where position = 2`).get() as AuditFields & { prevHash: string }
  const forged = { ...row, role: 'coach' as const }
  sqlite.prepare('update audit_events set role = ?, hash = ? where position = 2').run('coach', eventHash(row.prevHash, forged))
  const next = sqlite.prepare('select id from audit_events where position = 3').pluck().get() as string

  const result = await auditVerify(config)
  t.equal(result.code, 1)
  t.match(result.out, { broken: { position: 3, id: next, reason: 'broken-link', detail: /not the hash of the event at position 2/ } })
})

t.test('audit verify: 64 on wrong use, 66 without a database', async (t) => {
  const config = configIn(t.testdir())
  for (const argv of [['audit'], ['audit', 'check'], ['audit', 'verify', 'extra']]) {
    const io = capture()
    t.equal(await runCli(argv, config, io), 64, argv.join(' '))
    t.match(io.errLines.join('\n'), 'usage: stapsteen audit verify')
  }
  const io = capture()
  t.equal(await runCli(['audit', 'verify'], config, io), 66)
  t.match(io.errLines.join('\n'), 'no database at')
})

t.test('the CLI\'s writes are audited: keys made and rotated, imports one event per transaction, by `operator`', async (t) => {
  const { dir, config, learning } = await auditedFile(t)
  const clock = testClock()
  const cli = { ...config, now: clock.now }
  const keyIo = capture()
  t.equal(await runCli(['keys', 'create', '--role', 'admin'], cli, keyIo), 0)
  t.equal(await runCli(['keys', 'rotate', '--issuer', learning.w.orgs.providerA], cli, capture()), 0)
  const csv = join(dir, 'rows.csv')
  const rows = ['external_id,participant_id,unit_id,completed_on,assessment']
  for (let i = 0; i < 1500; i++) rows.push(`csv-${i},${learning.people.henk},${learning.module.unitIds[i % 2]},2026-10-01,test`)
  writeFileSync(csv, rows.join('\n') + '\n')
  t.equal(await runCli(['import', csv, '--provider', learning.w.orgs.providerA, '--dry-run'], cli, capture()), 0)
  t.equal(await runCli(['import', csv, '--provider', learning.w.orgs.providerA], cli, capture()), 0)

  const sqlite = openRaw(t, config.databasePath)
  const events = sqlite.prepare(`select action, key_id as keyId, organisation_id as organisationId, role, target_type as targetType,
    target_id as targetId, request_id as requestId, at from audit_events where role = 'operator' order by position`).all()
  const keyId = /^stp_(key_[0-9a-z]{20})\./.exec(keyIo.outLines[0]!)![1]
  const operator = { keyId: null, role: 'operator', requestId: null, at: clock.iso() }
  t.same(events, [
    { action: 'api-key.create', ...operator, organisationId: null, targetType: 'api-key', targetId: keyId },
    { action: 'issuer.key-rotate', ...operator, organisationId: null, targetType: 'issuer', targetId: learning.w.orgs.providerA },
    { action: 'completion.import', ...operator, organisationId: learning.w.orgs.providerA, targetType: 'completion', targetId: null },
    { action: 'completion.import', ...operator, organisationId: learning.w.orgs.providerA, targetType: 'completion', targetId: null }
  ], 'two transactions of 1,000 rows at most: two events; the dry run none')
  t.equal((await auditVerify(config)).code, 0)
})

t.test('an import in another process and the service writing at once: one chain, intact', async (t) => {
  const dir = t.testdir()
  const config = configIn(dir)
  const app = await buildApp(config)
  t.teardown(() => app.close())
  const learning: Learning = await seedLearning(app)
  const csv = join(dir, 'rows.csv')
  const rows = ['external_id,participant_id,unit_id,completed_on,assessment']
  for (let i = 0; i < 2500; i++) rows.push(`csv-${i},${learning.people.henk},${learning.module.unitIds[i % 2]},2026-10-01,test`)
  writeFileSync(csv, rows.join('\n') + '\n')

  const { exited } = importInAnotherProcess(dir, csv, learning.w.orgs.providerA)
  const state = { done: false }
  exited.then(() => { state.done = true }, () => {})
  let written = 0
  while (!state.done || written < 20) {
    await expectStatus(call(app, learning.w.keysA.coach, 'POST', '/v1/participants', { regionId: learning.w.regions.a, displayName: `Deelnemer ${written}` }), 201)
    written++
  }
  const { code, stderr } = await exited
  t.equal(code, 0, stderr)
  await app.close()

  const sqlite = openRaw(t, config.databasePath)
  t.equal(sqlite.prepare("select count(*) from audit_events where action = 'completion.import'").pluck().get(), 3, 'one per transaction')
  t.equal(sqlite.prepare("select count(*) from audit_events where action = 'participant.create'").pluck().get(), written + 3, 'the seeding\'s three and the service\'s')
  const result = await auditVerify(config)
  t.equal(result.code, 0, result.err)
  t.equal(result.out.events, sqlite.prepare('select count(*) from audit_events').pluck().get())
})
