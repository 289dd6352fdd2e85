/*
 * The employer's share page (`GET /s/{token}`) beside the JSON portfolio of the same participants,
 * in the same server and the same run: rounds of each in turn, so that both meet the same machine.
 * Every share page view checks each shared credential live (signature, issuer, dates, status)
 * and records the view; the portfolio is computed from the completions on every request.
 */
import Database from 'better-sqlite3'
import { startLoad } from './load-client.ts'
import type { LoadRequest } from './load.ts'
import { fmt, log } from './report.ts'
import { median, percentile } from './workload.ts'

export const SHARE_GOALS = { sharePageToPortfolioRate: 0.5 }

const SHARES = 1_000
const CONNECTIONS = 8
const WARMUP_MS = 1_000
const ROUNDS = 4
const ROUND_MS = 2_000
const MAX_REQUESTS_PER_ROUND = 50_000
const REQUESTS = 20_000

/** Participants that hold issued credentials, read from the server's database (read-only). */
function participantsWithCredentials (databasePath: string, limit: number): Array<{ participantId: string, credentials: number }> {
  const db = new Database(databasePath, { readonly: true })
  try {
    return db.prepare(`select participant_id as participantId, count(*) as credentials from credentials
      where revoked_at is null group by participant_id order by participant_id limit ?`).all(limit) as Array<{ participantId: string, credentials: number }>
  } finally {
    db.close()
  }
}

async function post (base: string, key: string, path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const json = await res.json() as Record<string, unknown>
  if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`)
  return json
}

/** One load generator per kind of request; the rounds alternate between them. */
async function alternate (base: string, kinds: Record<'sharePage' | 'portfolio', LoadRequest[]>) {
  const loads = {
    sharePage: await startLoad(base, kinds.sharePage, CONNECTIONS, 'ok'),
    portfolio: await startLoad(base, kinds.portfolio, CONNECTIONS, 'ok')
  }
  try {
    const rounds = { sharePage: [] as Awaited<ReturnType<typeof loads.portfolio.run>>[], portfolio: [] as Awaited<ReturnType<typeof loads.portfolio.run>>[] }
    for (const kind of ['portfolio', 'sharePage'] as const) await loads[kind].run(MAX_REQUESTS_PER_ROUND, WARMUP_MS)
    for (let r = 0; r < ROUNDS; r++) {
      for (const kind of ['portfolio', 'sharePage'] as const) rounds[kind].push(await loads[kind].run(MAX_REQUESTS_PER_ROUND, ROUND_MS))
    }
    const summary = (kind: 'sharePage' | 'portfolio') => {
      const rs = rounds[kind]
      return {
        requests: rs.reduce((n, r) => n + r.requests, 0),
        errors: rs.reduce((n, r) => n + r.failures, 0),
        firstError: rs.find((r) => r.firstFailure)?.firstFailure,
        perSecond: median(rs.map((r) => r.requests / r.seconds)),
        p50Ms: median(rs.map((r) => percentile(r.latencies, 50))),
        p99Ms: median(rs.map((r) => percentile(r.latencies, 99))),
        meanResponseKb: median(rs.map((r) => r.bytes / r.requests / 1024))
      }
    }
    return { sharePage: summary('sharePage'), portfolio: summary('portfolio') }
  } finally {
    loads.sharePage.close()
    loads.portfolio.close()
  }
}

/**
 * Makes share links (consent first, as a coach would) for participants holding credentials, then
 * loads their share pages and their JSON portfolios in alternating rounds.
 */
export async function benchSharePage (base: string, databasePath: string, coachKey: string) {
  const holders = participantsWithCredentials(databasePath, SHARES)
  if (holders.length === 0) throw new Error('no participant holds a credential yet: nothing to share')
  log(`share page: ${fmt(holders.length)} share links for participants holding credentials (mean ${fmt(holders.reduce((n, h) => n + h.credentials, 0) / holders.length, 1)} each)`)
  const tokens: string[] = []
  for (const { participantId } of holders) {
    await post(base, coachKey, `/v1/participants/${participantId}/consents`, { purpose: 'share-with-employers', given: true })
    const share = await post(base, coachKey, `/v1/participants/${participantId}/shares`, { scope: 'all', label: 'bench' })
    tokens.push(new URL(String(share.url)).pathname)
  }
  const pick = () => Math.floor(Math.random() * holders.length)
  const sharePage: LoadRequest[] = []
  const portfolio: LoadRequest[] = []
  for (let i = 0; i < REQUESTS; i++) {
    sharePage.push({ method: 'GET', path: tokens[pick()]!, headers: { accept: 'text/html' } })
    portfolio.push({ method: 'GET', path: `/v1/participants/${holders[pick()]!.participantId}/portfolio`, headers: { authorization: `Bearer ${coachKey}` } })
  }
  log(`share page vs portfolio: ${CONNECTIONS} connections, ${ROUNDS} rounds of ${ROUND_MS / 1000} s each, alternating`)
  const result = await alternate(base, { sharePage, portfolio })
  const ratio = result.sharePage.perSecond / result.portfolio.perSecond
  return { shares: holders.length, connections: CONNECTIONS, ...result, ratio }
}
