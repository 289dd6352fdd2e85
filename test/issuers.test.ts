import t from 'tap'
import { SignJWT, createLocalJWKSet, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose'
import type { FastifyInstance } from 'fastify'
import { build, call } from './helpers/build.ts'
import { seedWorld } from './helpers/world.ts'
import { checkAgainstSchema } from '../src/lib/credential-schemas.ts'

const ALGORITHMS = ['ES256', 'EdDSA']

/** did:web resolution written out here, independently of src/features/issuers/did.ts. */
function didJsonPath (kid: string): string {
  const [, , , ...path] = kid.split('#')[0]!.split(':')
  return `/${path.join('/')}/did.json`
}

/** Verifies with jose and what the service serves, nothing else: the JWKS… */
async function verifyWithJwks (app: FastifyInstance, jwt: string) {
  const jwks = (await app.inject({ url: '/.well-known/jwks.json' })).json()
  return jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ALGORITHMS })
}

/** …or the DID document the kid's did:web resolves to. */
async function verifyWithDidDocument (app: FastifyInstance, jwt: string) {
  const { kid, alg } = decodeProtectedHeader(jwt)
  const doc = (await app.inject({ url: didJsonPath(kid!) })).json()
  const method = doc.verificationMethod.find((m: { id: string }) => m.id === kid)
  if (!method || !doc.assertionMethod.includes(kid)) throw new Error(`kid ${kid} is not an assertion method of ${doc.id}`)
  return jwtVerify(jwt, await importJWK(method.publicKeyJwk as JWK, alg), { algorithms: ALGORITHMS })
}

t.test('a JWT signed with an organisation\'s key verifies from the served JWKS and did.json alone', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const key = await app.issuerKeys.signingKey(w.orgs.providerA)
  const did = `did:web:localhost%3A3000:issuers:${w.orgs.providerA}`
  t.match(key, { kid: new RegExp(`^${did}#sgk_[0-9a-z]{20}$`), alg: 'ES256' })
  const jwt = await new SignJWT({ hello: 'Twente' }).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'vc+jwt' })
    .setIssuer(did).sign(key.privateKey)

  t.equal((await verifyWithJwks(app, jwt)).payload.hello, 'Twente')
  t.equal((await verifyWithDidDocument(app, jwt)).payload.iss, did)
  t.equal((await app.issuerKeys.signingKey(w.orgs.providerA)).kid, key.kid, 'the same key signs next time')

  // a key of another issuer does not pass for this one's
  const other = await app.issuerKeys.signingKey(w.orgs.providerB)
  const forged = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: key.kid }).sign(other.privateKey)
  await t.rejects(verifyWithJwks(app, forged), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' })
})

t.test('public documents: did.json, Profile and JWKS, with types, caching and 404s', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const org = w.orgs.providerA
  const did = `did:web:localhost%3A3000:issuers:${org}`
  const { kid } = await app.issuerKeys.signingKey(org)

  const doc = await call(app, null, 'GET', `/issuers/${org}/did.json`)
  t.equal(doc.status, 200)
  t.match(doc.type, /^application\/did\+json/)
  t.equal(doc.headers['cache-control'], 'public, max-age=300')
  t.equal(doc.headers['access-control-allow-origin'], '*')
  t.match(doc.body, {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    verificationMethod: [{ id: kid, type: 'JsonWebKey2020', controller: did, publicKeyJwk: { kty: 'EC', crv: 'P-256', kid } }],
    assertionMethod: [kid]
  })

  const profile = await call(app, null, 'GET', `/issuers/${org}`)
  t.equal(profile.status, 200)
  t.same(profile.body, {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: did,
    type: ['Profile'],
    name: 'ROC van Twente',
    url: `http://localhost:3000/issuers/${org}`,
    image: { id: `http://localhost:3000/issuers/${org}/image.svg`, type: 'Image', caption: 'Logo van ROC van Twente' }
  })
  t.same(checkAgainstSchema('profile', profile.body), [])
  const programme = await call(app, null, 'GET', '/issuers/programme')
  t.match(programme.body, { id: 'did:web:localhost%3A3000:issuers:programme', name: 'LLO Collectief (via Stapsteen)', url: 'http://localhost:3000/issuers/programme' })
  t.same(checkAgainstSchema('profile', programme.body), [])
  const embeddable = Object.fromEntries(Object.entries(profile.body).filter(([name]) => name !== '@context'))
  t.same(app.issuerKeys.profileOf(org), embeddable, 'the embeddable form has no @context')

  const jwks = await call(app, null, 'GET', '/.well-known/jwks.json')
  t.equal(jwks.headers['cache-control'], 'public, max-age=300')
  t.match(jwks.body.keys, [{ kid, alg: 'ES256', use: 'sig', kty: 'EC', crv: 'P-256', x: /^[\w-]{43}$/, y: /^[\w-]{43}$/ }])

  // an issuer without keys yet has an empty, valid DID document; nothing is made by reading
  const empty = await call(app, null, 'GET', '/issuers/programme/did.json')
  t.same(empty.body.verificationMethod, [])
  t.equal(app.issuerKeys.publicKeysOf('programme').length, 0)

  for (const url of ['/issuers/org_00000000000000000000/did.json', '/issuers/org_00000000000000000000', '/issuers/..%2Fkeys/did.json']) {
    const res = await call(app, null, 'GET', url)
    t.equal(res.status, 404, url)
    t.equal(res.type, 'application/problem+json; charset=utf-8')
    t.equal(res.body.code, 'not-found', url)
  }
  await t.rejects(app.issuerKeys.signingKey('org_00000000000000000000'), { name: 'IssuerKeyError', code: 'unknown-issuer' })
})

