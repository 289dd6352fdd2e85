import t from 'tap'
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { SignJWT, createLocalJWKSet, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.ts'
import { runCli, type Io } from '../src/cli/index.ts'
import type { AppConfig } from '../src/config.ts'
import { createFileKeyStore, createMemoryKeyStore } from '../src/features/issuers/keystore.ts'
import { TEST_CONFIG, build, call, serviceAdminKey } from './helpers/build.ts'

const ALGORITHMS = ['ES256', 'EdDSA']

async function sign (app: FastifyInstance, issuerId: string, claims: Record<string, unknown>) {
  const key = await app.issuerKeys.signingKey(issuerId)
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid }).sign(key.privateKey)
}

/** Verifies with jose and the served JWKS only. */
async function verifiesFromJwks (app: FastifyInstance, jwt: string) {
  const jwks = (await app.inject({ url: '/.well-known/jwks.json' })).json()
  return (await jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ALGORITHMS })).payload
}

/** Verifies with jose and the key named by the kid in the served did.json. */
async function verifiesFromDid (app: FastifyInstance, jwt: string, didJsonUrl: string) {
  const { kid, alg } = decodeProtectedHeader(jwt)
  const doc = (await app.inject({ url: didJsonUrl })).json()
  const method = doc.verificationMethod.find((m: { id: string }) => m.id === kid)
  return (await jwtVerify(jwt, await importJWK(method.publicKeyJwk as JWK, alg), { algorithms: ALGORITHMS })).payload
}

async function makeOrganisation (app: FastifyInstance, admin: string) {
  const region = (await call(app, admin, 'POST', '/v1/regions', { slug: 'twente', name: 'Twente' })).body
  return (await call(app, admin, 'POST', '/v1/organisations', { name: 'ROC van Twente', kind: 'provider', regionIds: [region.id] })).body.id as string
}

const fileConfig = (dir: string): AppConfig => ({ ...TEST_CONFIG, dataDir: dir, databasePath: join(dir, 'stapsteen.db') })

