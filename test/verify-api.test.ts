import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { CompactSign, generateKeyPair } from 'jose'
import { build, call } from './helpers/build.ts'
import { seedWorld } from './helpers/world.ts'
import { seedLearning, completion } from './helpers/learning.ts'
import { achievementCredential, makeIssuer, signCredential, signedByService } from './helpers/verify-fixtures.ts'

const CHECKS = ['format', 'signature', 'issuer', 'dates', 'status', 'schema']

const post = (app: FastifyInstance, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload: payload as string, headers })

t.test('POST /v1/verify: a credential of this service verifies, for anyone', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const { jwt, did } = await signedByService(app, w.orgs.providerA)

  const res = await post(app, '/v1/verify', { credential: jwt }, { authorization: 'Bearer not-a-key' })
  t.equal(res.statusCode, 200, 'public: a bad API key does not matter')
  const body = res.json()
  t.equal(body.verified, true)
  t.same(Object.keys(body).sort(), ['checks', 'credential', 'issuer', 'revocation', 'verified'], 'no more than /v1/verify always answered')
  t.same(Object.keys(body.checks), CHECKS)
  t.ok(CHECKS.every((c) => body.checks[c].status === 'passed'), JSON.stringify(body.checks))
  t.equal(body.issuer, did)
  t.same(body.revocation, { revoked: false })
  t.equal(body.credential.issuer.id, did)
  t.notOk('iss' in body.credential)
  t.ok(res.headers['x-ratelimit-limit'], 'rate-limited')

  for (const type of ['application/vc+jwt', 'text/plain']) {
    const raw = await post(app, '/v1/verify', jwt, { 'content-type': type })
    t.equal(raw.statusCode, 200, type)
    t.equal(raw.json().verified, true, type)
  }
  const envelope = { type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${jwt}` }
  t.equal((await post(app, '/v1/verify', { credential: envelope })).json().verified, true, 'an envelope')
})

t.test('POST /v1/verify: revoked, tampered, rotated and foreign credentials', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const first = await signedByService(app, w.orgs.providerA)
  const second = await signedByService(app, w.orgs.providerA)
  app.statusLists.revoke(second.status.listId, second.status.index)

  const revoked = await call(app, null, 'POST', '/v1/verify', { credential: second.jwt })
  t.equal(revoked.status, 200)
  t.equal(revoked.body.verified, false)
  t.same(revoked.body.checks.status, { status: 'failed', detail: 'revoked' })
  t.same(revoked.body.revocation, { revoked: true })
  t.equal((await call(app, null, 'POST', '/v1/verify', { credential: first.jwt })).body.verified, true, 'its neighbour is not revoked')

  const [h, p, s] = first.jwt.split('.') as [string, string, string]
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString())
  payload.credentialSubject.achievement.name = 'Kraan'
  const tampered = await call(app, null, 'POST', '/v1/verify', { credential: `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}` })
  t.equal(tampered.status, 200)
  t.equal(tampered.body.checks.signature.status, 'failed')

  await app.issuerKeys.rotate(w.orgs.providerA)
  const rotated = await call(app, null, 'POST', '/v1/verify', { credential: first.jwt })
  t.equal(rotated.body.verified, true, 'rotation never breaks what the old key signed')
  t.match(rotated.body.checks.issuer.detail, /retired/)

  const stranger = await makeIssuer('EdDSA', 'did:web:elsewhere.example:issuers:org_x')
  const foreign = await call(app, null, 'POST', '/v1/verify', { credential: await signCredential(stranger, achievementCredential(stranger.did)) })
  t.equal(foreign.status, 200)
  t.match(foreign.body.checks, { signature: { status: 'failed', detail: /no public key/ }, issuer: { status: 'failed', detail: /unknown issuer/ } })

  const impostor = await makeIssuer('ES256', first.did, 'sgk_00000000000000000000')
  const claimed = await call(app, null, 'POST', '/v1/verify', { credential: await signCredential(impostor, achievementCredential(first.did)) })
  t.equal(claimed.body.verified, false, 'a made-up kid under our DID')
})

t.test('POST /v1/verify: what others issue: no sub, another algorithm, a vc claim', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const { jwt } = await signedByService(app, w.orgs.providerA)
  const [, payloadPart] = jwt.split('.') as [string, string]
  const payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString())
  const key = await app.issuerKeys.signingKey(w.orgs.providerA)
  const resign = (claims: Record<string, unknown>, alg: string = key.alg, signingKey: Parameters<CompactSign['sign']>[0] = key.privateKey) =>
    new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg, kid: key.kid, typ: 'vc+jwt' }).sign(signingKey)

  const { sub: _sub, jti: _jti, ...withoutSub } = payload
  const noSub = await call(app, null, 'POST', '/v1/verify', { credential: await resign(withoutSub) })
  t.equal(noSub.status, 200)
  t.equal(noSub.body.verified, true, `a VC-JWT without sub and jti: ${JSON.stringify(noSub.body.checks)}`)

  const rs256 = await call(app, null, 'POST', '/v1/verify', { credential: await resign(payload, 'RS256', (await generateKeyPair('RS256')).privateKey) })
  t.equal(rs256.status, 200, 'a readable credential with a refused algorithm is no bad request')
  t.equal(rs256.body.verified, false)
  t.same(rs256.body.checks.signature, { status: 'failed', detail: 'algorithm RS256 is not accepted; only ES256 and EdDSA' })

  const legacy = await call(app, null, 'POST', '/v1/verify', { credential: await resign({ ...payload, vc: withoutSub }) })
  t.equal(legacy.status, 400)
  t.equal(legacy.body.code, 'not-a-credential')
  t.match(legacy.body.detail, /^not a credential: the JWT has a vc claim, as in the VC Data Model 1\.1 JWT encoding/)
})

t.test('POST /v1/verify: what is no credential gets a problem, never a 5xx', async (t) => {
  const app = await build(t)
  for (const credential of ['garbage', 'a.b.c', {}, { type: 'VerifiableCredential' }, 'eyJhbGciOiJub25lIn0.e30.']) {
    const res = await call(app, null, 'POST', '/v1/verify', { credential })
    t.equal(res.status, 400, JSON.stringify(credential))
    t.match(res.type, /^application\/problem\+json/)
    t.equal(res.body.code, 'not-a-credential')
    t.equal(res.body.checks.format.status, 'failed')
  }
  const cases: Array<[unknown, number, string, string?]> = [
    [{}, 400, 'validation-failed'],
    [{ credential: 'x', extra: 1 }, 400, 'validation-failed'],
    [{ credential: 42 }, 400, 'validation-failed'],
    [{ credential: 'x'.repeat(2100 * 1024) }, 413, 'credential-too-large'],
    [{ credential: 'x'.repeat(4200 * 1024) }, 413, 'body-too-large'],
    ['{"credential":', 400, 'malformed-json', 'application/json'],
    ['<credential/>', 415, 'unsupported-media-type', 'application/xml']
  ]
  for (const [payload, status, code, type] of cases) {
    const res = await post(app, '/v1/verify', payload, type ? { 'content-type': type } : {})
    t.equal(res.statusCode, status, code)
    t.equal(res.json().code, code)
  }
  const bare = await call(app, null, 'POST', '/v1/verify', { credential: achievementCredential('did:web:x') })
  t.equal(bare.status, 200, 'a document without its JWT is a credential that does not verify')
  t.match(bare.body.checks.signature, { status: 'failed', detail: /no signature/ })
})

t.test('POST /credentials/verify (W3C VC API): the VerificationResult, 200 verified or not', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const good = await signedByService(app, w.orgs.providerA)
  const bad = await signedByService(app, w.orgs.providerA)
  app.statusLists.revoke(bad.status.listId, bad.status.index)
  const envelope = (jwt: string) => ({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${jwt}` })
  const key = await app.issuerKeys.signingKey(w.orgs.providerA)
  const validFrom = JSON.parse(Buffer.from(good.jwt.split('.')[1]!, 'base64url').toString()).validFrom

  const ok = await call(app, null, 'POST', '/credentials/verify', { verifiableCredential: envelope(good.jwt) })
  t.equal(ok.status, 200)
  t.match(ok.type, /^application\/json/)
  t.same(ok.body, {
    verified: true,
    problemDetails: [],
    results: {
      proof: [{ verified: true, input: { alg: key.alg, kid: key.kid } }],
      validFrom: { verified: true, input: validFrom },
      credentialStatus: [{ value: 0, verified: true, input: good.status.entry }]
    }
  })
  t.same((await call(app, null, 'POST', '/credentials/verify', { verifiableCredential: good.jwt })).body.results, ok.body.results, 'a JWT string')
  const withCredential = await call(app, null, 'POST', '/credentials/verify', { verifiableCredential: good.jwt, options: { returnCredential: true } })
  t.same(withCredential.body.credential, envelope(good.jwt), 'returnCredential: the credential in the form it was verified in')
  const bare = await call(app, null, 'POST', '/credentials/verify', { verifiableCredential: envelope(good.jwt), options: { returnResults: false, returnProblemDetails: false } })
  t.same(bare.body, { verified: true })

  const revoked = await call(app, null, 'POST', '/credentials/verify', { verifiableCredential: envelope(bad.jwt) })
  t.equal(revoked.status, 200, 'a revoked credential is a verification result, not an error')
  t.equal(revoked.body.verified, false)
  t.same(revoked.body.problemDetails, [{ type: 'urn:stapsteen:problem:credential-revoked', title: 'CREDENTIAL_REVOKED', detail: 'revoked' }])
  t.same(revoked.body.results.credentialStatus, [{ value: 1, verified: false, input: bad.status.entry }])
  t.same(revoked.body.results.proof, ok.body.results.proof, 'the signature itself holds')

  const [h, p, sig] = good.jwt.split('.') as [string, string, string]
  const changed = JSON.parse(Buffer.from(p, 'base64url').toString())
  changed.name = 'Kraan'
  const tampered = await call(app, null, 'POST', '/credentials/verify', { verifiableCredential: `${h}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${sig}` })
  t.equal(tampered.status, 200)
  t.equal(tampered.body.verified, false)
  t.same(tampered.body.problemDetails, [{
    type: 'https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR',
    title: 'CRYPTOGRAPHIC_SECURITY_ERROR',
    detail: 'the signature does not match: the credential was changed, or signed with another key'
  }])
  t.same(tampered.body.results.proof, [{ verified: false, input: { alg: key.alg, kid: key.kid } }])

  const rs256 = await new CompactSign(Buffer.from(p, 'base64url')).setProtectedHeader({ alg: 'RS256', kid: key.kid }).sign((await generateKeyPair('RS256')).privateKey)
  const refused = await call(app, null, 'POST', '/credentials/verify', { verifiableCredential: rs256 })
  t.equal(refused.status, 200)
  t.match(refused.body, { verified: false, problemDetails: [{ title: 'CRYPTOGRAPHIC_SECURITY_ERROR', detail: 'algorithm RS256 is not accepted; only ES256 and EdDSA' }] })
})

