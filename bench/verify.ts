/*
 * `POST /v1/verify` over real HTTP against raw jose `jwtVerify` (ES256) of the same JWTs, in one
 * run. Not a test: figures go to stdout, progress to stderr.
 *
 * The credentials are real: a one-unit module completed through the batch API and the outbox
 * drained, so each JWT carries the service's own key, status entry and OB 3.0 document.
 *
 * Where the work runs, and why: the server runs in this process and the load generator
 * (bench/load.ts) is forked. On a 2-core machine a client in the server's process would
 * spend the server's event loop on building requests and parsing answers, and charge that to the
 * service; in its own process it takes the other core, as a real client would be on another
 * machine. (Forking the server instead and loading it from here would split the cores the same
 * way; this way the seeding needs no second process.) The raw baseline runs in this same process,
 * one `jwtVerify` after another as bench/credentials.ts measures it, while the server is idle.
 * The rounds are interleaved (raw, HTTP, raw, HTTP, …) so that noise from other work on the
 * machine hits both alike; the rates are the medians of the rounds, and the ratio is the median
 * of the rounds' own ratios, so that a slow stretch of the machine does not pair one side's good
 * round with the other's bad one (as bench/credentials.ts does for issuance). Every answer is
 * checked: 200 with `verified: true`, or the run fails.
 *
 * `tsx bench/verify.ts` prints one line and the figures as JSON; stderr gets each round, with the
 * CPU time per request of the server's process (all threads) and of the load generator.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { AddressInfo } from 'node:net'
import { decodeProtectedHeader, importJWK, jwtVerify, type CryptoKey } from 'jose'
import { buildApp } from '../src/app.ts'
import { earnCredentials, seedCredentialWorld } from './credential-seed.ts'
import { benchConfig } from './seed.ts'
import { startLoad, type LoadGenerator } from './load-client.ts'
import { log, verdict } from './report.ts'
import { median } from './workload.ts'

const CREDENTIALS = 256
const ROUNDS = 9
const RAW_PER_ROUND = 2_000
const HTTP_PER_ROUND = 3_000
/**
 * Connections, each with one request in flight. Measured here: 4 and 8 leave the server waiting
 * for the client between answers on 2 cores; from 16 on the rate levels off.
 */
const CONCURRENCY = 16
export const VERIFY_GOAL = 0.6

export interface VerifyFigures {
  /** median of the HTTP rounds */
  verifyPerSecond: number
  /** median of the raw rounds */
  rawVerifyPerSecond: number
  /** median of the rounds' own ratios: each HTTP round against the raw round just before it */
  verifyRatio: number
}

async function rawVerifyRate (jwts: readonly string[], publicKey: CryptoKey): Promise<number> {
  const t0 = performance.now()
  for (let i = 0; i < RAW_PER_ROUND; i++) await jwtVerify(jwts[i % jwts.length]!, publicKey, { algorithms: ['ES256'] })
  return RAW_PER_ROUND / ((performance.now() - t0) / 1000)
}

export interface HttpRound {
  /** requests per second */
  rate: number
  /** CPU time per request of the server's process (all its threads) and of the load generator, in µs */
  serverCpuUs: number
  clientCpuUs: number
}

async function httpVerifyRate (load: LoadGenerator, requests: number): Promise<HttpRound> {
  const cpu0 = process.cpuUsage()
  const result = await load.run(requests)
  const cpu = process.cpuUsage(cpu0)
  if (result.failures > 0) {
    throw new Error(`${result.failures} of ${requests} verifications did not answer 200 verified: true; first: ${result.firstFailure}`)
  }
  return { rate: result.requests / result.seconds, serverCpuUs: (cpu.user + cpu.system) / requests, clientCpuUs: result.cpuMs * 1000 / requests }
}

/** A server with real credentials and its forked load generator, ready for rounds. */
export interface VerifyBenchSetup {
  /** where the server listens */
  base: string
  jwts: string[]
  /** one round of raw jose `jwtVerify`: verifications per second */
  rawRound: () => Promise<number>
  /** one round of `POST /v1/verify` from the load generator, every answer checked */
  httpRound: () => Promise<HttpRound>
  close: () => Promise<void>
}

