/*
 * Credential figures for `npm run bench`, each beside a baseline measured in the same run:
 * credentials issued per second end to end (completions posted through the batch API, the outbox
 * drained: status index, document, ES256 signature, stored) against raw jose ES256 `SignJWT` of
 * the same documents; and `POST /v1/verify` over HTTP against raw jose `jwtVerify`. Rounds are
 * interleaved (baseline, service, baseline, …) so that machine noise hits both alike.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { SignJWT, generateKeyPair, jwtVerify, importJWK, decodeProtectedHeader, type CryptoKey, type JWK } from 'jose'
import { buildApp } from '../src/app.ts'
import { createApiKeyRepository } from '../src/features/organisations/key-repository.ts'
import { issueApiKey } from '../src/features/organisations/keys.ts'
import { newId } from '../src/lib/ids.ts'
import { benchConfig } from './seed.ts'
import { median } from './workload.ts'

const ROUNDS = 5
const PER_ROUND = 500
const VERIFY_PER_ROUND = 1_000
const VERIFY_CONCURRENCY = 8
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)

async function send (app: FastifyInstance, key: string, method: 'POST' | 'GET', url: string, payload?: object, expect = 201) {
  const res = await app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) })
  if (res.statusCode !== expect) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

/** A provider with a published one-unit module: each completion completes a module and earns a credential. */
async function seed (app: FastifyInstance, participants: number) {
  const admin = issueApiKey(createApiKeyRepository(app.db), { role: 'admin', label: 'bench', organisationId: null, regionId: null }).key
  const region = (await send(app, admin, 'POST', '/v1/regions', { slug: 'twente', name: 'Twente' })).id
  const provider = (await send(app, admin, 'POST', '/v1/organisations', { name: 'ROC van Twente', kind: 'provider', regionIds: [region] })).id
  const key = (await send(app, admin, 'POST', `/v1/organisations/${provider}/api-keys`, { role: 'provider', label: 'bench' })).key
  const skill = (await send(app, admin, 'POST', '/v1/skills', { name: 'Lezen op 1F', kind: 'basic', domain: 'language', level: '1F' })).id
  const mod = await send(app, key, 'POST', '/v1/modules', {
    code: 'VWM',
    title: 'Veilig werken in het magazijn',
    kind: 'basic',
    hours: 16,
    nlqfLevel: '2',
    learningOutcomes: ['Leest veiligheidsborden'],
    units: [{ key: 'les-1', title: 'Borden en instructies lezen', skillIds: [skill] }]
  })
  const version = await send(app, key, 'POST', `/v1/modules/${mod.id}/publish`, undefined, 200)
  const insert = app.db.$client.prepare('insert into participants (id, region_id, display_name, created_at, updated_at) values (?, ?, ?, ?, ?)')
  const ids: string[] = []
  const now = new Date().toISOString()
  app.db.$client.transaction(() => {
    for (let i = 0; i < participants; i++) { const id = newId('ppt'); insert.run(id, region, `Deelnemer ${i + 1}`, now, now); ids.push(id) }
  })()
  return { key, unitId: version.units[0].id as string, participantIds: ids }
}

async function rawSignRate (payload: Record<string, unknown>, privateKey: CryptoKey, kid: string) {
  const t0 = performance.now()
  for (let i = 0; i < PER_ROUND; i++) await new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' }).sign(privateKey)
  return PER_ROUND / ((performance.now() - t0) / 1000)
}

async function rawVerifyRate (jwts: string[], publicKey: CryptoKey) {
  const t0 = performance.now()
  for (let i = 0; i < VERIFY_PER_ROUND; i++) await jwtVerify(jwts[i % jwts.length]!, publicKey, { algorithms: ['ES256'] })
  return VERIFY_PER_ROUND / ((performance.now() - t0) / 1000)
}

