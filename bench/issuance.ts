/*
 * Credentials issued per second end to end against raw jose ES256 `SignJWT` of the same documents,
 * in one run. Not a test: figures go to stdout, progress to stderr.
 *
 * Each round posts PER_ROUND completions in one batch and awaits `issuance.drain()`, so the time
 * covers recording the completions, the outbox, status indexes, documents, signatures and
 * storage; the baseline signs as many documents, one after another, as the service does. Rounds
 * are interleaved (baseline, service, baseline, …) so that machine noise hits both alike, and large
 * enough to hold several of the issuer's chunks and, now and then, a WAL checkpoint. The ratio is
 * the median of the rounds' own ratios (each service round against the baseline round just before
 * it), so that a slow stretch of the machine does not pair one side's good round with the other's
 * bad one.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { SignJWT, generateKeyPair, decodeProtectedHeader, type CryptoKey } from 'jose'
import { buildApp } from '../src/app.ts'
import { seedCredentialWorld, send } from './credential-seed.ts'
import { benchConfig } from './seed.ts'
import { log, verdict } from './report.ts'
import { median } from './workload.ts'

const ISSUANCE_ROUNDS = 7
const PER_ROUND = 1_000

async function rawSignRate (payload: Record<string, unknown>, privateKey: CryptoKey, kid: string) {
  const t0 = performance.now()
  for (let i = 0; i < PER_ROUND; i++) await new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' }).sign(privateKey)
  return PER_ROUND / ((performance.now() - t0) / 1000)
}

export interface IssuanceFigures {
  /** median of the service rounds */
  issuedPerSecond: number
  /** median of the baseline rounds */
  rawSignPerSecond: number
  /** median of the rounds' issued / raw */
  issuanceRatio: number
}

export const ISSUANCE_GOAL = 0.5

export async function benchIssuance (): Promise<IssuanceFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'stapsteen-bench-credentials-'))
  const app = await buildApp(benchConfig(join(dir, 'stapsteen.db'), dir))
  try {
    const { key, unitId, participantIds } = await seedCredentialWorld(app, (ISSUANCE_ROUNDS + 1) * PER_ROUND)
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
    for (let r = 0; r < ISSUANCE_ROUNDS; r++) {
      raw.push(await rawSignRate(payload, privateKey, kid))
      issued.push(await issueRound())
      log(`issuance round ${r + 1}: ${issued.at(-1)!.toFixed(0)}/s end to end, raw SignJWT ${raw.at(-1)!.toFixed(0)}/s, ratio ${(issued.at(-1)! / raw.at(-1)!).toFixed(2)}`)
    }

    return { issuedPerSecond: median(issued), rawSignPerSecond: median(raw), issuanceRatio: median(issued.map((rate, r) => rate / raw[r]!)) }
  } finally {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

// `tsx bench/issuance.ts` runs this bench alone
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const f = await benchIssuance()
  process.stdout.write(`credentials issued/s (end to end) ${f.issuedPerSecond.toFixed(0).padStart(7)}   raw jose SignJWT/s ${f.rawSignPerSecond.toFixed(0).padStart(7)}   ratio ${f.issuanceRatio.toFixed(2)} (goal ≥ ${ISSUANCE_GOAL}) ${verdict(f.issuanceRatio >= ISSUANCE_GOAL)}\n`)
  process.stdout.write(JSON.stringify(f) + '\n')
}
