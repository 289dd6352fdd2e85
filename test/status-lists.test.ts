import t from 'tap'
import { gunzipSync } from 'node:zlib'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose'
import type { FastifyInstance } from 'fastify'
import { eq } from 'drizzle-orm'
import { build } from './helpers/build.ts'
import { seedWorld } from './helpers/world.ts'
import { openDatabase, type Db } from '../src/db/client.ts'
import { statusEntries, statusLists } from '../src/db/schema/index.ts'
import { createIssuerKeys } from '../src/features/issuers/issuer-keys.ts'
import { createFileKeyStore, createMemoryKeyStore } from '../src/features/issuers/keystore.ts'
import { createStatusLists } from '../src/features/status-lists/status-lists.ts'

const PUBLIC_URL = 'http://localhost:3000'
const PROGRAMME_DID = 'did:web:localhost%3A3000:issuers:programme'

/** The bit at `index` of a served `encodedList`, decoded here without the service's decoder. */
function servedBit (encodedList: string, index: number): number {
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'))
  return (bytes[Math.floor(index / 8)]! >> (7 - (index % 8))) & 1
}

function servedSetBits (encodedList: string): number[] {
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'))
  const out: number[] = []
  for (let i = 0; i < bytes.length * 8; i++) if ((bytes[Math.floor(i / 8)]! >> (7 - (i % 8))) & 1) out.push(i)
  return out
}

async function getList (app: FastifyInstance, listId: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url: `/status-lists/${listId}`, headers })
}

/** Verifies the served JWT with the service's public JWKS, as a plain JOSE verifier would. */
async function verifyServed (app: FastifyInstance, jwt: string, issuer: string) {
  const jwks = (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json() as JSONWebKeySet
  return jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ['ES256', 'EdDSA'], issuer, typ: 'JWT' })
}

/** The service alone, on its own database: no HTTP, for tests that need many allocations. */
function serviceOn (db: Db, keyStore = createMemoryKeyStore()) {
  const issuerKeys = createIssuerKeys(db, keyStore, PUBLIC_URL)
  return { issuerKeys, statusLists: createStatusLists(db, issuerKeys, PUBLIC_URL) }
}

/** Counts calls to the issuers' signing key, the step before every signature. */
function countSignings (app: Pick<FastifyInstance, 'issuerKeys'>) {
  const original = app.issuerKeys.signingKey
  const counter = { calls: 0 }
  app.issuerKeys.signingKey = async (issuerId) => { counter.calls++; return original(issuerId) }
  return counter
}

