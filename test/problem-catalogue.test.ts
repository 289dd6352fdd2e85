import t from 'tap'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { build, call, serviceAdminKey } from './helpers/build.ts'
import { newId } from '../src/lib/ids.ts'
import { AJV_FIELD_CODES, PROBLEMS, Problem, conflict, fieldErrorsFromAjv, invalid, statusOf, type ProblemCode } from '../src/lib/problems.ts'

const SRC = new URL('../src/', import.meta.url).pathname
const codes = Object.keys(PROBLEMS) as ProblemCode[]
const ajvCode = new RegExp(AJV_FIELD_CODES.pattern)

/** Every TypeScript file under src, the catalogue's own entries left out. */
function sourceText (): string {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
  return files.map((file) => {
    const text = readFileSync(join(SRC, file), 'utf8')
    if (file !== join('lib', 'problems.ts')) return text
    const [start, end] = [text.indexOf('export const PROBLEMS'), text.indexOf('} as const satisfies')]
    if (start < 0 || end < start) throw new Error('the catalogue is not where this test looks for it')
    return text.slice(0, start) + text.slice(end)
  }).join('\n')
}

t.test('every entry has a client or server error status and one sentence', async (t) => {
  t.ok(codes.length > 50, `${codes.length} codes`)
  for (const [code, { status, sentence }] of Object.entries(PROBLEMS)) {
    t.match(code, /^[a-z]+(-[a-z]+)*$/, `${code} is kebab case`)
    t.ok(Number.isInteger(status) && status >= 400 && status <= 599, `${code}: ${status} is a 4xx or 5xx`)
    t.match(sentence, /^[A-Z`].*[.)]$/, `${code} has a sentence`)
    t.notMatch(sentence, /\|/, `${code}: the sentence fits a Markdown table`)
  }
})

t.test('no entry is dead: the source names every code it holds', async (t) => {
  const source = sourceText()
  const dead = codes.filter((code) => !source.includes(`'${code}'`))
  t.same(dead, [], 'codes nobody gives')
})

t.test('TypeScript holds codes to the catalogue and statuses to their codes', async (t) => {
  // @ts-expect-error: not a code of the catalogue
  t.equal(new Problem('no-such-code', 'x').status, 400, 'an unknown code would pass as a schema field code at run time')
  // @ts-expect-error: already-void is a 409
  t.equal(invalid('already-void', 'x', '#').status, 409)
  // @ts-expect-error: unknown-unit is a 400
  t.equal(conflict('unknown-unit', 'x').status, 400)
  t.equal(new Problem('share-expired', 'gone').status, 410, 'the status comes from the catalogue')
  t.equal(statusOf('not-found'), 404)
})

t.test('the field codes schema validation makes fit the Ajv pattern and answer 400', async (t) => {
  const ajv = new Ajv({ allErrors: true })
  const validate = ajv.compile({
    type: 'object',
    required: ['name', 'tags'],
    additionalProperties: false,
    properties: { name: { type: 'string', minLength: 2 }, kind: { enum: ['a', 'b'] }, tags: { type: 'array', maxItems: 1 }, n: { type: 'integer' } }
  })
  validate({ name: 'x', kind: 'c', tags: [1, 2], n: 1.5, colour: 'red' })
  const found = fieldErrorsFromAjv(validate.errors!, 'body')
  t.same(found.map((e) => [e.pointer, e.code]).sort(), [
    ['#/colour', 'unknown-field'], ['#/kind', 'invalid-enum'], ['#/n', 'invalid-type'], ['#/name', 'invalid-min-length'], ['#/tags', 'invalid-max-items']
  ])
  for (const { code } of found) {
    t.ok(code in PROBLEMS || ajvCode.test(code), `${code} is a catalogue code or fits ${AJV_FIELD_CODES.pattern}`)
    t.equal(statusOf(code), 400)
  }
  validate({})
  t.same(fieldErrorsFromAjv(validate.errors!, 'body').map((e) => e.code), ['missing-field', 'missing-field'])
})

t.test('each kind of problem answers with the status of its code', async (t) => {
  const app = await build(t)
  app.get('/probe/teapot', { config: { public: true } }, async () => { throw Object.assign(new Error('short and stout'), { statusCode: 418 }) })
  const admin = serviceAdminKey(app)
  t.equal((await call(app, admin, 'POST', '/v1/regions', { slug: 'twente', name: 'Twente' })).status, 201)

  const answers = {
    'not-found': await call(app, admin, 'GET', `/v1/regions/${newId('reg')}`),
    'duplicate-slug': await call(app, admin, 'POST', '/v1/regions', { slug: 'twente', name: 'Twente 2' }),
    'validation-failed': await call(app, admin, 'POST', '/v1/regions', { slug: 'x' }),
    unauthenticated: await call(app, null, 'GET', '/v1/regions'),
    'invalid-api-key': await call(app, 'stp_key_aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'GET', '/v1/regions'),
    'route-not-found': await call(app, admin, 'GET', '/nowhere')
  } satisfies Partial<Record<ProblemCode, unknown>>
  for (const [code, res] of Object.entries(answers)) {
    const status = PROBLEMS[code as ProblemCode].status
    t.equal(res.status, status, `${code} answers ${status}`)
    t.equal(res.type, 'application/problem+json; charset=utf-8')
    t.match(res.body, { type: `urn:stapsteen:problem:${code}`, status, code })
  }
  t.match(answers['validation-failed'].body.errors, [{ pointer: '#/name', code: 'missing-field', in: 'body' }])
  t.match(answers['duplicate-slug'].body.errors, [{ pointer: '#/slug', code: 'duplicate-slug' }])

  const teapot = await call(app, null, 'GET', '/probe/teapot')
  t.match({ status: teapot.status, body: teapot.body }, { status: 418, body: { status: 418, code: 'bad-request', detail: 'short and stout' } },
    'bad-request keeps the status the framework gave')
})

t.test('the OpenAPI document lists every code with its status and sentence', async (t) => {
  const app = await build(t)
  const doc = (await call(app, null, 'GET', '/openapi.json')).body
  const schema = doc.components.schemas.ProblemCode
  t.same(schema.anyOf, [{ enum: codes }, { pattern: AJV_FIELD_CODES.pattern }])
  for (const code of codes) t.match(schema.description, `| \`${code}\` | ${PROBLEMS[code].status} | ${PROBLEMS[code].sentence} |`)
  const problem = doc.components.schemas.Problem
  t.same(problem.properties.code, { $ref: '#/components/schemas/ProblemCode' })
  t.same(problem.properties.errors.items.properties.code, { $ref: '#/components/schemas/ProblemCode' })
})
