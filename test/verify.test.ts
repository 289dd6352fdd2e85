import t from 'tap'
import { CompactSign, generateKeyPair } from 'jose'
import { verifyCredential } from '../src/features/verification/verify.ts'
import {
  NOW, allPassedBut, statusesOf, achievementCredential, depsFor, makeIssuer, signCredential, signJws, signStatusList, statusEntry
} from './helpers/verify-fixtures.ts'

const LIST = 'https://issuer.example/status-lists/lst_1'

t.test('a valid ES256 and a valid EdDSA credential verify, every check passed', async (t) => {
  for (const alg of ['ES256', 'EdDSA'] as const) {
    const issuer = await makeIssuer(alg)
    const doc = achievementCredential(issuer.did, { credentialStatus: statusEntry(LIST, 42) })
    const jwt = await signCredential(issuer, doc)
    const result = await verifyCredential(jwt, depsFor({ keys: [issuer], lists: { [LIST]: await signStatusList(issuer, LIST, [41, 43]) } }))
    t.same(statusesOf(result), allPassedBut({}), alg)
    t.equal(result.verified, true)
    t.equal(result.issuer, issuer.did)
    t.same(result.revocation, { revoked: false })
    t.same(result.credential, doc, 'the document, without iss/jti/sub/nbf')
    t.match(result.checks.signature.detail, alg)
  }
})

t.test('no credentialStatus: status skipped, still verified', async (t) => {
  const issuer = await makeIssuer()
  const result = await verifyCredential(await signCredential(issuer, achievementCredential(issuer.did)), depsFor({ keys: [issuer] }))
  t.same(statusesOf(result), allPassedBut({ status: 'skipped' }))
  t.equal(result.verified, true)
  t.notOk('revocation' in result)
})

