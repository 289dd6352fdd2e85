import t from 'tap'
import { build, call } from './helpers/build.ts'
import { seedWorld } from './helpers/world.ts'

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

t.test('an admin and a provider add skills; everyone reads them back', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const lezen = await call(app, w.keysA.admin, 'POST', '/v1/skills', {
    name: 'Lezen op 1F', kind: 'basic', domain: 'language', level: '1F', description: 'Eenvoudige teksten over werk en dagelijks leven lezen.'
  })
  t.equal(lezen.status, 201)
  t.match(lezen.body, { id: /^skl_[0-9a-z]{20}$/, createdAt: ISO })
  t.same(lezen.body, {
    id: lezen.body.id,
    name: 'Lezen op 1F',
    kind: 'basic',
    domain: 'language',
    level: '1F',
    framework: 'referentiekader',
    escoUri: null,
    description: 'Eenvoudige teksten over werk en dagelijks leven lezen.',
    createdAt: lezen.body.createdAt
  })
  const heftruck = await call(app, w.keysA.provider, 'POST', '/v1/skills', {
    name: '  Heftruck rijden ', kind: 'vocational', escoUri: 'http://data.europa.eu/esco/skill/4d5b5e44-8c9b-4e3e-9d1a-2b8f7b8f3f64'
  })
  t.equal(heftruck.status, 201)
  t.same(heftruck.body, {
    id: heftruck.body.id,
    name: 'Heftruck rijden',
    kind: 'vocational',
    domain: null,
    level: null,
    framework: null,
    escoUri: 'http://data.europa.eu/esco/skill/4d5b5e44-8c9b-4e3e-9d1a-2b8f7b8f3f64',
    description: null,
    createdAt: heftruck.body.createdAt
  })
  const frameworks = [
    ['Nederlands als tweede taal A2', 'language', 'A2', 'cefr'],
    ['Rekenen op 2F', 'numeracy', '2F', 'referentiekader'],
    ['Digitaal werken basis 1', 'digital', 'basis-1', 'digitale-basisvaardigheden'],
    ['Digitale vaardigheden DigComp 3', 'digital', 'digcomp-3', 'digcomp']
  ] as const
  for (const [name, domain, level, framework] of frameworks) {
    const res = await call(app, w.keysB.admin, 'POST', '/v1/skills', { name, kind: 'basic', domain, level })
    t.equal(res.status, 201, name)
    t.equal(res.body.framework, framework, name)
  }
  for (const role of ['admin', 'provider', 'coach', 'employer', 'analyst'] as const) {
    const read = await call(app, w.keysB[role], 'GET', `/v1/skills/${lezen.body.id}`)
    t.equal(read.status, 200, role)
    t.same(read.body, lezen.body, role)
  }
})

t.test('lists filter by kind, domain and part of the name, page by cursor', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const skills = [
    { name: 'Lezen op 1F', kind: 'basic', domain: 'language', level: '1F' },
    { name: 'Schrijven op 2F', kind: 'basic', domain: 'language', level: '2F' },
    { name: 'Rekenen op 1F', kind: 'basic', domain: 'numeracy', level: '1F' },
    { name: 'Heftruck rijden', kind: 'vocational' },
    { name: 'Orderpicken', kind: 'vocational' }
  ]
  const ids: string[] = []
  for (const skill of skills) ids.push((await call(app, w.admin, 'POST', '/v1/skills', skill)).body.id)
  const names = async (query: string) =>
    (await call(app, w.keysA.coach, 'GET', `/v1/skills${query}`)).body.items.map((s: { name: string }) => s.name)
  t.same(await names(''), skills.map((s) => s.name))
  t.same(await names('?kind=vocational'), ['Heftruck rijden', 'Orderpicken'])
  t.same(await names('?domain=language'), ['Lezen op 1F', 'Schrijven op 2F'])
  t.same(await names('?kind=basic&q=1f'), ['Lezen op 1F', 'Rekenen op 1F'])
  t.same(await names('?q=HEFTRUCK'), ['Heftruck rijden'])
  t.same(await names('?q=100%25'), [], 'a % is searched for, not a wildcard')

  const first = await call(app, w.keysA.employer, 'GET', '/v1/skills?limit=2')
  t.same(first.body.items.map((s: { id: string }) => s.id), ids.slice(0, 2))
  t.type(first.body.nextCursor, 'string')
  const second = await call(app, w.keysA.employer, 'GET', `/v1/skills?limit=2&cursor=${first.body.nextCursor}`)
  const third = await call(app, w.keysA.employer, 'GET', `/v1/skills?limit=2&cursor=${second.body.nextCursor}`)
  t.same([...second.body.items, ...third.body.items].map((s: { id: string }) => s.id), ids.slice(2))
  t.equal(third.body.nextCursor, null)

  const bad: Array<[string, string, string]> = [
    ['?kind=basisvaardigheid', '#/kind', 'invalid-enum'],
    ['?domain=english', '#/domain', 'invalid-enum'],
    [`?q=${'a'.repeat(101)}`, '#/q', 'invalid-max-length'],
    ['?limit=0', '#/limit', 'invalid-minimum'],
    ['?colour=red', '#/colour', 'unknown-field']
  ]
  for (const [query, pointer, code] of bad) {
    const res = await call(app, w.keysA.coach, 'GET', `/v1/skills${query}`)
    t.equal(res.status, 400, query)
    t.match(res.body, { code: 'validation-failed', errors: [{ pointer, code, in: 'querystring' }] }, query)
  }
  const cursor = await call(app, w.keysA.coach, 'GET', '/v1/skills?cursor=onzin')
  t.match(cursor.body, { status: 400, code: 'invalid-cursor' })
})