t.test('rotation: the new key signs, the old one stays published and keeps verifying', async (t) => {
  const app = await build(t)
  const admin = serviceAdminKey(app)
  const org = await makeOrganisation(app, admin)
  const didJson = `/issuers/${org}/did.json`

  const first = await app.issuerKeys.signingKey(org)
  const jwt1 = await sign(app, org, { n: 1 })
  const rotated = await call(app, admin, 'POST', `/v1/issuers/${org}/keys/rotate`, {})
  t.equal(rotated.status, 201)
  t.not(rotated.body.kid, first.kid)
  const second = await app.issuerKeys.signingKey(org)
  t.equal(second.kid, rotated.body.kid, 'signingKey returns the new key')
  const jwt2 = await sign(app, org, { n: 2 })
  t.equal(decodeProtectedHeader(jwt2).kid, second.kid)

  for (const [jwt, n] of [[jwt1, 1], [jwt2, 2]] as const) {
    t.equal((await verifiesFromJwks(app, jwt)).n, n, `JWT ${n} verifies from the JWKS`)
    t.equal((await verifiesFromDid(app, jwt, didJson)).n, n, `JWT ${n} verifies from did.json`)
  }
  const doc = (await call(app, null, 'GET', didJson)).body
  t.same(doc.verificationMethod.map((m: { id: string }) => m.id), [first.kid, second.kid])
  t.same(doc.assertionMethod, [first.kid, second.kid])
  t.match(app.issuerKeys.findKey(first.kid), { retiredAt: rotated.body.createdAt })
  t.equal(app.issuerKeys.findKey(second.kid)?.retiredAt, null)
  const listed = (await call(app, admin, 'GET', `/v1/issuers/${org}/keys`)).body.items
  t.same(listed.map((k: { kid: string, status: string }) => [k.kid, k.status]), [[first.kid, 'retired'], [second.kid, 'current']])

  // EdDSA: an Ed25519 key that signs and verifies the same way
  const ed = await call(app, admin, 'POST', `/v1/issuers/${org}/keys/rotate`, { alg: 'EdDSA' })
  t.match(ed.body, { alg: 'EdDSA', publicJwk: { kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' } })
  t.notOk('y' in ed.body.publicJwk)
  const jwt3 = await sign(app, org, { n: 3 })
  t.equal(decodeProtectedHeader(jwt3).alg, 'EdDSA')
  t.equal((await verifiesFromJwks(app, jwt3)).n, 3)
  t.equal((await verifiesFromDid(app, jwt3, didJson)).n, 3)
  t.equal((await verifiesFromJwks(app, jwt1)).n, 1, 'the first key still verifies after two rotations')
  t.equal(app.issuerKeys.publicKeysOf(org).filter((k) => k.retiredAt === null).length, 1, 'one current key')
})

t.test('file-backed keys: modes 0700/0600, nothing private outside the file, same key after a restart', async (t) => {
  const dir = t.testdir()
  const config = fileConfig(dir)
  const app = await buildApp(config)
  t.teardown(() => app.close())
  const admin = serviceAdminKey(app)
  const org = await makeOrganisation(app, admin)
  const key = await app.issuerKeys.signingKey(org)
  const keyId = key.kid.split('#')[1]!
  const jwt = await sign(app, org, { before: 'restart' })

  const file = join(dir, 'keys', org, `${keyId}.jwk`)
  t.equal(statSync(join(dir, 'keys')).mode & 0o777, 0o700, 'keys directory')
  t.equal(statSync(join(dir, 'keys', org)).mode & 0o777, 0o700, 'issuer directory')
  t.equal(statSync(file).mode & 0o777, 0o600, 'key file')
  t.same(readdirSync(join(dir, 'keys', org)), [`${keyId}.jwk`], 'no temporary file left')
  const privateJwk = JSON.parse(readFileSync(file, 'utf8'))
  t.match(privateJwk, { kty: 'EC', crv: 'P-256', d: /^[\w-]{43}$/ })

  // the private scalar appears nowhere else: JWKS, did.json, API, database
  const rotatedProgramme = await call(app, admin, 'POST', '/v1/issuers/programme/keys/rotate', {})
  const served: string[] = [
    (await app.inject({ url: '/.well-known/jwks.json' })).body,
    (await app.inject({ url: `/issuers/${org}/did.json` })).body,
    JSON.stringify((await call(app, admin, 'GET', `/v1/issuers/${org}/keys`)).body),
    JSON.stringify(rotatedProgramme.body),
    JSON.stringify(app.db.$client.prepare('select * from signing_keys').all())
  ]
  for (const text of served) {
    t.notOk(text.includes(privateJwk.d), 'no private scalar')
    t.notMatch(text, /"d"\s*:/, 'no d member')
  }
  await app.close()

  const again = await buildApp(config)
  t.teardown(() => again.close())
  t.equal((await again.issuerKeys.signingKey(org)).kid, key.kid, 'same kid after a restart')
  t.equal((await verifiesFromJwks(again, jwt)).before, 'restart')
  t.equal((await verifiesFromJwks(again, await sign(again, org, { after: 'restart' }))).after, 'restart', 'the reloaded private key signs')
  await again.close()

  // a database that names a key whose private half is gone says so, with the way out
  rmSync(file)
  const lost = await buildApp(config)
  t.teardown(() => lost.close())
  await t.rejects(lost.issuerKeys.signingKey(org), { name: 'IssuerKeyError', code: 'private-key-missing', message: /keys rotate --issuer/ })
})

t.test('keys rotate (CLI) prints the new kid; a running app signs with it at once', async (t) => {
  const dir = t.testdir()
  const config = fileConfig(dir)
  const app = await buildApp(config)
  t.teardown(() => app.close())
  const org = await makeOrganisation(app, serviceAdminKey(app))
  const before = await app.issuerKeys.signingKey(org)

  const outLines: string[] = []
  const errLines: string[] = []
  const io: Io = { out: (l) => outLines.push(l), err: (l) => errLines.push(l) }
  t.equal(await runCli(['keys', 'rotate', '--issuer', org, '--alg', 'EdDSA'], config, io), 0)
  t.equal(outLines.length, 1, 'only the kid on stdout')
  t.match(outLines[0], new RegExp(`^did:web:localhost%3A3000:issuers:${org}#sgk_[0-9a-z]{20}$`))
  t.match(errLines.join('\n'), /retired sgk_/)
  t.match(await app.issuerKeys.signingKey(org), { kid: outLines[0], alg: 'EdDSA' }, 'the other process\'s rotation counts')
  t.match(app.issuerKeys.findKey(before.kid), { retiredAt: /^\d{4}-/ })
  const keyFile = join(dir, 'keys', org, `${outLines[0]!.split('#')[1]}.jwk`)
  t.equal(statSync(keyFile).mode & 0o777, 0o600)

  t.equal(await runCli(['keys', 'rotate', '--issuer', 'programme'], config, io), 0)
  t.match(outLines[1], /^did:web:localhost%3A3000:issuers:programme#sgk_/)

  const cases: Array<[string[], number, RegExp]> = [
    [['keys', 'rotate'], 64, /usage: stapsteen keys rotate/],
    [['keys', 'rotate', '--issuer', org, '--alg', 'RS256'], 64, /--alg must be one of ES256, EdDSA/],
    [['keys', 'rotate', '--issuer', 'org_00000000000000000000'], 65, /no issuer org_00000000000000000000/]
  ]
  for (const [argv, code, message] of cases) {
    const failed: Io & { o: string[], e: string[] } = { o: [], e: [], out: (l) => failed.o.push(l), err: (l) => failed.e.push(l) }
    t.equal(await runCli(argv, config, failed), code, argv.join(' '))
    t.same(failed.o, [], 'nothing on stdout')
    t.match(failed.e.join('\n'), message)
  }
})

t.test('key stores refuse unsafe names and never overwrite a key', async (t) => {
  const dir = t.testdir()
  for (const store of [createFileKeyStore(dir), createMemoryKeyStore()]) {
    t.throws(() => store.save('../etc', 'sgk_1', { kty: 'EC' }), TypeError)
    t.throws(() => store.load('programme', '../../stapsteen.db'), TypeError)
    t.equal(store.load('programme', 'sgk_absent'), undefined)
    store.save('programme', 'sgk_1', { kty: 'EC', d: 'secret' })
    t.throws(() => store.save('programme', 'sgk_1', { kty: 'EC', d: 'other' }))
    t.same(store.load('programme', 'sgk_1'), { kty: 'EC', d: 'secret' })
  }
  t.same(readdirSync(join(dir, 'keys', 'programme')), ['sgk_1.jwk'])
})

t.test('a PUBLIC_URL with a path gives kids under that path', async (t) => {
  const app = await build(t, { publicUrl: 'https://x.nl/stapsteen' })
  const { kid } = await app.issuerKeys.signingKey('programme')
  t.match(kid, /^did:web:x\.nl:stapsteen:issuers:programme#sgk_[0-9a-z]{20}$/)
  t.equal((await call(app, null, 'GET', '/issuers/programme/did.json')).body.id, 'did:web:x.nl:stapsteen:issuers:programme')
})
