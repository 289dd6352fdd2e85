import t, { type Test } from 'tap'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { generateKeyPair } from 'jose'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../src/app.ts'
import { runCli, type Io } from '../src/cli/index.ts'
import { TEST_CONFIG } from './helpers/build.ts'
import { seedWorld } from './helpers/world.ts'
import { NOW, achievementCredential, makeIssuer, signCredential, signJws, signStatusList, statusEntry, type TestIssuer } from './helpers/verify-fixtures.ts'

const LIST = 'https://issuer.example/status-lists/lst_1'

function capture (): Io & { outLines: string[], errLines: string[] } {
  const outLines: string[] = []
  const errLines: string[] = []
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) }
}

/** A data dir without a database, and files for one issuer's credentials, keys and list. */
async function offlineWorld (t: Test) {
  const dir = t.testdir()
  const config = { ...TEST_CONFIG, dataDir: join(dir, 'data'), databasePath: join(dir, 'data', 'stapsteen.db'), now: () => NOW }
  const issuer = await makeIssuer('EdDSA')
  const file = (name: string, content: string) => { writeFileSync(join(dir, name), content); return join(dir, name) }
  const credential = async (index: number) => signCredential(issuer, achievementCredential(issuer.did, { credentialStatus: statusEntry(LIST, index) }))
  return {
    dir,
    config,
    issuer,
    file,
    good: file('good.jwt', await credential(3) + '\n'),
    revoked: file('revoked.jwt', await credential(4)),
    jwks: file('jwks.json', JSON.stringify({ keys: [issuer.publicJwk] })),
    list: file('list.jwt', await signStatusList(issuer, LIST, [4]))
  }
}

