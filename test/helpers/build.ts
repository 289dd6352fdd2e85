import type { Test } from 'tap'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { buildApp } from '../../src/app.ts'
import type { AppConfig } from '../../src/config.ts'
import { createApiKeyRepository } from '../../src/features/organisations/key-repository.ts'
import { issueApiKey } from '../../src/features/organisations/keys.ts'

export const TEST_CONFIG: AppConfig = {
  databasePath: ':memory:',
  dataDir: '/nonexistent-stapsteen-test',
  publicUrl: 'http://localhost:3000',
  logLevel: 'silent',
  bodyLimit: 1_048_576,
  trustProxy: false,
  rateLimitMax: 1000
}

/** A fresh app on its own :memory: database, closed when the test ends. */
export async function build (t: Test, config: Partial<AppConfig> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ ...TEST_CONFIG, ...config })
  t.teardown(() => app.close())
  return app
}

/** A service-wide admin key, made the way the CLI makes the first one. */
export function serviceAdminKey (app: FastifyInstance): string {
  return issueApiKey(createApiKeyRepository(app.db), { role: 'admin', label: 'test', organisationId: null, regionId: null }).key
}

/** `app.inject` with a bearer key and a JSON body; returns the status and the parsed body. */
export async function call (app: FastifyInstance, key: string | null, method: InjectOptions['method'], url: string, payload?: unknown) {
  const res = await app.inject({
    method,
    url,
    headers: key ? { authorization: `Bearer ${key}` } : {},
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] })
  })
  const type = String(res.headers['content-type'] ?? '')
  return { status: res.statusCode, type, body: type.includes('json') ? res.json() : res.body, headers: res.headers }
}

/** What `call` answers, as far as `expectStatus` reads it. */
interface Answer { status: number, body: unknown }

/**
 * The body of an answer that has the status expected; any other status throws with the status and
 * the body (a problem's code and detail), which fails the test, or the seeding, that asked.
 */
export async function expectStatus (answer: Answer | Promise<Answer>, status: number): Promise<any> {
  const res = await answer
  if (res.status !== status) throw new Error(`expected status ${status}, got ${res.status}: ${JSON.stringify(res.body)}`)
  return res.body
}

/** Who calls, with which key (null: none), and the problem status and code they must get. */
export type Refusal = [who: string, key: string | null, status: number, code: string]

/** Calls the route once per key of `refusals` and checks that each gets its problem, as problem+json. */
export async function expectRefusals (t: Test, app: FastifyInstance, method: InjectOptions['method'], url: string, refusals: Refusal[]) {
  for (const [who, key, status, code] of refusals) {
    t.match(await call(app, key, method, url), { status, type: /application\/problem\+json/, body: { code } }, who)
  }
}