t.test('a tampered payload fails the signature', async (t) => {
  const issuer = await makeIssuer()
  const jwt = await signCredential(issuer, achievementCredential(issuer.did))
  const [h, p, s] = jwt.split('.') as [string, string, string]
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString())
  payload.name = 'Kraanmachinist'
  const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`
  const result = await verifyCredential(tampered, depsFor({ keys: [issuer] }))
  t.same(statusesOf(result), allPassedBut({ signature: 'failed', status: 'skipped' }))
  t.equal(result.verified, false)
  t.match(result.checks.signature.detail, /does not match/)
})

t.test('a wrong key, a key of the wrong type, an unknown key: signature failed', async (t) => {
  const issuer = await makeIssuer()
  const other = await makeIssuer('ES256')
  const ed = await makeIssuer('EdDSA')
  const jwt = await signCredential(issuer, achievementCredential(issuer.did))
  const cases = [
    { publicJwk: other.publicJwk, issuerKnown: true },
    { publicJwk: ed.publicJwk, issuerKnown: true },
    { publicJwk: { kty: 'oct', k: 'c2VjcmV0' }, issuerKnown: true },
    { publicJwk: { ...issuer.publicJwk, crv: 'P-384' }, issuerKnown: true }
  ]
  for (const key of cases) {
    const result = await verifyCredential(jwt, depsFor({ keys: [{ kid: issuer.kid, key }] }))
    t.equal(result.checks.signature.status, 'failed', JSON.stringify(key.publicJwk).slice(0, 40))
    t.equal(result.verified, false)
  }
  const unknown = await verifyCredential(jwt, depsFor())
  t.match(unknown.checks.signature, { status: 'failed', detail: /no public key/ })
  t.match(unknown.checks.issuer, { status: 'failed', detail: /unknown issuer/, problem: 'no-key' })
  const throwing = await verifyCredential(jwt, { ...depsFor(), resolveKey: async () => { throw new Error('db down') } })
  t.equal(throwing.checks.signature.status, 'failed')
})

t.test('an algorithm outside ES256 and EdDSA: read, then refused by the signature check; no key is ever looked up', async (t) => {
  const issuer = await makeIssuer()
  const doc = achievementCredential(issuer.did)
  const claims = { ...doc, iss: issuer.did, jti: doc.id, nbf: Math.floor(Date.parse(doc.validFrom as string) / 1000) }
  const body = new TextEncoder().encode(JSON.stringify(claims))
  const signWith = async (alg: string, key: Parameters<CompactSign['sign']>[0]) =>
    new CompactSign(body).setProtectedHeader({ alg, kid: issuer.kid, typ: 'vc+jwt' }).sign(key)
  const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', kid: issuer.kid })).toString('base64url')}.${Buffer.from(body).toString('base64url')}.`
  const cases: Array<[string, string, string]> = [
    ['RS256', await signWith('RS256', (await generateKeyPair('RS256')).privateKey), 'algorithm RS256 is not accepted; only ES256 and EdDSA'],
    ['ES384', await signWith('ES384', (await generateKeyPair('ES384')).privateKey), 'algorithm ES384 is not accepted; only ES256 and EdDSA'],
    // the published public key used as an HMAC secret: the classic algorithm confusion
    ['HS256', await signWith('HS256', new TextEncoder().encode(JSON.stringify(issuer.publicJwk))), 'algorithm HS256 is not accepted; only ES256 and EdDSA'],
    ['none', unsigned, 'algorithm none is not accepted: the JWT is not signed; only ES256 and EdDSA']
  ]
  for (const [name, jwt, detail] of cases) {
    let lookedUp = 0
    const deps = { ...depsFor({ keys: [issuer] }), resolveKey: async () => { lookedUp++; return { publicJwk: issuer.publicJwk, issuerKnown: true } } }
    const result = await verifyCredential(jwt, deps)
    t.same(statusesOf(result), allPassedBut({ signature: 'failed', issuer: 'skipped', status: 'skipped' }), name)
    t.same(result.checks.signature, { status: 'failed', detail }, name)
    t.equal(result.checks.format.detail, `VC-JWT (${name}) with a W3C VC 2.0 credential`)
    t.equal(result.verified, false, name)
    t.equal(lookedUp, 0, `${name}: no key looked up`)
  }
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  for (const alg of [undefined, 42, '', 'ES256 or anything you like'.repeat(3)]) {
    const jwt = `${b64({ alg, kid: issuer.kid })}.${b64(claims)}.c2ln`
    t.match((await verifyCredential(jwt, depsFor())).checks.format, { status: 'failed', detail: 'the JWT header has no alg naming a JWS algorithm' }, String(alg))
  }
  const emptySignature = `${b64({ alg: 'ES256', kid: issuer.kid })}.${b64(claims)}.`
  t.match((await verifyCredential(emptySignature, depsFor())).checks.format, { status: 'failed', detail: 'the JWT has no signature' }, 'only alg none may have no signature')
})

t.test('the JOSE header: kid, typ and crit', async (t) => {
  const issuer = await makeIssuer()
  const doc = achievementCredential(issuer.did)
  const deps = depsFor({ keys: [issuer] })
  for (const typ of ['JWT', 'vc+jwt', 'application/vc+jwt', undefined]) {
    const jwt = await signJws(issuer, { ...doc, iss: issuer.did, jti: doc.id, sub: 'urn:uuid:0c9a9c1e-3f55-4d0b-8a55-6c2b1d4e7f90' }, { typ })
    t.equal((await verifyCredential(jwt, deps)).verified, true, `typ ${typ}`)
  }
  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ typ: 'JOSE+JSON' }, /typ/],
    [{ kid: '' }, /no kid/],
    [{ crit: ['exp'], exp: 1 }, /crit/]
  ]
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  for (const [header, detail] of bad) {
    // refused before any signature is looked at, so the signature part can be anything
    const jwt = `${b64({ alg: 'ES256', kid: issuer.kid, ...header })}.${b64({ ...doc, iss: issuer.did })}.c2ln`
    t.match((await verifyCredential(jwt, deps)).checks.format, { status: 'failed', detail }, JSON.stringify(header))
  }
})