t.test('a revoked index shows as a set bit in the served, signed list', async (t) => {
  const app = await build(t)
  const { listId, index, entry } = app.statusLists.allocate('programme', 'urn:uuid:c1')
  const other = app.statusLists.allocate('programme', 'urn:uuid:c2')
  const listUrl = `${PUBLIC_URL}/status-lists/${listId}`
  t.match(listId, /^sl_[0-9a-z]{20}$/)
  t.same(entry, {
    id: `${listUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: String(index),
    statusListCredential: listUrl
  })
  t.equal(other.listId, listId, 'one open list per issuer')

  t.equal(app.statusLists.isRevoked(listId, index), false)
  t.equal(app.statusLists.revoke(listId, index), true)
  t.equal(app.statusLists.revoke(listId, index), false, 'already revoked')
  t.equal(app.statusLists.isRevoked(listId, index), true)
  t.equal(app.statusLists.isRevoked(listId, other.index), false)

  const res = await getList(app, listId)
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/vc+jwt')
  t.equal(res.headers['cache-control'], 'public, max-age=60')
  const { payload, protectedHeader } = await verifyServed(app, res.body, PROGRAMME_DID)
  t.match(protectedHeader, { alg: 'ES256', typ: 'JWT', kid: new RegExp(`^${PROGRAMME_DID}#sgk_`) })
  t.equal(payload.jti, listUrl)
  t.equal(payload.nbf, payload.iat)
  t.same(payload['@context'], ['https://www.w3.org/ns/credentials/v2'])
  t.same(payload.type, ['VerifiableCredential', 'BitstringStatusListCredential'])
  t.equal(payload.id, listUrl)
  t.equal(payload.issuer, PROGRAMME_DID)
  t.equal(payload.validFrom, new Date(payload.nbf! * 1000).toISOString().replace('.000Z', 'Z'))
  const subject = payload.credentialSubject as Record<string, string>
  t.match(subject, { id: `${listUrl}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: /^u[A-Za-z0-9_-]+$/ })
  t.equal(gunzipSync(Buffer.from(subject.encodedList!.slice(1), 'base64url')).length, 16_384, '131,072 entries')
  t.equal(servedBit(subject.encodedList!, index), 1, 'the revoked index is 1')
  t.equal(servedBit(subject.encodedList!, other.index), 0, 'the other index is 0')
  t.same(servedSetBits(subject.encodedList!), [index], 'and nothing else is set')

  t.throws(() => app.statusLists.revoke('sl_unknown', 1), RangeError)
  t.throws(() => app.statusLists.isRevoked(listId, 131_072), RangeError)

  // lists are per issuer, and each is signed by its own issuer
  const { orgs } = await seedWorld(app)
  const forOrg = app.statusLists.allocate(orgs.providerA, 'urn:uuid:o1')
  const forProgramme = app.statusLists.allocate('programme', 'urn:uuid:p1')
  t.not(forOrg.listId, forProgramme.listId)
  const orgDid = `did:web:localhost%3A3000:issuers:${orgs.providerA}`
  const orgRes = await getList(app, forOrg.listId)
  const verified = await verifyServed(app, orgRes.body, orgDid)
  t.equal(verified.payload.issuer, orgDid)
  t.ok(verified.protectedHeader.kid!.startsWith(`${orgDid}#`))
  await t.rejects(verifyServed(app, orgRes.body, PROGRAMME_DID), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' })

  // an unknown list is a 404 problem
  const variants: Array<Record<string, string>> = [{}, { 'if-none-match': '*' }, { accept: 'application/json' }]
  for (const headers of variants) {
    const res = await getList(app, 'sl_00000000000000000000', headers)
    t.equal(res.statusCode, 404)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(res.json(), { status: 404, code: 'not-found', detail: 'status list sl_00000000000000000000 does not exist' })
  }
  t.equal(await app.statusLists.signedList('sl_00000000000000000000'), undefined)
  t.equal(app.statusLists.version('sl_00000000000000000000'), undefined)
})

t.test('indexes are random, distinct and spread over the list; a half-full list makes way', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.$client.close())
  const app = { db, ...serviceOn(db) }
  const allocations = Array.from({ length: 2000 }, (_, i) => app.statusLists.allocate('programme', `urn:uuid:${i}`))
  const listId = allocations[0]!.listId
  t.ok(allocations.every((a) => a.listId === listId))
  const indexes = allocations.map((a) => a.index)
  t.equal(new Set(indexes).size, 2000, 'no index twice')
  let increasing = 0
  for (let i = 1; i < indexes.length; i++) if (indexes[i]! > indexes[i - 1]!) increasing++
  t.ok(increasing / (indexes.length - 1) < 0.6, `issue order does not show (${increasing} of 1999 pairs increase)`)
  const buckets = new Array<number>(8).fill(0)
  for (const i of indexes) buckets[Math.floor(i / 16_384)]!++
  t.ok(buckets.every((n) => n > 150), `spread over the whole list: ${buckets.join(', ')}`)
  t.ok(indexes.every((i) => Number.isInteger(i) && i >= 0 && i < 131_072))
  t.equal(app.db.select().from(statusEntries).all().length, 2000, 'every index is recorded')

  app.db.update(statusLists).set({ used: 65_535 }).where(eq(statusLists.id, listId)).run()
  t.equal(app.statusLists.allocate('programme', 'urn:uuid:last').listId, listId, 'the last entry below half')
  const next = app.statusLists.allocate('programme', 'urn:uuid:next')
  t.not(next.listId, listId, 'a new list once half of 131,072 is used')
  t.equal(app.statusLists.allocate('programme', 'urn:uuid:after').listId, next.listId)
})

t.test('indexes are never reused across restarts, and the list survives them', async (t) => {
  const dir = t.testdir()
  const open = () => {
    const db = openDatabase(`${dir}/stapsteen.db`)
    return { db, ...serviceOn(db, createFileKeyStore(dir)) }
  }
  const first = open()
  const before = Array.from({ length: 2000 }, (_, i) => first.statusLists.allocate('programme', `urn:uuid:a${i}`))
  const revoked = before[17]!
  first.statusLists.revoke(revoked.listId, revoked.index)
  const jwt = await first.statusLists.signedList(revoked.listId)
  first.db.$client.close()

  const second = open()
  t.teardown(() => second.db.$client.close())
  const signings = countSignings(second)
  const after = Array.from({ length: 2000 }, (_, i) => second.statusLists.allocate('programme', `urn:uuid:b${i}`))
  t.ok(after.every((a) => a.listId === revoked.listId), 'the open list is still used')
  const all = new Set([...before, ...after].map((a) => `${a.listId}#${a.index}`))
  t.equal(all.size, 4000, 'no index given twice')
  t.equal(second.statusLists.isRevoked(revoked.listId, revoked.index), true)
  t.equal(await second.statusLists.signedList(revoked.listId), jwt, 'allocation alone changes no bit; the stored JWT is served')
  t.equal(signings.calls, 0)
  const jwks = createLocalJWKSet(second.issuerKeys.jwks() as JSONWebKeySet)
  const { payload } = await jwtVerify(jwt!, jwks, { algorithms: ['ES256'], issuer: PROGRAMME_DID })
  t.equal(servedBit((payload.credentialSubject as { encodedList: string }).encodedList, revoked.index), 1)
})

t.test('the list is re-signed only when it changed; ETag and 304 follow its version', async (t) => {
  const app = await build(t)
  const signings = countSignings(app)
  const { listId, index } = app.statusLists.allocate('programme', 'urn:uuid:c1')

  const first = await getList(app, listId)
  t.equal(signings.calls, 1)
  const etag = first.headers.etag as string
  t.match(etag, /^"\d+"$/)
  const second = await getList(app, listId)
  t.equal(second.body, first.body, 'the identical JWT')
  t.equal(second.body.split('.')[2], first.body.split('.')[2], 'the same signature bytes')
  t.equal(second.headers.etag, etag)
  app.statusLists.allocate('programme', 'urn:uuid:c2')
  t.equal((await getList(app, listId)).body, first.body, 'a new entry changes no bit')
  t.equal(signings.calls, 1, 'no signing without a change')

  const notModified = await getList(app, listId, { 'if-none-match': etag })
  t.equal(notModified.statusCode, 304)
  t.equal(notModified.body, '')
  t.equal(notModified.headers.etag, etag)
  t.equal((await getList(app, listId, { 'if-none-match': `"x", W/${etag}` })).statusCode, 304, 'weak and listed tags match')
  t.equal(signings.calls, 1)

  app.statusLists.revoke(listId, index)
  const [changed, concurrent] = await Promise.all([getList(app, listId), getList(app, listId)])
  t.equal(signings.calls, 2, 'one signing for the change, shared by concurrent requests')
  t.not(changed!.body, first.body)
  t.equal(concurrent!.body, changed!.body)
  t.not(changed!.headers.etag, etag)
  t.equal(decodeProtectedHeader(changed!.body).kid, decodeProtectedHeader(first.body).kid)
  const stale = await getList(app, listId, { 'if-none-match': etag })
  t.equal(stale.statusCode, 200, 'an old ETag gets the new list')
  t.equal(stale.body, changed!.body)
  t.equal((await getList(app, listId, { 'if-none-match': changed!.headers.etag as string })).statusCode, 304)
  t.equal(await app.statusLists.signedList(listId), changed!.body)
  t.equal(signings.calls, 2)

  // Accept: application/json gets the list credential itself, from the same signed list
  const jwtRes = await getList(app, listId)
  const res = await getList(app, listId, { accept: 'application/json' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  t.equal(res.headers.vary, 'accept')
  t.not(res.headers.etag, jwtRes.headers.etag, 'each representation has its own ETag')
  const { payload } = await verifyServed(app, jwtRes.body, PROGRAMME_DID)
  const { iss: _iss, jti: _jti, nbf: _nbf, iat: _iat, ...credential } = payload
  t.same(res.json(), credential)
  t.equal(servedBit(res.json().credentialSubject.encodedList, index), 1)
  t.equal((await getList(app, listId, { accept: 'application/json', 'if-none-match': res.headers.etag as string })).statusCode, 304)
  t.equal((await getList(app, listId, { accept: 'application/vc+jwt, application/json' })).headers['content-type'], 'application/vc+jwt')
})
