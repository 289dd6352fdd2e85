/*
 * The programme's figures (`GET /v1/stats`, the whole programme) at the bench's scale, in the
 * same server after the completions and the share page: the time of the first count (in slices
 * between requests, on a connection of its own), then rounds of requests under load. The share page's views changed
 * the database, so a recount starts in the background during the first round, as in service.
 */
import { performance } from 'node:perf_hooks'
import { startLoad } from './load-client.ts'
import { fmt, log } from './report.ts'
import { median, percentile } from './workload.ts'

export const STATS_GOALS = { statsP99Ms: 50 }

const CONNECTIONS = 8
const WARMUP_MS = 1_000
const ROUNDS = 4
const ROUND_MS = 2_000
const MAX_REQUESTS_PER_ROUND = 50_000

export async function benchStats (base: string, analystKey: string) {
  const headers = { authorization: `Bearer ${analystKey}` }
  log('figures: the first count of GET /v1/stats, then load')
  const t0 = performance.now()
  const res = await fetch(`${base}/v1/stats`, { headers })
  const first = await res.json() as { programme?: { figures: Record<string, unknown> } }
  const firstCountMs = performance.now() - t0
  if (res.status !== 200 || !first.programme) throw new Error(`GET /v1/stats answered ${res.status}: ${JSON.stringify(first).slice(0, 300)}`)
  log(`  first count ${fmt(firstCountMs / 1000, 1)} s: ${JSON.stringify(first.programme.figures)}`)

  const load = await startLoad(base, [{ method: 'GET', path: '/v1/stats', headers }], CONNECTIONS, 'ok')
  try {
    await load.run(MAX_REQUESTS_PER_ROUND, WARMUP_MS)
    const rounds = []
    for (let r = 0; r < ROUNDS; r++) rounds.push(await load.run(MAX_REQUESTS_PER_ROUND, ROUND_MS))
    return {
      connections: CONNECTIONS,
      firstCountMs,
      requests: rounds.reduce((n, r) => n + r.requests, 0),
      errors: rounds.reduce((n, r) => n + r.failures, 0),
      firstError: rounds.find((r) => r.firstFailure)?.firstFailure,
      perSecond: median(rounds.map((r) => r.requests / r.seconds)),
      p50Ms: median(rounds.map((r) => percentile(r.latencies, 50))),
      p99Ms: median(rounds.map((r) => percentile(r.latencies, 99)))
    }
  } finally {
    load.close()
  }
}