t.test('POST /credentials/verify: what is no credential, and unknown options, get a problem', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const good = await signedByService(app, w.orgs.providerA)
  const malformed = await call(app, null, 'POST', '/credentials/verify', { verifiableCredential: { type: 'EnvelopedVerifiableCredential', id: 'data:text/plain,hi' } })
  t.match(malformed, { status: 400, body: { code: 'not-a-credential' } })
  t.match(malformed.type, /^application\/problem\+json/)
  t.match(await call(app, null, 'POST', '/credentials/verify', { credential: good.jwt }), { status: 400, body: { code: 'validation-failed' } })
  const unknown = await call(app, null, 'POST', '/credentials/verify', { verifiableCredential: good.jwt, options: { checks: ['proof'] } })
  t.equal(unknown.status, 400)
  t.equal(unknown.body.code, 'validation-failed')
  t.match(unknown.body.errors, [{ pointer: '#/options/checks', code: 'unknown-field' }])
  const notBoolean = await call(app, null, 'POST', '/credentials/verify', { verifiableCredential: good.jwt, options: { returnCredential: 'yes' } })
  t.match(notBoolean, { status: 400, body: { errors: [{ pointer: '#/options/returnCredential' }] } })
  const limited = await post(app, '/credentials/verify', { verifiableCredential: good.jwt })
  t.ok(limited.headers['x-ratelimit-remaining'] !== undefined, 'rate-limit headers')

  // readable, however odd: a verification result, never a 5xx
  const doc = achievementCredential(good.did)
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  const odd = [
    `${b64({ alg: 'none', kid: `${good.did}#k` })}.${b64({ ...doc, credentialStatus: 'x', credentialSchema: 5 })}.`,
    `${b64({ alg: 'ES256', kid: `${good.did}#k` })}.${b64({ ...doc, validFrom: 5, credentialStatus: [1, null] })}.c2ln`,
    { ...doc, proof: [1, 'x', { type: 'DataIntegrityProof' }], credentialSchema: [null, 'x'], credentialStatus: { type: 'BitstringStatusListEntry' } }
  ]
  for (const verifiableCredential of odd) {
    const res = await call(app, null, 'POST', '/credentials/verify', { verifiableCredential, options: { returnCredential: true } })
    t.equal(res.status, 200, JSON.stringify(verifiableCredential).slice(0, 40))
    t.equal(res.body.verified, false)
    t.ok(res.body.problemDetails.length > 0)
  }
})