t.test('findKey answers for an absolute kid of this service only', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const { kid } = await app.issuerKeys.signingKey(w.orgs.employerA)
  t.match(app.issuerKeys.findKey(kid), { kid, issuerId: w.orgs.employerA, alg: 'ES256', retiredAt: null, publicJwk: { kty: 'EC', kid, use: 'sig' } })
  const keyId = kid.split('#')[1]!
  t.equal(app.issuerKeys.findKey(keyId), undefined, 'a relative kid')
  t.equal(app.issuerKeys.findKey(`did:web:elsewhere.nl:issuers:${w.orgs.employerA}#${keyId}`), undefined, 'another host')
  t.equal(app.issuerKeys.findKey(`did:web:localhost%3A3000:issuers:${w.orgs.providerA}#${keyId}`), undefined, 'another issuer')
  t.equal(app.issuerKeys.findKey(`did:web:localhost%3A3000:issuers:${w.orgs.employerA}#sgk_00000000000000000000`), undefined)
})

t.test('concurrent first signings share one key', async (t) => {
  const app = await build(t)
  const keys = await Promise.all([1, 2, 3, 4].map(() => app.issuerKeys.signingKey('programme')))
  t.equal(new Set(keys.map((k) => k.kid)).size, 1)
  t.equal(app.issuerKeys.publicKeysOf('programme').length, 1)
})

t.test('admin key routes: who may list and rotate', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const rotate = (key: string | null, issuerId: string, body?: unknown) => call(app, key, 'POST', `/v1/issuers/${issuerId}/keys/rotate`, body)

  t.equal((await call(app, null, 'GET', `/v1/issuers/${w.orgs.providerA}/keys`)).status, 401)
  t.equal((await rotate(null, w.orgs.providerA, {})).body.code, 'unauthenticated')
  for (const role of ['provider', 'coach', 'employer', 'analyst'] as const) {
    t.equal((await call(app, w.keysA[role], 'GET', `/v1/issuers/${w.orgs.providerA}/keys`)).body.code, 'forbidden-role', `list as ${role}`)
    t.equal((await rotate(w.keysA[role], w.orgs.providerA, {})).body.code, 'forbidden-role', `rotate as ${role}`)
  }

  // a region admin rotates organisations of its region, not others and not the programme
  const own = await rotate(w.keysA.admin, w.orgs.providerA)
  t.equal(own.status, 201, 'no body means ES256')
  t.match(own.body, { issuerId: w.orgs.providerA, alg: 'ES256', status: 'current', retiredAt: null, publicJwk: { kty: 'EC', use: 'sig' } })
  t.match(await rotate(w.keysA.admin, w.orgs.providerB, {}), { status: 404, body: { code: 'not-found', detail: `issuer ${w.orgs.providerB} does not exist` } })
  t.match(await rotate(w.keysA.admin, 'programme', {}), { status: 403, body: { code: 'forbidden' } })
  t.equal(app.issuerKeys.publicKeysOf(w.orgs.providerB).length, 0, 'nothing was made')
  t.equal(app.issuerKeys.publicKeysOf('programme').length, 0, 'nothing was made')

  // the service admin may rotate every issuer
  t.match(await rotate(w.admin, 'programme', { alg: 'EdDSA' }), { status: 201, body: { issuerId: 'programme', alg: 'EdDSA', publicJwk: { kty: 'OKP', crv: 'Ed25519' } } })
  t.equal((await rotate(w.admin, w.orgs.providerB, {})).status, 201)

  t.match(await rotate(w.admin, 'org_00000000000000000000', {}), { status: 404, body: { code: 'not-found' } })
  t.match(await call(app, w.admin, 'GET', '/v1/issuers/org_00000000000000000000/keys'), { status: 404, body: { code: 'not-found' } })
  t.match(await rotate(w.admin, w.orgs.providerA, { alg: 'RS256' }), { status: 400, body: { errors: [{ pointer: '#/alg', code: 'invalid-enum' }] } })
  t.match(await rotate(w.admin, w.orgs.providerA, { alg: 'ES256', d: 'x' }), { status: 400, body: { errors: [{ pointer: '#/d', code: 'unknown-field' }] } })

  // any admin may list: public keys are public anyway
  const listed = await call(app, w.keysA.admin, 'GET', `/v1/issuers/${w.orgs.providerB}/keys`)
  t.equal(listed.status, 200)
  t.match(listed.body.items, [{ status: 'current', alg: 'ES256' }])
})