t.test('expired and not yet valid: dates failed, the rest passed', async (t) => {
  const issuer = await makeIssuer()
  const deps = depsFor({ keys: [issuer] })
  const expired = await signCredential(issuer, achievementCredential(issuer.did, { validUntil: '2026-02-01T00:00:00Z' }))
  const result = await verifyCredential(expired, deps)
  t.same(statusesOf(result), allPassedBut({ dates: 'failed', status: 'skipped' }))
  t.match(result.checks.dates.detail, /^expired on 2026-02-01/)

  const early = await signCredential(issuer, achievementCredential(issuer.did, { validFrom: '2026-04-01T00:00:00Z' }))
  const notYet = await verifyCredential(early, deps)
  t.same(statusesOf(notYet), allPassedBut({ dates: 'failed', status: 'skipped' }))
  t.match(notYet.checks.dates.detail, /^not yet valid/)

  const skewed = await signCredential(issuer, achievementCredential(issuer.did, { validFrom: new Date(NOW.getTime() + 30_000).toISOString() }))
  t.equal((await verifyCredential(skewed, deps)).checks.dates.status, 'passed', '30 s ahead is within the clock skew')

  const exp = await signCredential(issuer, achievementCredential(issuer.did), { exp: Math.floor(NOW.getTime() / 1000) - 3600 })
  t.match((await verifyCredential(exp, deps)).checks.dates, { status: 'failed', detail: /expired/ }, 'exp alone counts too')
  const disagree = await signCredential(issuer, achievementCredential(issuer.did), { nbf: 1_700_000_000 })
  t.match((await verifyCredential(disagree, deps)).checks.dates, { status: 'failed', detail: /nbf claim and validFrom disagree/ })
  const junk = await signCredential(issuer, achievementCredential(issuer.did, { validFrom: 'gisteren' }), { nbf: undefined })
  t.match((await verifyCredential(junk, deps)).checks.dates, { status: 'failed', detail: /validFrom is not a date-time/ })
  const textNbf = await signCredential(issuer, achievementCredential(issuer.did), { nbf: '1700000000' })
  t.match((await verifyCredential(textNbf, deps)).checks.dates, { status: 'failed', detail: /nbf claim is not a number/ })
})

