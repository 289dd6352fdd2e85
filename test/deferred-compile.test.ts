import t from 'tap'
import { compileDeferred, deferCompile } from '../src/lib/deferred-compile.ts'
import { build, call, serviceAdminKey } from './helpers/build.ts'

t.test('a deferred compilation runs once: on first use or in the background, whichever comes first', async (t) => {
  await compileDeferred() // what importing the app put off
  let runs = 0
  const first = deferCompile(() => ++runs)
  const second = deferCompile(() => ++runs)
  t.equal(first(), 1, 'the first use compiles')
  t.equal(first(), 1, 'and keeps what it compiled')
  t.equal(await compileDeferred(), 1, 'the background compiles only what no one used yet')
  t.equal(second(), 2)
  t.equal(runs, 2)
  t.equal(await compileDeferred(), 0, 'nothing is left')
})

t.test('every route schema of the app compiles, and validation answers the same before and after', async (t) => {
  const app = await build(t)
  const admin = serviceAdminKey(app)
  const before = await call(app, admin, 'POST', '/v1/regions', { slug: 'twente', name: 7 })
  t.equal(before.status, 400, 'a validator compiles on its first use')
  const compiled = await compileDeferred()
  t.ok(compiled > 100, `the rest compiled in the background (${compiled} validators and serializers)`)
  const after = await call(app, admin, 'POST', '/v1/regions', { slug: 'twente', name: 7 })
  t.equal(before.body.errors[0].pointer, '#/name')
  t.same(after.body.errors, before.body.errors, 'the same problem, field for field')
  t.equal((await call(app, admin, 'POST', '/v1/regions', { slug: 'twente', name: 'Twente' })).status, 201)
})
