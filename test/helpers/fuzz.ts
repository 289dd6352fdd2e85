import type { FastifyInstance, InjectOptions } from 'fastify'
import { AJV_FIELD_CODES, PROBLEMS, statusOf, type Code } from '../../src/lib/problems.ts'

/**
 * A request fuzzer over every operation of the OpenAPI document the app builds from its routes.
 * Each request mixes real ids with junk: path parameters, query parameters, bodies shaped like the
 * operation's schema with wrong or extreme values, malformed JSON, other media types, any key.
 * Used by test/fuzz.test.ts (a few thousand requests) and scripts/fuzz.ts (as many as asked).
 */

export interface FuzzOutcome {
  requests: number
  /** 5xx answers: always a defect */
  serverErrors: FuzzFinding[]
  /** 4xx answers that are not an RFC 9457 problem with a code of the catalogue and that code's status */
  nonProblem: FuzzFinding[]
  /** 4xx answers after which the database had changed */
  wroteOnError: FuzzFinding[]
  byStatus: Record<number, number>
}

export interface FuzzFinding { method: string, url: string, status: number, body: string }

interface Operation { method: string, path: string, params: Array<{ name: string, schema: Schema }>, query: Array<{ name: string, schema: Schema }>, body: Schema | undefined }
type Schema = Record<string, any>

/** A small seeded PRNG (mulberry32), so a failing run can be replayed with its seed. */
export function randomFrom (seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!
  return { next, int, pick }
}
type Random = ReturnType<typeof randomFrom>

const JUNK_STRINGS = [
  '', ' ', 'x', '0', '-1', 'null', 'true', '💥', 'é', 'ppt_', 'ppt_00000000000000000000', 'unt_zzzzzzzzzzzzzzzzzzzz',
  'a'.repeat(300), '../../etc/passwd', '<script>alert(1)</script>', "' or 1=1 --", '%00', '\u0000', '\u202e', '2026-02-30',
  '9999-99-99', '1999-12-31', 'https://example.org', 'javascript:alert(1)', '123456782', '{"a":1}', 'NaN', '1e309'
]

function resolve (doc: Schema, schema: Schema | undefined): Schema | undefined {
  let s = schema
  for (let i = 0; s && typeof s.$ref === 'string' && i < 10; i++) {
    s = doc.components?.schemas?.[s.$ref.split('/').pop()!]
  }
  return s
}

/** The operations of the OpenAPI document: method, path template, parameters, JSON body schema. */
export function operationsOf (doc: Schema): Operation[] {
  const out: Operation[] = []
  for (const [path, item] of Object.entries(doc.paths as Record<string, Schema>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue
      const parameters = (op.parameters ?? []) as Schema[]
      out.push({
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name as string, schema: resolve(doc, p.schema) ?? {} })),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name as string, schema: resolve(doc, p.schema) ?? {} })),
        body: resolve(doc, op.requestBody?.content?.['application/json']?.schema)
      })
    }
  }
  return out
}

function junkValue (r: Random, depth = 0): unknown {
  switch (r.int(depth > 2 ? 5 : 8)) {
    case 0: return r.pick(JUNK_STRINGS)
    case 1: return r.pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308])
    case 2: return r.pick([true, false])
    case 3: return null
    case 4: return r.pick(JUNK_STRINGS).repeat(1 + r.int(3))
    case 5: return [junkValue(r, depth + 1), junkValue(r, depth + 1)]
    case 6: return { [r.pick(['a', 'id', '__proto__', 'constructor', ''])]: junkValue(r, depth + 1) }
    default: return {}
  }
}