t.test('issuers: retired keys, unknown issuers, keys of another issuer', async (t) => {
  const issuer = await makeIssuer()
  const jwt = await signCredential(issuer, achievementCredential(issuer.did))
  const retired = await verifyCredential(jwt, depsFor({ keys: [{ kid: issuer.kid, key: { publicJwk: issuer.publicJwk, issuerKnown: true, retiredAt: '2026-02-01T00:00:00Z' } }] }))
  t.equal(retired.verified, true, 'a credential signed before the key was retired still verifies')
  t.match(retired.checks.issuer, { status: 'passed', detail: /retired/ })
  const retiredBefore = await verifyCredential(jwt, depsFor({ keys: [{ kid: issuer.kid, key: { publicJwk: issuer.publicJwk, issuerKnown: true, retiredAt: '2025-06-01T00:00:00Z' } }] }))
  t.match(retiredBefore.checks.issuer, { status: 'warning', detail: /before this credential's validFrom/ })

  const unknown = await verifyCredential(jwt, depsFor({ foreignKeys: [issuer] }))
  t.same(statusesOf(unknown), allPassedBut({ issuer: 'warning', status: 'skipped' }))
  t.match(unknown.checks.issuer.detail, /^unknown issuer/)
  t.equal(unknown.verified, true)

  const other = await makeIssuer('ES256', 'did:web:elsewhere.example:issuers:org_x')
  const borrowed = await signCredential({ ...other, did: issuer.did }, achievementCredential(issuer.did))
  const result = await verifyCredential(borrowed, depsFor({ keys: [issuer, other] }))
  t.match(result.checks.issuer, { status: 'failed', detail: /belongs to another issuer/ })
  t.equal(result.verified, false)
})

t.test('iss, jti and sub: compared with the document when present, none of them required (VC-JOSE-COSE)', async (t) => {
  const issuer = await makeIssuer()
  const deps = depsFor({ keys: [issuer] })
  const doc = achievementCredential(issuer.did)
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ iss: 'did:web:elsewhere.example' }, `the iss claim (did:web:elsewhere.example) differs from issuer.id (${issuer.did})`],
    [{ jti: 'urn:uuid:other' }, 'the jti claim (urn:uuid:other) differs from the credential id (urn:uuid:5b1c2f7e-9d51-4c1e-9b0e-2f6a0d3c8e11)'],
    [{ sub: 'urn:uuid:other' }, 'the sub claim (urn:uuid:other) differs from credentialSubject.id (urn:uuid:0c9a9c1e-3f55-4d0b-8a55-6c2b1d4e7f90)'],
    [{ sub: 42 }, 'the sub claim is not a string']
  ]
  for (const [claims, detail] of cases) {
    const result = await verifyCredential(await signCredential(issuer, doc, claims), deps)
    t.same(result.checks.format, { status: 'failed', detail }, JSON.stringify(claims))
    t.equal(result.verified, false)
  }
  for (const absent of ['iss', 'jti', 'sub']) {
    const result = await verifyCredential(await signCredential(issuer, doc, { [absent]: undefined }), deps)
    t.same(statusesOf(result), allPassedBut({ status: 'skipped' }), `no ${absent} claim`)
    t.equal(result.issuer, issuer.did)
  }
  // a VC-JOSE-COSE credential as another issuer makes it: the claims set is the credential alone
  const bare = await signJws(issuer, doc)
  const plain = await verifyCredential(bare, deps)
  t.equal(plain.verified, true, 'no iss, jti, sub or nbf at all')
  t.equal(plain.checks.issuer.detail, `issued by ${issuer.did}`)
  const noSubjectId = { ...doc, credentialSubject: { ...(doc.credentialSubject as object), id: undefined } }
  t.equal((await verifyCredential(await signCredential(issuer, noSubjectId, { sub: 'urn:uuid:holder' }), deps)).checks.format.status, 'passed',
    'a sub with no credentialSubject.id conflicts with nothing')
  const impostor = await makeIssuer('ES256', 'did:web:elsewhere.example:issuers:org_x')
  const borrowed = await verifyCredential(await signJws({ ...impostor, did: issuer.did }, doc), depsFor({ keys: [issuer, impostor] }))
  t.match(borrowed.checks.issuer, { status: 'failed', detail: /belongs to another issuer/ }, 'without iss, the issuer in the document is the one the key must belong to')
  const several = { ...doc, credentialSubject: [doc.credentialSubject, { id: 'urn:uuid:other', type: ['AchievementSubject'] }] }
  t.equal((await verifyCredential(await signCredential(issuer, several, { sub: 'urn:uuid:0c9a9c1e-3f55-4d0b-8a55-6c2b1d4e7f90' }), deps)).checks.format.status,
    'passed', 'with several subjects, sub names the first')
  const schemaless = await signCredential(issuer, { ...doc, credentialSubject: { id: 'urn:uuid:0c9a9c1e-3f55-4d0b-8a55-6c2b1d4e7f90', type: ['AchievementSubject'] } })
  const result = await verifyCredential(schemaless, deps)
  t.same(statusesOf(result), allPassedBut({ schema: 'failed', status: 'skipped' }))
  t.match(result.checks.schema.detail, /achievement/)
  const broken = await verifyCredential(await signCredential(issuer, doc), { ...deps, checkSchema: () => { throw new RangeError('stack') } })
  t.match(broken.checks.schema, { status: 'failed', detail: /could not be run/ })
})

