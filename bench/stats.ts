/*
 * The programme's figures (`GET /v1/stats`, the whole programme) at the bench's scale, in the
 * same server after the completions and the share page. The service counted the figures at
 * start-up, on an empty database; the first request finds the database changed, is answered from
 * that count and starts a new one, which runs, in 5 ms slices between requests, while the rounds
 * load the route: the latency is that of a service recounting at full scale. Then the count's
 * own duration, as the server reports it.
 */
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { startLoad } from './load-client.ts'
import { fmt, log } from './report.ts'
import { median, percentile } from './workload.ts'

export const STATS_GOALS = { statsP99Ms: 50 }

const CONNECTIONS = 8
const WARMUP_MS = 1_000
const ROUNDS = 4
const ROUND_MS = 2_000
const MAX_REQUESTS_PER_ROUND = 50_000
const COUNT_DEADLINE_MS = 180_000

type CountReport = { durationMs: number, asOf: string } | null

export async function benchStats (base: string, analystKey: string, lastCount: () => Promise<CountReport>) {
  const headers = { authorization: `Bearer ${analystKey}` }
  log('figures: GET /v1/stats under load while the service recounts at full scale')
  const asked = new Date().toISOString()
  const res = await fetch(`${base}/v1/stats`, { headers })
  const first = await res.json() as { asOf?: string }
  if (res.status !== 200 || !first.asOf) throw new Error(`GET /v1/stats answered ${res.status}: ${JSON.stringify(first).slice(0, 300)}`)

  const load = await startLoad(base, [{ method: 'GET', path: '/v1/stats', headers }], CONNECTIONS, 'ok')
  const rounds = []
  try {
    await load.run(MAX_REQUESTS_PER_ROUND, WARMUP_MS)
    for (let r = 0; r < ROUNDS; r++) rounds.push(await load.run(MAX_REQUESTS_PER_ROUND, ROUND_MS))
  } finally {
    load.close()
  }
  // the count that began with the first request: wait for it to end (it may outlast the load)
  const deadline = performance.now() + COUNT_DEADLINE_MS
  let count = await lastCount()
  while ((count === null || count.asOf < asked) && performance.now() < deadline) {
    await sleep(200)
    count = await lastCount()
  }
  const counted = count !== null && count.asOf >= asked
  const answer = await (await fetch(`${base}/v1/stats`, { headers })).json() as { programme: { figures: Record<string, unknown> } }
  log(`  count at full scale ${counted ? `${fmt(count!.durationMs / 1000, 1)} s` : 'not done'}: ${JSON.stringify(answer.programme.figures)}`)
  return {
    connections: CONNECTIONS,
    countMs: counted ? count!.durationMs : null,
    requests: rounds.reduce((n, r) => n + r.requests, 0),
    errors: rounds.reduce((n, r) => n + r.failures, 0),
    firstError: rounds.find((r) => r.firstFailure)?.firstFailure,
    perSecond: median(rounds.map((r) => r.requests / r.seconds)),
    p50Ms: median(rounds.map((r) => percentile(r.latencies, 50))),
    p99Ms: median(rounds.map((r) => percentile(r.latencies, 99)))
  }
}
