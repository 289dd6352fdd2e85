import t, { type Test } from 'tap'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.ts'
import { BACKUP_USAGE } from '../src/cli/backup.ts'
import { runCli, type Io } from '../src/cli/index.ts'
import { openDatabase } from '../src/db/client.ts'
import { TEST_CONFIG, call, expectStatus } from './helpers/build.ts'
import { completion, seedLearning } from './helpers/learning.ts'
import { testClock } from './helpers/time.ts'

function capture (): Io & { outLines: string[], errLines: string[] } {
  const outLines: string[] = []
  const errLines: string[] = []
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) }
}

const configIn = (dir: string) => ({ ...TEST_CONFIG, dataDir: dir, databasePath: join(dir, 'stapsteen.db') })
const countIn = (db: Database.Database, table: string) => db.prepare(`select count(*) from ${table}`).pluck().get() as number
const count = (app: FastifyInstance, table: string) => countIn(app.db.$client, table)
const modeOf = (path: string) => statSync(path).mode & 0o777

/** `stapsteen backup` as an operator runs it beside the service: another process, its own connection. */
function backupInAnotherProcess (dataDir: string, target: string) {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli')
  const entry = fileURLToPath(new URL('../src/cli/index.ts', import.meta.url))
  const child = spawn(process.execPath, [tsx, entry, 'backup', target], { env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  return new Promise<{ code: number | null, stdout: string, stderr: string }>((resolve) => {
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Every credential in the app's database, verified by the app's own POST /v1/verify. */
async function verifyAll (app: FastifyInstance) {
  const rows = app.db.$client.prepare('select id, jwt, revoked_at as revokedAt from credentials order by id').all() as Array<{ id: string, jwt: string, revokedAt: string | null }>
  const results = []
  for (const row of rows) {
    const res = await app.inject({ method: 'POST', url: '/v1/verify', payload: { credential: row.jwt } })
    const body = res.json()
    results.push({ id: row.id, revoked: row.revokedAt !== null, status: res.statusCode, verified: body.verified, checks: Object.fromEntries(Object.entries(body.checks).map(([k, v]) => [k, (v as { status: string }).status])) })
  }
  return results
}

const ALL_PASSED = { format: 'passed', signature: 'passed', issuer: 'passed', dates: 'passed', status: 'passed', schema: 'passed' }

t.test('a backup made while the service writes restores into a new DATA_DIR where every credential verifies', async (t: Test) => {
  const clock = testClock()
  const root = t.testdir({ data: {} })
  const config = { ...configIn(join(root, 'data')), now: clock.now }
  const app = await buildApp(config)
  t.teardown(() => app.close())
  const s = await seedLearning(app)
  await app.ready()
  const { w, module } = s
  const people: string[] = []
  for (let i = 0; i < 60; i++) {
    people.push((await expectStatus(call(app, w.keysA.coach, 'POST', '/v1/participants', { regionId: w.regions.a, displayName: `Deelnemer ${i}` }), 201)).id)
  }
  /** both units of the module for two participants: two credentials queued (none for who holds one) */
  let batches = 0
  const postBatch = async (pair: string[]) => {
    const items = pair.flatMap((p) => module.unitIds.map((u, i) => completion(p, u, `load-${batches}-${p}-${i}`)))
    batches++
    await expectStatus(call(app, w.keysA.provider, 'POST', '/v1/completions/batch', { items }), 200)
  }

  // committed before the backup begins: credentials issued, with a key since retired, and one revoked
  await postBatch(people.slice(0, 2))
  await app.issuance.drain()
  await expectStatus(call(app, w.admin, 'POST', `/v1/issuers/${w.orgs.providerA}/keys/rotate`, {}), 201)
  for (let i = 2; i < 6; i += 2) await postBatch(people.slice(i, i + 2))
  await app.issuance.drain()
  const revoked = app.db.$client.prepare('select id from credentials order by id limit 1').pluck().get() as string
  await expectStatus(call(app, w.keysA.provider, 'POST', `/v1/credentials/${revoked}/revoke`, { reason: 'issued-in-error' }), 200)
  const before = { completions: count(app, 'completions'), credentials: count(app, 'credentials') }
  const committed = app.db.$client.prepare('select id from credentials').pluck().all() as string[]
  t.equal(committed.length, 6)
  const keyFiles = readdirSync(join(config.dataDir, 'keys'), { recursive: true }).map(String).filter((f) => f.endsWith('.jwk'))
  t.equal(keyFiles.length, 2, 'the provider\'s retired key and its current one')

  // the service writes (and issues in the background) for as long as the backup runs
  const writing = { on: true }
  // the load never comes back to the first six, so the revoked credential's holder earns no new one
  const pairOf = (n: number) => [people[6 + (2 * n) % 54]!, people[7 + (2 * n) % 54]!]
  const load = (async () => { for (let n = 0; writing.on; n++) await postBatch(pairOf(n)) })()
  const target = join(root, 'backup-1')
  const backup = await backupInAnotherProcess(config.dataDir, target)
  writing.on = false
  await load
  t.equal(backup.code, 0, backup.stderr)
  const after = { completions: count(app, 'completions'), credentials: count(app, 'credentials') }
  t.ok(after.completions > before.completions, 'the service wrote while the backup ran')

  // what was written, and how it may be read
  t.same(readdirSync(target).sort(), ['keys', 'stapsteen.db'], 'a database and the keys, nothing half-written')
  t.match(backup.stdout, new RegExp(`^${target}/stapsteen.db\\t\\d+ bytes$`, 'm'))
  t.match(backup.stderr, `to ${target}`)
  t.equal(modeOf(target), 0o700)
  t.equal(modeOf(join(target, 'stapsteen.db')), 0o600)
  t.equal(modeOf(join(target, 'keys')), 0o700)
  for (const file of keyFiles) {
    t.equal(modeOf(join(target, 'keys', file)), 0o600, `${file} is 0600`)
    t.equal(modeOf(join(target, 'keys', file.split('/')[0]!)), 0o700, `${file.split('/')[0]} is 0700`)
    t.equal(readFileSync(join(target, 'keys', file), 'utf8'), readFileSync(join(config.dataDir, 'keys', file), 'utf8'))
    t.match(backup.stdout, `${target}/keys/${file}`, `${file} is listed`)
  }

  // restore as the README says: copy the backup into a new DATA_DIR and start there
  const restoredDir = join(root, 'restored')
  execFileSync('cp', ['-a', target, restoredDir])
  const copy = new Database(join(restoredDir, 'stapsteen.db'), { readonly: true })
  const copied = { completions: countIn(copy, 'completions'), credentials: countIn(copy, 'credentials'), integrity: copy.pragma('integrity_check', { simple: true }) }
  copy.close()
  t.equal(copied.integrity, 'ok')
  const restored = await buildApp({ ...config, dataDir: restoredDir, databasePath: join(restoredDir, 'stapsteen.db') })
  t.teardown(() => restored.close())
  await restored.ready()
  t.ok(copied.completions >= before.completions && copied.completions <= after.completions, `completions: ${before.completions} ≤ ${copied.completions} ≤ ${after.completions}`)
  t.ok(copied.completions > before.completions, 'the copy holds writes made while the backup ran')
  t.ok(copied.credentials >= before.credentials && copied.credentials <= after.credentials, `credentials: ${before.credentials} ≤ ${copied.credentials} ≤ ${after.credentials}`)

  // credentials queued in the copy are issued there, and new ones too: signed with the restored private keys
  const newcomer = (await expectStatus(call(restored, w.keysA.coach, 'POST', '/v1/participants', { regionId: w.regions.a, displayName: 'Na het terugzetten' }), 201)).id
  await expectStatus(call(restored, w.keysA.provider, 'POST', '/v1/completions/batch', { items: module.unitIds.map((u, i) => completion(newcomer, u, `restored-${i}`)) }), 200)
  await restored.issuance.drain()
  const completedModules = restored.db.$client.prepare(
    'select count(*) from (select participant_id from completions where voided_at is null group by participant_id having count(distinct unit_id) = 2)').pluck().get() as number
  t.equal(count(restored, 'credentials'), completedModules, 'one credential per participant who completed the module, as the copy says')
  const verdicts = await verifyAll(restored)
  t.equal(verdicts.length, completedModules)
  t.match(verdicts.find((v) => v.id === revoked), { status: 200, verified: false, checks: { ...ALL_PASSED, status: 'failed' } }, 'the revoked one is still revoked')
  t.same(verdicts.filter((v) => v.id !== revoked && !(v.status === 200 && v.verified === true && JSON.stringify(v.checks) === JSON.stringify(ALL_PASSED))), [],
    `the ${verdicts.length - 1} others verify, every check passed`)
  const verified = new Set(verdicts.filter((v) => v.verified).map((v) => v.id))
  t.same(committed.filter((id) => !verified.has(id)), [revoked], 'every credential committed before the backup verifies, but the one revoked')
  t.equal(restored.db.$client.prepare('select count(*) from credentials where participant_id = ?').pluck().get(newcomer), 1, 'the newcomer\'s credential is among them')
})

t.test('backup never overwrites, and refuses bad usage and a missing database', async (t) => {
  const root = t.testdir({ data: {}, empty: {}, 'existing-dir': {}, 'existing-file': 'keep me' })
  const config = configIn(join(root, 'data'))
  openDatabase(config.databasePath).$client.close()
  const run = async (args: string[], cfg = config) => {
    const io = capture()
    const code = await runCli(['backup', ...args], cfg, io)
    return { code, out: io.outLines, err: io.errLines.join('\n') }
  }

  t.match(await run([join(root, 'existing-dir')]), { code: 73, out: [], err: /existing-dir exists; a backup never overwrites/ })
  t.same(readdirSync(join(root, 'existing-dir')), [], 'the directory is left as it was')
  t.match(await run([join(root, 'existing-file')]), { code: 73, out: [], err: /existing-file exists/ })
  t.equal(readFileSync(join(root, 'existing-file'), 'utf8'), 'keep me')
  t.match(await run([join(root, 'no-such-folder', 'backup')]), { code: 73, err: /its parent folder does not exist/ })

  for (const args of [[], ['a', 'b'], ['--force', join(root, 'x')], ['--help']]) {
    t.match(await run(args), { code: 64, out: [], err: BACKUP_USAGE }, `backup ${args.join(' ')}`)
  }
  t.match(await run([join(root, 'x')], configIn(join(root, 'empty'))), { code: 66, out: [], err: /no database at .*empty\/stapsteen.db/ })
  t.notOk(existsSync(join(root, 'x')), 'nothing was made')
  t.same(readdirSync(join(root, 'empty')), [], 'no database was made either')

  // a service that never signed has no keys folder: the backup holds an empty one
  const made = await run([join(root, 'x')])
  t.match(made, { code: 0, out: [new RegExp(`^${root}/x/stapsteen.db\\t\\d+ bytes$`)], err: /0 private key\(s\) of 0 issuer\(s\)/ })
  t.same(readdirSync(join(root, 'x', 'keys')), [])
  t.match(await run([join(root, 'x')]), { code: 73, err: /exists/ }, 'the same name twice')
})

t.test('a failed copy leaves nothing behind', async (t) => {
  const root = t.testdir({ data: { keys: { org_odd: { 'sgk_1.jwk': {} } } } })
  const config = configIn(join(root, 'data'))
  openDatabase(config.databasePath).$client.close()
  // a key file that cannot be read (here a folder by that name): the copy fails halfway
  const io = capture()
  t.equal(await runCli(['backup', join(root, 'y')], config, io), 74)
  t.same(io.outLines, [])
  t.match(io.errLines.join('\n'), /failed, nothing kept at .*\/y: EISDIR/)
  t.notOk(existsSync(join(root, 'y')), 'the half-made backup is removed')
})
