import t from 'tap'
import { build, call } from './helpers/build.ts'
import { completion, seedLearning } from './helpers/learning.ts'
import { DOCS_POLICY } from '../src/plugins/security-headers.ts'

const API_POLICY = "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'"

t.test('every answer carries the security headers and a strict Content-Security-Policy', async (t) => {
  const app = await build(t)
  for (const url of ['/health', '/openapi.json', '/v1/participants', '/nowhere', '/.well-known/jwks.json']) {
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.headers['content-security-policy'], API_POLICY, url)
    t.equal(res.headers['x-content-type-options'], 'nosniff', url)
    t.equal(res.headers['x-frame-options'], 'DENY', url)
    t.equal(res.headers['referrer-policy'], 'no-referrer', url)
    t.match(res.headers['strict-transport-security'], /^max-age=\d+/, url)
    t.notOk(res.headers['x-powered-by'], url)
  }
})

t.test('authenticated answers with personal data are not stored; public documents keep their caching', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  for (const [i, unitId] of s.module.unitIds.entries()) {
    t.equal((await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.fatima, unitId, `c-${i}`))).status, 201)
  }
  const coach = s.w.keysA.coach
  // the list answers at once: let the queue issue first
  await app.issuance.drain()
  const credentials = await call(app, coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)
  const credential = credentials.body.items[0]
  const answers = {
    participant: await call(app, coach, 'GET', `/v1/participants/${s.people.fatima}`),
    participants: await call(app, coach, 'GET', '/v1/participants?limit=5'),
    portfolio: await call(app, coach, 'GET', `/v1/participants/${s.people.fatima}/portfolio`),
    credentials,
    credential: await call(app, coach, 'GET', `/v1/credentials/${credential.id}`),
    download: await call(app, coach, 'GET', `/v1/credentials/${credential.id}/download`),
    unknown: await call(app, coach, 'GET', '/v1/participants/ppt_00000000000000000000'),
    'no key': await call(app, null, 'GET', `/v1/participants/${s.people.fatima}`)
  }
  for (const [name, res] of Object.entries(answers)) t.equal(res.headers['cache-control'], 'no-store', name)
  t.equal(answers.download.headers['content-type'], 'application/vc+jwt')

  const list = await app.inject({ method: 'GET', url: new URL(credential.status.statusListCredential).pathname })
  t.equal(list.headers['cache-control'], 'public, max-age=60', 'status lists stay cacheable')
  const jwks = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })
  t.equal(jwks.headers['cache-control'], 'public, max-age=300')
  t.equal(jwks.headers['cross-origin-resource-policy'], 'cross-origin', 'any page may read public keys')
  const did = await app.inject({ method: 'GET', url: `/issuers/${s.w.orgs.providerA}/did.json` })
  t.equal(did.headers['cache-control'], 'public, max-age=300')
  t.equal((await app.inject({ method: 'GET', url: '/health' })).headers['cache-control'], undefined)
})

t.test('the Swagger UI at /docs loads everything it needs under its policy', async (t) => {
  const app = await build(t)
  const page = await app.inject({ method: 'GET', url: '/docs/' })
  t.equal(page.statusCode, 200)
  const policy = String(page.headers['content-security-policy'])
  t.equal(policy, DOCS_POLICY)
  t.notMatch(policy, /unsafe-inline|unsafe-eval|\*/, 'no inline code, no wildcard')
  t.notMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script')
  t.notMatch(page.body, /<style|\sstyle=|\son[a-z]+=/, 'no inline style or handler')
  // every script and stylesheet is on this origin, which script-src and style-src 'self' allow
  const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
  t.ok(assets.length >= 5)
  for (const asset of assets) {
    t.match(asset, /^\.\/static\//, `${asset} is on this origin`)
    const res = await app.inject({ method: 'GET', url: `/docs/${asset.slice(2)}` })
    t.equal(res.statusCode, 200, asset)
  }
  // the page fetches the API description from this origin (connect-src 'self') and nothing else
  const init = (await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' })).body
  t.match(init, /resolveUrl\('\.\/json'\)/)
  t.match(init, /"validatorUrl":null/, 'no badge from the public validator')
  t.equal((await app.inject({ method: 'GET', url: '/docs/json' })).statusCode, 200)
})