/** A value for a schema: mostly plausible, often wrong in type, format or size. */
function valueFor (doc: Schema, schema: Schema | undefined, r: Random, ids: readonly string[], rate: number, depth = 0): unknown {
  const s = resolve(doc, schema) ?? {}
  if (r.next() < rate || depth > 4) return junkValue(r, depth)
  if (Array.isArray(s.enum)) return r.next() < 0.8 ? r.pick(s.enum) : `${r.pick(s.enum)}x`
  const variants = s.anyOf ?? s.oneOf
  if (Array.isArray(variants)) return valueFor(doc, r.pick(variants), r, ids, rate, depth + 1)
  const type = Array.isArray(s.type) ? r.pick(s.type) : s.type
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [name, prop] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
        if (r.next() < (s.required?.includes(name) ? 1 - rate : 0.5)) out[name] = valueFor(doc, prop, r, ids, rate, depth + 1)
      }
      if (r.next() < rate) out[r.pick(['extra', 'bsn', 'admin'])] = junkValue(r)
      return out
    }
    case 'array': {
      const n = r.pick([0, 1, 2, 3, 6000].slice(0, depth > 1 ? 4 : 5))
      return Array.from({ length: Math.min(n, s.maxItems ? s.maxItems + 1 : n) }, () => valueFor(doc, s.items, r, ids, rate, depth + 1))
    }
    case 'integer': case 'number': return r.pick([0, 1, 3, -5, 17, 1000, 2.5, 1e12])
    case 'boolean': return r.next() < 0.5
    case 'string': {
      if (s.format === 'date') return r.next() > rate ? '2026-01-15' : r.pick(['2026-13-01', '2099-01-01', '1990-01-01', '15-01-2026'])
      if (s.format === 'date-time') return r.pick(['2026-01-15T10:00:00Z', '2026-01-15', 'yesterday'])
      if (s.format === 'uri') return r.pick(['https://example.org/x', 'not a uri', 'ftp://x'])
      if (s.pattern && r.next() > rate) {
        const fitting = ids.filter((id) => new RegExp(s.pattern, 'u').test(id))
        if (fitting.length > 0) return r.pick(fitting)
      }
      if (r.next() > rate && typeof s.minLength !== 'number') return r.pick(['Twente', 'Logistiek', 'les-9', 'ROC-1001', 'Fatima B.'])
      return r.next() < 0.5 && ids.length > 0 ? r.pick(ids) : r.pick(JUNK_STRINGS)
    }
    default: return junkValue(r, depth)
  }
}

/** Id prefixes by path parameter, so that most requests name a real thing of the right kind. */
const PREFIXES: Record<string, string> = {
  participantId: 'ppt_',
  completionId: 'cmp_',
  credentialId: 'crd_',
  moduleId: 'mod_',
  organisationId: 'org_',
  issuerId: 'org_',
  regionId: 'reg_',
  skillId: 'skl_',
  pathwayId: 'pwy_',
  keyId: 'key_'
}

function pathValue (r: Random, name: string, schema: Schema, ids: readonly string[]): string {
  if (schema.type === 'integer') return String(r.pick([1, 2, 0, -1, 99, 1.5]))
  const prefix = PREFIXES[name]
  const fitting = prefix ? ids.filter((id) => id.startsWith(prefix)) : []
  const value = r.next() < 0.6 ? r.pick(fitting.length > 0 && r.next() < 0.8 ? fitting : ids) : r.pick(JUNK_STRINGS.filter((s) => s.trim() !== ''))
  return r.next() < 0.1 ? value.repeat(20) : encodeURIComponent(value)
}

/** One request for an operation. */
function requestFor (doc: Schema, op: Operation, r: Random, ids: readonly string[], keys: readonly string[]): InjectOptions {
  let url = op.path
  for (const p of op.params) url = url.replace(`{${p.name}}`, pathValue(r, p.name, p.schema, ids))
  const query = new URLSearchParams()
  // how much of a request is wrong: from nearly nothing (to get past validation) to a quarter of its fields
  const rate = r.pick([0.02, 0.1, 0.25])
  for (const q of op.query) if (r.next() < 0.5) query.set(q.name, String(valueFor(doc, q.schema, r, ids, rate)))
  if (r.next() < 0.1) query.set(r.pick(['x', 'limit', 'cursor']), r.pick(JUNK_STRINGS))
  const search = query.toString()
  const headers: Record<string, string> = {}
  const key = r.pick(keys)
  if (key) headers.authorization = `Bearer ${key}`
  const request: InjectOptions = { method: op.method as InjectOptions['method'], url: search ? `${url}?${search}` : url, headers }
  if (op.method === 'GET' || op.method === 'DELETE') return request
  const shape = r.int(10)
  if (shape === 0) {
    headers['content-type'] = 'application/json'
    request.payload = r.pick(['{', '{"a":', '[1,2', 'nul', '"\\ud800"', '{"a":1}}', ''])
  } else if (shape === 1) {
    headers['content-type'] = r.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=latin1'])
    request.payload = 'hallo'
  } else {
    headers['content-type'] = 'application/json'
    request.payload = JSON.stringify(shape === 2 ? junkValue(r) : valueFor(doc, op.body ?? { type: 'object' }, r, ids, rate))
  }
  return request
}