t.test('both endpoints are rate-limited', async (t) => {
  const app = await build(t, { rateLimitMax: 2 })
  for (const url of ['/v1/verify', '/credentials/verify']) {
    const body = url === '/v1/verify' ? { credential: 'x' } : { verifiableCredential: 'x' }
    const codes = []
    for (let i = 0; i < 3; i++) codes.push((await call(app, null, 'POST', url, body)).status)
    t.same(codes, [400, 400, 429], url)
  }
})

t.test('a credential issued by the service, then revoked with a reason', async (t) => {
  const app = await build(t)
  const l = await seedLearning(app)
  for (const [i, unitId] of l.module.unitIds.entries()) {
    const res = await call(app, l.w.keysA.provider, 'POST', '/v1/completions', completion(l.people.fatima, unitId, `ext-${i}`))
    t.equal(res.status, 201)
  }
  await app.issuance.drain()
  const list = await call(app, l.w.keysA.coach, 'GET', `/v1/participants/${l.people.fatima}/credentials`)
  const id = list.body.items[0].id
  const jwt = (await call(app, l.w.keysA.coach, 'GET', `/v1/credentials/${id}`)).body.jwt

  const verified = await call(app, null, 'POST', '/v1/verify', { credential: jwt })
  t.equal(verified.body.verified, true, JSON.stringify(verified.body.checks))
  t.equal(verified.body.checks.schema.status, 'passed')

  const portfolio = await call(app, l.w.keysA.coach, 'POST', `/v1/participants/${l.people.fatima}/portfolio-credential`)
  t.equal(portfolio.status, 201)
  const clr = await call(app, null, 'POST', '/v1/verify', { credential: portfolio.body.jwt })
  t.equal(clr.body.verified, true, `the CLR 2.0 portfolio credential: ${JSON.stringify(clr.body.checks)}`)
  t.ok(clr.body.credential.type.includes('ClrCredential'))

  t.equal((await call(app, l.w.keysA.provider, 'POST', `/v1/credentials/${id}/revoke`, { reason: 'issued-in-error' })).status, 200)
  const revoked = await call(app, null, 'POST', '/v1/verify', { credential: jwt })
  t.equal(revoked.body.verified, false)
  t.equal(revoked.body.revocation.revoked, true)
  t.match(revoked.body.revocation.reason, /vergissing/)
  t.match(revoked.body.checks.status.detail, /^revoked: /)
})