const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0" stop-color="#036"/></linearGradient></defs>' +
  '<rect width="10" height="10" fill="url(#g)"/><use href="#g"/><text x="1" y="8">ROC</text></svg>'

t.test('an admin sets an issuer\'s own logo; it is checked, served, and can be removed again', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const org = w.orgs.providerA
  const initials = (await app.inject({ url: `/issuers/${org}/image.svg` })).body
  t.match(initials, '>RT</text>', 'without a logo of its own: the initials')

  const set = await call(app, w.keysA.admin, 'PUT', `/v1/issuers/${org}/image`, { svg: `<?xml version="1.0"?>\n${LOGO}\n` })
  t.equal(set.status, 200)
  t.match(set.body, { issuerId: org, custom: true, image: { id: `http://localhost:3000/issuers/${org}/image.svg`, type: 'Image' } })
  const served = await app.inject({ url: `/issuers/${org}/image.svg` })
  t.equal(served.headers['content-type'], 'image/svg+xml')
  t.equal(served.headers['content-security-policy'], 'default-src \'none\'; style-src \'unsafe-inline\'; frame-ancestors \'none\'')
  t.equal(served.body, `<?xml version="1.0"?>\n${LOGO}`)

  const refused: Array<[string, string]> = [
    [LOGO.replace('<text', '<script>alert(1)</script><text'), 'logo-script'],
    [LOGO.replace('<text', '<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script><text'), 'logo-script'],
    [LOGO.replace('<rect ', '<rect onload="alert(1)" '), 'logo-event-handler'],
    [LOGO.replace('<text', '<foreignObject><p>x</p></foreignObject><text'), 'logo-foreign-object'],
    [LOGO.replace('href="#g"', 'href="https://tracker.example/x.svg#g"'), 'logo-external-reference'],
    [LOGO.replace('href="#g"', 'xlink:href="javascript:alert(1)"'), 'logo-external-reference'],
    [LOGO.replace('url(#g)', 'url(https://tracker.example/p.png)'), 'logo-external-reference'],
    [LOGO.replace('<text', '<set attributeName="href" to="javascript:alert(1)"/><text'), 'logo-animation'],
    [`<!DOCTYPE svg [<!ENTITY x "y">]>${LOGO}`, 'logo-doctype'],
    ['<html><body>not an image</body></html>', 'logo-not-svg'],
    [LOGO.replace('<text', `<text>${'é'.repeat(40 * 1024)}</text><text`), 'logo-too-large'],
    [LOGO.replace('<text', `<text>${'x'.repeat(64 * 1024)}</text><text`), 'invalid-max-length']
  ]
  for (const [svg, code] of refused) {
    const res = await call(app, w.keysA.admin, 'PUT', `/v1/issuers/${org}/image`, { svg })
    t.equal(res.status, 400, code)
    t.equal(res.type, 'application/problem+json; charset=utf-8')
    t.match(res.body, { code: code === 'invalid-max-length' ? 'validation-failed' : code, errors: [{ pointer: '#/svg', code, in: 'body' }] }, code)
  }
  t.equal((await app.inject({ url: `/issuers/${org}/image.svg` })).body, `<?xml version="1.0"?>\n${LOGO}`, 'a refused logo writes nothing')
  t.match((await call(app, w.keysA.admin, 'PUT', `/v1/issuers/${org}/image`, { svg: LOGO, extra: 1 })).body, { status: 400, errors: [{ pointer: '#/extra' }] })

  // who may
  t.equal((await call(app, w.keysB.admin, 'PUT', `/v1/issuers/${org}/image`, { svg: LOGO })).body.code, 'not-found', 'another region\'s admin: as if the issuer did not exist')
  t.equal((await call(app, w.keysA.provider, 'PUT', `/v1/issuers/${org}/image`, { svg: LOGO })).body.code, 'forbidden-role')
  t.equal((await call(app, w.keysA.admin, 'PUT', '/v1/issuers/programme/image', { svg: LOGO })).status, 403, 'the programme: service admins only')
  t.equal((await call(app, w.admin, 'PUT', '/v1/issuers/programme/image', { svg: LOGO })).status, 200)
  t.equal((await call(app, w.admin, 'PUT', '/v1/issuers/org_00000000000000000000/image', { svg: LOGO })).status, 404)

  const removed = await call(app, w.keysA.admin, 'DELETE', `/v1/issuers/${org}/image`)
  t.match(removed.body, { issuerId: org, custom: false, updatedAt: null })
  t.equal((await app.inject({ url: `/issuers/${org}/image.svg` })).body, initials, 'the initials again')
})