async function httpVerifyRate (base: string, jwts: string[]) {
  let next = 0
  let failures = 0
  const worker = async () => {
    while (next < VERIFY_PER_ROUND) {
      const jwt = jwts[next++ % jwts.length]!
      const res = await fetch(`${base}/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ credential: jwt }) })
      const body = await res.json() as { verified?: boolean }
      if (res.status !== 200 || body.verified !== true) failures++
    }
  }
  const t0 = performance.now()
  await Promise.all(Array.from({ length: VERIFY_CONCURRENCY }, worker))
  const rate = VERIFY_PER_ROUND / ((performance.now() - t0) / 1000)
  if (failures > 0) throw new Error(`${failures} verifications did not answer verified: true`)
  return rate
}

export interface CredentialFigures {
  issuedPerSecond: number
  rawSignPerSecond: number
  issuanceRatio: number
  verifyPerSecond: number
  rawVerifyPerSecond: number
  verifyRatio: number
}

export async function benchCredentials (): Promise<CredentialFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'stapsteen-bench-credentials-'))
  const app = await buildApp(benchConfig(join(dir, 'stapsteen.db'), dir))
  try {
    const { key, unitId, participantIds } = await seed(app, (ROUNDS + 1) * PER_ROUND)
    let used = 0
    const issueRound = async () => {
      const items = participantIds.slice(used, used + PER_ROUND).map((participantId, i) =>
        ({ externalId: `bench-${used + i}`, participantId, unitId, completedOn: '2026-10-14', assessment: 'test' }))
      used += PER_ROUND
      const t0 = performance.now()
      await send(app, key, 'POST', '/v1/completions/batch', { items }, 200)
      await app.issuance.drain()
      const ms = performance.now() - t0
      const issued = app.db.$client.prepare('select count(*) as n from credentials').get() as { n: number }
      if (issued.n !== used) throw new Error(`expected ${used} credentials, found ${issued.n}`)
      return PER_ROUND / (ms / 1000)
    }
    await issueRound() // warm-up: keys made, statements prepared, JIT

    const sample = app.db.$client.prepare('select document, jwt from credentials limit 1').get() as { document: string, jwt: string }
    const { privateKey } = await generateKeyPair('ES256')
    const kid = decodeProtectedHeader(sample.jwt).kid!
    const payload = JSON.parse(sample.document) as Record<string, unknown>

    const issued: number[] = []
    const raw: number[] = []
    for (let r = 0; r < ROUNDS; r++) {
      raw.push(await rawSignRate(payload, privateKey, kid))
      issued.push(await issueRound())
      log(`issuance round ${r + 1}: ${issued.at(-1)!.toFixed(0)}/s end to end, raw SignJWT ${raw.at(-1)!.toFixed(0)}/s`)
    }

    await app.listen({ host: '127.0.0.1', port: 0 })
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    const jwts = (app.db.$client.prepare('select jwt from credentials limit 200').all() as Array<{ jwt: string }>).map((r) => r.jwt)
    const jwk = (await (await fetch(`${base}/.well-known/jwks.json`)).json() as { keys: JWK[] }).keys.find((k) => k.kid === kid)!
    const publicKey = await importJWK(jwk, 'ES256') as CryptoKey
    await httpVerifyRate(base, jwts) // warm-up
    const verify: number[] = []
    const rawVerify: number[] = []
    for (let r = 0; r < ROUNDS; r++) {
      rawVerify.push(await rawVerifyRate(jwts, publicKey))
      verify.push(await httpVerifyRate(base, jwts))
      log(`verify round ${r + 1}: ${verify.at(-1)!.toFixed(0)} req/s over HTTP, raw jwtVerify ${rawVerify.at(-1)!.toFixed(0)}/s`)
    }
    const f = {
      issuedPerSecond: median(issued),
      rawSignPerSecond: median(raw),
      verifyPerSecond: median(verify),
      rawVerifyPerSecond: median(rawVerify)
    }
    return { ...f, issuanceRatio: f.issuedPerSecond / f.rawSignPerSecond, verifyRatio: f.verifyPerSecond / f.rawVerifyPerSecond }
  } finally {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

// `npm run bench:credentials` runs this part alone
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const f = await benchCredentials()
  const row = (name: string, value: number, base: string, baseValue: number, ratio: number, goal: number) =>
    `${name.padEnd(34)} ${value.toFixed(0).padStart(7)}   ${base.padEnd(22)} ${baseValue.toFixed(0).padStart(7)}   ratio ${ratio.toFixed(2)} (goal ≥ ${goal}) ${ratio >= goal ? 'PASS' : 'MISS'}`
  process.stdout.write(row('credentials issued/s (end to end)', f.issuedPerSecond, 'raw jose SignJWT/s', f.rawSignPerSecond, f.issuanceRatio, 0.5) + '\n')
  process.stdout.write(row('POST /v1/verify req/s (HTTP)', f.verifyPerSecond, 'raw jose jwtVerify/s', f.rawVerifyPerSecond, f.verifyRatio, 0.6) + '\n')
  process.stdout.write(JSON.stringify(f) + '\n')
}