t.test('invalid bodies get a problem with the field pointer and write nothing', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const schemaCases: Array<[unknown, string, string]> = [
    [{ kind: 'vocational' }, '#/name', 'missing-field'],
    [{ name: 'Heftruck rijden', kind: 'vocational', colour: 'geel' }, '#/colour', 'unknown-field'],
    [{ name: 42, kind: 'vocational' }, '#/name', 'invalid-type'],
    [{ name: 'x'.repeat(161), kind: 'vocational' }, '#/name', 'invalid-max-length'],
    [{ name: '   ', kind: 'vocational' }, '#/name', 'invalid-pattern'],
    [{ name: 'Lezen', kind: 'basisvaardigheid' }, '#/kind', 'invalid-enum'],
    [{ name: 'Lezen', kind: 'basic', domain: 'reading', level: '1F' }, '#/domain', 'invalid-enum'],
    [{ name: 'Heftruck rijden', kind: 'vocational', escoUri: 'https://example.org/esco/skill/1' }, '#/escoUri', 'invalid-pattern'],
    [{ name: 'Heftruck rijden', kind: 'vocational', escoUri: 'http://data.europa.eu/esco/skill/a b' }, '#/escoUri', 'invalid-format'],
    [{ name: 'Heftruck rijden', kind: 'vocational', description: 'x'.repeat(2001) }, '#/description', 'invalid-max-length']
  ]
  for (const [body, pointer, code] of schemaCases) {
    const res = await call(app, w.keysA.provider, 'POST', '/v1/skills', body)
    t.equal(res.status, 400, `${pointer} ${code}`)
    t.equal(res.type, 'application/problem+json; charset=utf-8')
    t.equal(res.body.code, 'validation-failed')
    t.match(res.body.errors, [{ pointer, code, in: 'body' }], `${pointer} ${code}`)
  }

  const ruleCases: Array<[unknown, string, Array<{ pointer: string, code: string }>]> = [
    [{ name: 'Lezen op 1F', kind: 'basic' }, 'domain-required',
      [{ pointer: '#/domain', code: 'domain-required' }, { pointer: '#/level', code: 'level-required' }]],
    [{ name: 'Lezen op 1F', kind: 'basic', domain: 'language' }, 'level-required', [{ pointer: '#/level', code: 'level-required' }]],
    [{ name: 'Rekenen op A2', kind: 'basic', domain: 'numeracy', level: 'A2' }, 'invalid-level', [{ pointer: '#/level', code: 'invalid-level' }]],
    [{ name: 'Digitaal 1F', kind: 'basic', domain: 'digital', level: '1F' }, 'invalid-level', [{ pointer: '#/level', code: 'invalid-level' }]],
    [{ name: 'Heftruck rijden', kind: 'vocational', domain: 'language' }, 'not-for-vocational', [{ pointer: '#/domain', code: 'not-for-vocational' }]],
    [{ name: 'Heftruck rijden', kind: 'vocational', level: '2F' }, 'not-for-vocational', [{ pointer: '#/level', code: 'not-for-vocational' }]]
  ]
  for (const [body, code, errors] of ruleCases) {
    const res = await call(app, w.keysA.provider, 'POST', '/v1/skills', body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.equal(res.body.code, code, JSON.stringify(body))
    t.same(res.body.errors.map((e: { pointer: string, code: string }) => ({ pointer: e.pointer, code: e.code })), errors)
  }
  const digital = await call(app, w.keysA.provider, 'POST', '/v1/skills', { name: 'Digitaal 1F', kind: 'basic', domain: 'digital', level: '1F' })
  t.equal(digital.body.detail,
    'level 1F does not fit domain digital; allowed: basis-1, basis-2, digcomp-1, digcomp-2, digcomp-3, digcomp-4, digcomp-5, digcomp-6, digcomp-7, digcomp-8')

  const list = await call(app, w.admin, 'GET', '/v1/skills')
  t.same(list.body, { items: [], nextCursor: null })
})

t.test('a name is taken once, whatever its case', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  await call(app, w.keysA.provider, 'POST', '/v1/skills', { name: 'Heftruck rijden', kind: 'vocational' })
  const again = await call(app, w.keysB.provider, 'POST', '/v1/skills', { name: 'HEFTRUCK RIJDEN ', kind: 'vocational' })
  t.equal(again.status, 409)
  t.match(again.body, { code: 'duplicate-name', errors: [{ pointer: '#/name', code: 'duplicate-name' }] })
  const list = await call(app, w.admin, 'GET', '/v1/skills')
  t.equal(list.body.items.length, 1)
})

t.test('access: 401 without a key, 403 for roles that may not write, 404 for unknown ids', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const body = { name: 'Heftruck rijden', kind: 'vocational' }
  const none = await call(app, null, 'POST', '/v1/skills', body)
  t.equal(none.status, 401)
  t.equal(none.body.code, 'unauthenticated')
  t.equal((await call(app, null, 'GET', '/v1/skills')).status, 401)
  t.equal((await call(app, null, 'GET', '/v1/skills/skl_aaaaaaaaaaaaaaaaaaaa')).status, 401)
  for (const role of ['coach', 'employer', 'analyst'] as const) {
    const res = await call(app, w.keysA[role], 'POST', '/v1/skills', body)
    t.equal(res.status, 403, role)
    t.equal(res.body.code, 'forbidden-role', role)
  }
  t.same((await call(app, w.admin, 'GET', '/v1/skills')).body.items, [])
  const unknown = await call(app, w.keysA.coach, 'GET', '/v1/skills/skl_aaaaaaaaaaaaaaaaaaaa')
  t.equal(unknown.status, 404)
  t.match(unknown.body, { code: 'not-found', detail: 'skill skl_aaaaaaaaaaaaaaaaaaaa does not exist' })
})