/** Seeds the credentials, starts the server and forks the load generator; warmed up. */
export async function setUpVerifyBench (): Promise<VerifyBenchSetup> {
  const dir = mkdtempSync(join(tmpdir(), 'stapsteen-bench-verify-'))
  const app = await buildApp(benchConfig(join(dir, 'stapsteen.db'), dir))
  let load: LoadGenerator | undefined
  const close = async () => {
    load?.close()
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const world = await seedCredentialWorld(app, CREDENTIALS)
    await earnCredentials(app, world, world.participantIds, 'verify')
    const jwts = (app.db.$client.prepare('select jwt from credentials').all() as Array<{ jwt: string }>).map((r) => r.jwt)
    if (new Set(jwts).size !== CREDENTIALS) throw new Error(`expected ${CREDENTIALS} distinct credentials, found ${new Set(jwts).size}`)
    const key = app.issuerKeys.findKey(decodeProtectedHeader(jwts[0]!).kid!)
    if (!key) throw new Error('the issuing key is not found')
    const publicKey = await importJWK(key.publicJwk, 'ES256') as CryptoKey

    await app.listen({ host: '127.0.0.1', port: 0 })
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    const requests = jwts.map((jwt) => ({ method: 'POST' as const, path: '/v1/verify', body: JSON.stringify({ credential: jwt }) }))
    load = await startLoad(base, requests, CONCURRENCY, 'verified')
    const child = load
    const setup = { base, jwts, rawRound: () => rawVerifyRate(jwts, publicKey), httpRound: () => httpVerifyRate(child, HTTP_PER_ROUND), close }
    // warm-up: JIT, imported keys, the verified status list
    for (let i = 0; i < 2; i++) {
      await setup.rawRound()
      await setup.httpRound()
    }
    return setup
  } catch (err) {
    await close()
    throw err
  }
}

export async function benchVerify (): Promise<VerifyFigures> {
  const bench = await setUpVerifyBench()
  try {
    log(`${bench.jwts.length} credentials; ${ROUNDS} rounds of ${RAW_PER_ROUND} raw jwtVerify and ${HTTP_PER_ROUND} requests (${CONCURRENCY} in flight)`)
    const raw: number[] = []
    const http: number[] = []
    for (let r = 0; r < ROUNDS; r++) {
      raw.push(await bench.rawRound())
      const round = await bench.httpRound()
      http.push(round.rate)
      log(`round ${r + 1}: ${round.rate.toFixed(0)} req/s over HTTP, raw jwtVerify ${raw.at(-1)!.toFixed(0)}/s, ` +
        `ratio ${(round.rate / raw.at(-1)!).toFixed(2)}; CPU per request: server ${round.serverCpuUs.toFixed(0)} µs, client ${round.clientCpuUs.toFixed(0)} µs`)
    }
    const verifyPerSecond = median(http)
    const rawVerifyPerSecond = median(raw)
    log(`ratio of the medians ${(verifyPerSecond / rawVerifyPerSecond).toFixed(2)}`)
    return { verifyPerSecond, rawVerifyPerSecond, verifyRatio: median(http.map((rate, r) => rate / raw[r]!)) }
  } finally {
    await bench.close()
  }
}

// `tsx bench/verify.ts` runs this bench alone
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const f = await benchVerify()
  const ratio = `ratio ${f.verifyRatio.toFixed(2)} (goal ≥ ${VERIFY_GOAL}) ${verdict(f.verifyRatio >= VERIFY_GOAL)}`
  process.stdout.write(`POST /v1/verify req/s (HTTP) ${f.verifyPerSecond.toFixed(0).padStart(7)}   raw jose jwtVerify/s ${f.rawVerifyPerSecond.toFixed(0).padStart(7)}   ${ratio}\n`)
  process.stdout.write(JSON.stringify(f) + '\n')
}