/**
 * Counts writes to every table through temporary triggers on the app's own connection, leaving
 * out the last-used time of API keys (written on a key's first request of a minute, whatever
 * the answer).
 */
function writeCounter (app: FastifyInstance): () => number {
  const sqlite = app.db.$client
  sqlite.exec('create temp table if not exists fuzz_writes (n integer not null); delete from fuzz_writes; insert into fuzz_writes values (0)')
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_\\_%' escape '\\'").pluck().all() as string[]
  for (const table of tables) {
    const columns = (sqlite.prepare('select name from pragma_table_info(?)').pluck().all(table) as string[])
      .filter((c) => !(table === 'api_keys' && c === 'last_used_at'))
    const bump = 'begin update fuzz_writes set n = n + 1; end'
    sqlite.exec(`create temp trigger if not exists fuzz_${table}_i after insert on main."${table}" ${bump};
      create temp trigger if not exists fuzz_${table}_d after delete on main."${table}" ${bump};
      create temp trigger if not exists fuzz_${table}_u after update of ${columns.map((c) => `"${c}"`).join(', ')} on main."${table}" ${bump};`)
  }
  const read = sqlite.prepare('select n from fuzz_writes').pluck()
  return () => read.get() as number
}

/**
 * Sends `count` fuzzed requests, spread over every operation, and reports what went wrong:
 * 5xx answers, 4xx answers that are not problem documents, and 4xx answers after which the
 * database had changed. Background issuance is drained before each request, so that its writes
 * are not taken for the request's.
 */
export async function fuzz (app: FastifyInstance, options: { count: number, seed: number, ids: readonly string[], keys: readonly string[] }): Promise<FuzzOutcome> {
  const doc = app.swagger() as unknown as Schema
  const ops = operationsOf(doc)
  const r = randomFrom(options.seed)
  const changes = writeCounter(app)
  const outcome: FuzzOutcome = { requests: 0, serverErrors: [], nonProblem: [], wroteOnError: [], byStatus: {} }
  for (let i = 0; i < options.count; i++) {
    const op = ops[i % ops.length]!
    const request = requestFor(doc, op, r, options.ids, options.keys)
    await app.issuance.drain()
    const before = changes()
    const res = await app.inject(request)
    const after = changes()
    outcome.requests++
    outcome.byStatus[res.statusCode] = (outcome.byStatus[res.statusCode] ?? 0) + 1
    const finding = { method: op.method, url: String(request.url), status: res.statusCode, body: res.body.slice(0, 300) }
    if (res.statusCode >= 500) outcome.serverErrors.push(finding)
    if (res.statusCode >= 400 && res.statusCode < 500) {
      const type = String(res.headers['content-type'] ?? '')
      let code: unknown
      try { code = JSON.parse(res.body).code } catch { code = undefined }
      if (!type.startsWith('application/problem+json') || !isCatalogued(code, res.statusCode)) outcome.nonProblem.push(finding)
      if (after !== before) outcome.wroteOnError.push(finding)
    }
  }
  return outcome
}

const ajvFieldCode = new RegExp(AJV_FIELD_CODES.pattern)

/** A code of the catalogue (or a schema field code) given with its own status; `bad-request` carries the framework's. */
function isCatalogued (code: unknown, status: number): boolean {
  if (typeof code !== 'string' || !(Object.hasOwn(PROBLEMS, code) || ajvFieldCode.test(code))) return false
  return code === 'bad-request' || statusOf(code as Code) === status
}