t.test('a vc or vp claim (the VC 1.1 JWT encoding) is another format', async (t) => {
  const issuer = await makeIssuer()
  const doc = achievementCredential(issuer.did)
  const legacy = await signJws(issuer, { iss: issuer.did, jti: doc.id, nbf: 1_768_467_600, vc: { ...doc, '@context': ['https://www.w3.org/2018/credentials/v1'] } })
  const alongside = await signCredential(issuer, doc, { vc: doc })
  const presentation = await signJws(issuer, { iss: issuer.did, vp: { type: ['VerifiablePresentation'], verifiableCredential: [] } })
  for (const [name, jwt, claim] of [['VC 1.1 JWT', legacy, 'vc'], ['a 2.0 credential with a vc claim too', alongside, 'vc'], ['a VC 1.1 presentation', presentation, 'vp']] as const) {
    const result = await verifyCredential(jwt, depsFor({ keys: [issuer] }))
    t.same(result.checks.format, {
      status: 'failed',
      detail: `the JWT has a ${claim} claim, as in the VC Data Model 1.1 JWT encoding; a VC 2.0 VC-JWT carries the credential itself as its claims, without vc or vp`
    }, name)
    t.equal(result.checks.signature.status, 'skipped', name)
    t.equal(result.verified, false, name)
  }
})

t.test('envelopes, JSON text and bare documents', async (t) => {
  const issuer = await makeIssuer()
  const deps = depsFor({ keys: [issuer] })
  const doc = achievementCredential(issuer.did)
  const jwt = await signCredential(issuer, doc)
  const envelope = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${jwt}` }
  t.equal((await verifyCredential(envelope, deps)).verified, true, 'an EnvelopedVerifiableCredential')
  t.equal((await verifyCredential(JSON.stringify(envelope), deps)).verified, true, 'the envelope as JSON text')
  t.equal((await verifyCredential(`  data:application/vc+jwt,${jwt}\n`, deps)).verified, true, 'the data: URL')
  t.equal((await verifyCredential(`${jwt}\n`, deps)).verified, true, 'a trailing newline')
  const wrongType = await verifyCredential({ ...envelope, id: `data:application/jwt,${jwt}` }, deps)
  t.match(wrongType.checks.format, { status: 'failed', detail: /EnvelopedVerifiableCredential needs an id/ })

  const bare = await verifyCredential(doc, deps)
  t.equal(bare.verified, false)
  t.match(bare.checks, { format: { status: 'passed' }, signature: { status: 'failed', detail: 'no signature: a credential document needs its JWT' } })
  t.equal(bare.issuer, issuer.did)
  const proofed = await verifyCredential({ ...doc, proof: { type: 'DataIntegrityProof' } }, deps)
  t.match(proofed.checks.signature.detail, /embedded proofs are not supported/)
})

t.test('garbage never verifies and never throws', async (t) => {
  const issuer = await makeIssuer()
  const deps = depsFor({ keys: [issuer] })
  const jwt = await signCredential(issuer, achievementCredential(issuer.did))
  const notVc = await signJws(issuer, { iss: issuer.did, hello: 'world' })
  const arrayPayload = await signJws(issuer, [1, 2, 3])
  const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url')
  const deep = '{"a":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}'
  const inputs: unknown[] = [
    '', '   ', 'hello', 'a.b.c', 'a.b', '...', '{', '[]', '{}', 'null', '{"@context":"x"}', deep,
    jwt.slice(0, Math.floor(jwt.length / 2)), jwt.split('.').slice(0, 2).join('.'), `${jwt}.x.y`,
    `${b64('not json')}.${b64({})}.c2ln`, `ey!.${b64({})}.c2ln`, `${b64([1])}.${b64({})}.c2ln`, `${b64({ alg: 'ES256', kid: 'k' })}.${b64('nope')}.c2ln`,
    `${b64({ alg: 'ES256', kid: 'k' })}.${b64({})}.`, `${b64({ alg: 'ES256', kid: 'k' })}.${b64({})}.!!`,
    'x'.repeat(1024 * 1024), `${jwt}${' '.repeat(2100 * 1024)}`, notVc, arrayPayload,
    {}, [], null, undefined, 42, true, { type: 'VerifiableCredential' }, { big: 'x'.repeat(2100 * 1024) }, { n: 10n }
  ]
  for (const input of inputs) {
    const label = typeof input === 'string' ? `${input.slice(0, 30)} (${input.length})` : String(input).slice(0, 30)
    const result = await verifyCredential(input, deps)
    t.equal(result.verified, false, label)
    t.equal(result.checks.format.status, 'failed', label)
    t.notOk(result.credential, label)
  }
})
