import t from 'tap'
import { readFileSync } from 'node:fs'
import SwaggerParser from '@apidevtools/swagger-parser'
import Fastify from 'fastify'
import { build, call, serviceAdminKey } from './helpers/build.ts'
import auth from '../src/plugins/auth.ts'
import problems from '../src/plugins/problems.ts'
import { openDatabase } from '../src/db/client.ts'

t.test('GET /health answers when the database does, 503 when it does not', async (t) => {
  const app = await build(t)
  const ok = await call(app, null, 'GET', '/health')
  t.equal(ok.status, 200)
  t.same(ok.body, { status: 'ok', database: 'ok' })
  t.match(ok.headers['x-request-id'], /^[0-9a-f-]{36}$/)
  app.db.$client.close()
  const down = await call(app, null, 'GET', '/health')
  t.equal(down.status, 503)
  t.equal(down.type, 'application/problem+json; charset=utf-8')
  t.equal(down.body.code, 'database-unavailable')
})

t.test('the request id is taken from x-request-id and echoed back', async (t) => {
  const app = await build(t)
  const res = await app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'trace-123' } })
  t.equal(res.headers['x-request-id'], 'trace-123')
  t.match(res.json(), { status: 404, code: 'route-not-found', requestId: 'trace-123', instance: '/nowhere' })
})

t.test('bodies: size limit, media type, malformed JSON', async (t) => {
  const app = await build(t, { bodyLimit: 2048 })
  const admin = serviceAdminKey(app)
  const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }
  const big = await app.inject({ method: 'POST', url: '/v1/regions', headers, payload: JSON.stringify({ slug: 'x', name: 'y'.repeat(4000) }) })
  t.equal(big.statusCode, 413)
  t.equal(big.json().code, 'body-too-large')
  const text = await app.inject({ method: 'POST', url: '/v1/regions', headers: { ...headers, 'content-type': 'text/csv' }, payload: 'a,b' })
  t.equal(text.statusCode, 415)
  t.equal(text.json().code, 'unsupported-media-type')
  const empty = await app.inject({ method: 'POST', url: '/v1/regions', headers, payload: '' })
  t.equal(empty.statusCode, 400)
  t.equal(empty.json().code, 'malformed-json')
  const list = await call(app, admin, 'GET', '/v1/regions')
  t.same(list.body.items, [], 'nothing was written')
})

t.test('an unexpected error is a 500 problem without details', async (t) => {
  const app = await build(t)
  app.db.$client.close()
  const admin = 'stp_key_aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'
  const res = await call(app, admin, 'GET', '/v1/regions')
  t.equal(res.status, 500)
  t.equal(res.body.code, 'internal-error')
  t.notMatch(res.body.detail, /database|sqlite/i)
})

t.test('the served OpenAPI document is valid OpenAPI 3.1 and equals openapi/openapi.json', async (t) => {
  const app = await build(t)
  const served = await call(app, null, 'GET', '/openapi.json')
  t.equal(served.status, 200)
  const committed = JSON.parse(readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8'))
  t.same(served.body, committed)
  t.equal(served.body.openapi, '3.1.0')
  await t.resolves(SwaggerParser.validate(structuredClone(served.body)))
  t.ok(served.body.paths['/v1/regions'].post.security, 'key-protected routes say so')
  t.match(served.body.paths['/v1/regions'].post.description, /Roles: admin\./)
  const docs = await app.inject({ method: 'GET', url: '/docs/' })
  t.equal(docs.statusCode, 200)
  t.match(docs.body, /swagger-ui/i)
})

t.test('a /v1 route that declares no roles stops the app from starting', async (t) => {
  const app = Fastify()
  app.decorate('db', openDatabase(':memory:'))
  await app.register(problems)
  await app.register(auth)
  app.register(async (f) => { f.get('/v1/open', async () => 'x') })
  await t.rejects(async () => { await app.ready() }, /declares neither roles nor public/)
})