t.test('verify a file offline with --jwks and --status-list files', async (t) => {
  const w = await offlineWorld(t)
  const io = capture()
  t.equal(await runCli(['verify', w.good, '--jwks', w.jwks, '--status-list', w.list], w.config, io), 0)
  const result = JSON.parse(io.outLines.join('\n'))
  t.equal(result.verified, true)
  t.match(result.checks, { signature: { status: 'passed' }, issuer: { status: 'warning', detail: /unknown issuer/ }, status: { status: 'passed' } })
  t.match(io.errLines.join('\n'), /^verified: issued by did:web:issuer\.example.*warnings: issuer: unknown issuer/)
  t.notOk(existsSync(w.config.databasePath), 'no database is made')

  const revoked = capture()
  t.equal(await runCli(['verify', w.revoked, '--jwks', w.jwks, '--status-list', w.list], w.config, revoked), 1)
  t.equal(JSON.parse(revoked.outLines.join('\n')).checks.status.detail, 'revoked')
  t.match(revoked.errLines.join('\n'), /^NOT verified: status: revoked/)

  const early = capture()
  const before = { ...w.config, now: () => new Date('2026-01-10T12:00:00Z') }
  t.equal(await runCli(['verify', w.good, '--jwks', w.jwks, '--status-list', w.list], before, early), 1, 'checked at the config\'s clock')
  t.match(JSON.parse(early.outLines.join('\n')).checks.dates, { status: 'failed', detail: /not yet valid/ })

  const did = w.file('did.json', JSON.stringify({
    id: w.issuer.did,
    verificationMethod: [{ id: '#key-1', type: 'JsonWebKey2020', controller: w.issuer.did, publicKeyJwk: { ...w.issuer.publicJwk, kid: undefined } }]
  }))
  t.equal(await runCli(['verify', w.good, '--jwks', did, '--status-list', w.list], w.config, capture()), 0, 'a DID document serves as key set')

  const envelope = w.file('envelope.json', JSON.stringify({ type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${readFileSync(w.good, 'utf8').trim()}` }))
  t.equal(await runCli(['verify', envelope, '--jwks', w.jwks, '--status-list', w.list], w.config, capture()), 0, 'an envelope in a JSON file')

  const noList = capture()
  t.equal(await runCli(['verify', w.good, '--jwks', w.jwks], w.config, noList), 1)
  t.match(JSON.parse(noList.outLines.join('\n')).checks.status.detail, /unreachable/)
  const noKeys = capture()
  t.equal(await runCli(['verify', w.good, '--status-list', w.list], w.config, noKeys), 1)
  t.match(noKeys.errLines.join('\n'), /no --jwks given and no local database/)
})

t.test('verify offline what another issuer made: no iss, jti or sub; an algorithm it does not accept', async (t) => {
  const w = await offlineWorld(t)
  const plain = w.file('plain.jwt', await signJws(w.issuer, achievementCredential(w.issuer.did, { credentialStatus: statusEntry(LIST, 3) })))
  const io = capture()
  t.equal(await runCli(['verify', plain, '--jwks', w.jwks, '--status-list', w.list], w.config, io), 0, io.errLines.join('\n'))
  t.match(io.errLines.join('\n'), /^verified: issued by did:web:issuer\.example/)

  const { privateKey } = await generateKeyPair('ES384')
  const es384 = w.file('es384.jwt', await signJws({ ...w.issuer, privateKey }, achievementCredential(w.issuer.did), { alg: 'ES384' }))
  const refused = capture()
  t.equal(await runCli(['verify', es384, '--jwks', w.jwks], w.config, refused), 1)
  t.match(refused.errLines.join('\n'), /^NOT verified: signature: algorithm ES384 is not accepted; only ES256 and EdDSA/)
})

t.test('exit codes: 64 usage, 66 unreadable input, 1 for what is no credential', async (t) => {
  const w = await offlineWorld(t)
  const cases: Array<[string[], number, RegExp]> = [
    [['verify'], 64, /usage: stapsteen verify/],
    [['verify', w.good, w.revoked], 64, /usage: stapsteen verify/],
    [['verify', w.good, '--keys', w.jwks], 64, /Unknown option/],
    [['verify', w.good, '--jwks', 'http://issuer.example/jwks.json'], 64, /file or an https URL/],
    [['verify', join(w.dir, 'missing.jwt')], 66, /cannot read the credential file .*ENOENT/],
    [['verify', w.good, '--jwks', join(w.dir, 'missing.json')], 66, /cannot read the JWKS/],
    [['verify', w.good, '--jwks', w.jwks, '--status-list', join(w.dir, 'missing')], 66, /cannot read the status list/],
    [['verify', w.good, '--jwks', w.good], 66, /is not a JWKS or DID document/],
    [['verify', w.file('garbage.txt', 'hello world')], 1, /NOT verified: format/]
  ]
  for (const [argv, code, message] of cases) {
    const io = capture()
    t.equal(await runCli(argv, w.config, io), code, argv.slice(1).join(' '))
    t.match(io.errLines.join('\n'), message)
    if (code !== 1) t.same(io.outLines, [], 'nothing on stdout')
  }
})

t.test('verify with the local database: keys and status lists of this service', async (t) => {
  const dir = t.testdir()
  const config = { ...TEST_CONFIG, dataDir: dir, databasePath: join(dir, 'stapsteen.db'), now: () => NOW }
  const app = await buildApp(config)
  t.teardown(() => app.close())
  const w = await seedWorld(app)
  const orgId = w.orgs.providerA
  const key = await app.issuerKeys.signingKey(orgId)
  const did = app.issuerKeys.didOf(orgId)
  const issuer: TestIssuer = { did, kid: key.kid, alg: key.alg, privateKey: key.privateKey, publicJwk: {} }
  const files: string[] = []
  for (const name of ['kept', 'revoked']) {
    const status = app.statusLists.allocate(orgId, `crd_${name}`)
    const validFrom = '2026-03-01T11:59:00Z' // a minute before NOW, the clock of the app and the CLI
    writeFileSync(join(dir, `${name}.jwt`), await signCredential(issuer, achievementCredential(did, { validFrom, credentialStatus: status.entry })))
    files.push(join(dir, `${name}.jwt`))
    if (name === 'revoked') app.statusLists.revoke(status.listId, status.index)
  }
  await app.close()

  const io = capture()
  t.equal(await runCli(['verify', files[0]!], config, io), 0, io.errLines.join('\n'))
  const result = JSON.parse(io.outLines.join('\n'))
  t.match(result.checks, { issuer: { status: 'passed' }, status: { status: 'passed', detail: 'not revoked' } })
  const revoked = capture()
  t.equal(await runCli(['verify', files[1]!], config, revoked), 1)
  t.match(revoked.errLines.join('\n'), /status: revoked/)
})

t.test('npx stapsteen verify runs from the command line', async (t) => {
  const w = await offlineWorld(t)
  const bin = fileURLToPath(new URL('../bin/stapsteen.js', import.meta.url))
  const run = (file: string) => spawnSync(process.execPath, [bin, 'verify', file, '--jwks', w.jwks, '--status-list', w.list], {
    env: { ...process.env, DATA_DIR: w.config.dataDir, LOG_LEVEL: 'silent' },
    encoding: 'utf8'
  })
  const ok = run(w.good)
  t.equal(ok.status, 0, ok.stderr)
  t.equal(JSON.parse(ok.stdout).verified, true)
  t.equal(run(w.revoked).status, 1)
})
