/*
 * `npm run bench`: figures, not a test. One run builds a database of 100,000 participants, posts
 * 2,000,000 completions through POST /v1/completions/batch over real HTTP, measures raw
 * better-sqlite3 inserts of equivalent rows beside it, loads the portfolio route, loads the
 * employer's share page beside the portfolio of the same people (bench/share-page.ts), loads the
 * programme's figures (bench/stats.ts), and
 * reports the forked server's peak RSS; then the credential figures (bench/credentials.ts): issuance end to
 * end beside raw jose signing, and POST /v1/verify beside raw jose verification. Progress goes to stderr; stdout gets a table and, as
 * its last line, the figures as JSON. Every phase is bounded in count and time; only 127.0.0.1.
 * BENCH_LOG=info makes the server log its requests (to stderr), e.g. to read server-side times.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { startCheckpointer } from '../src/db/checkpointer.ts'
import { applyPragmas } from '../src/db/client.ts'
import { SERVICE_NODE_FLAGS, benchConfig, completionInserter, completionRows, seedDatabase, type Seeded } from './seed.ts'
import type { FromServer, ToServer } from './server.ts'
import { CREDENTIAL_GOALS, benchCredentials, credentialRows } from './credentials.ts'
import { SHARE_GOALS, benchSharePage } from './share-page.ts'
import { STATS_GOALS, benchStats } from './stats.ts'
import { startLoad } from './load-client.ts'
import { fmt, log, nextMessage, printTable, verdict } from './report.ts'
import { BATCH_SIZE, COMPLETIONS, completesModule, completionItem, median, percentile } from './workload.ts'

/**
 * Ingest is judged against raw better-sqlite3 inserts of the same rows in the same run (the batch
 * API at 0.4 of them or more): an absolute rate says more about the machine than about the service.
 */
const GOALS = { httpToRawRatio: 0.4, portfolioP99Ms: 20, serverPeakRssMb: 300 }

/** batch requests in flight: SQLite has one writer, so two only overlap the client's work with the server's */
const BATCH_CONCURRENCY = 2
/** bounds: past a deadline no new batch starts; the figures then say how far it got */
const RAW_DEADLINE_MS = 150_000
const COMPLETIONS_DEADLINE_MS = 240_000
const REQUEST_TIMEOUT_MS = 60_000
/** the goal is judged at the first count; the second shows how latency grows with load */
const PORTFOLIO_CONNECTIONS = [8, 16] as const
const PORTFOLIO_WARMUP_MS = 1_000
const PORTFOLIO_ROUNDS = 4
const PORTFOLIO_ROUND_MS = 2_000
const PORTFOLIO_MAX_REQUESTS_PER_ROUND = 50_000
/** prepared portfolio requests, sent in turn */
const PORTFOLIO_REQUESTS = 50_000

const round = (n: number, digits = 0) => Number.isFinite(n) ? Number(n.toFixed(digits)) : null

// ---- raw better-sqlite3 baseline ---------------------------------------------------------------

/**
 * The same rows, the same insert statement, pragmas and checkpoint thread as the service, into a copy of
 * the seeded database (same schema, indexes, foreign keys, participants): prepared insert, one
 * transaction per 5,000. Building the rows (ids, JSON) is not timed.
 */
async function measureRawInserts (scratchPath: string, seeded: Seeded) {
  const sqlite = new Database(scratchPath)
  applyPragmas(sqlite, scratchPath)
  // as in the service: WAL checkpoints in a thread of their own
  const checkpointer = startCheckpointer(sqlite, scratchPath)
  const insertAll = completionInserter(sqlite)
  const rates: number[] = []
  let insertMs = 0
  let cpuMicros = 0
  let rows = 0
  const deadline = performance.now() + RAW_DEADLINE_MS
  try {
    for (let start = 0; start < COMPLETIONS && performance.now() < deadline; start += BATCH_SIZE) {
      const batch = completionRows(seeded, start)
      const cpu0 = process.cpuUsage()
      const t0 = performance.now()
      insertAll(batch)
      const ms = performance.now() - t0
      const cpu = process.cpuUsage(cpu0)
      cpuMicros += cpu.user + cpu.system
      insertMs += ms
      rows += BATCH_SIZE
      rates.push(BATCH_SIZE / ms * 1000)
    }
  } finally {
    await checkpointer.stop()
    sqlite.close()
  }
  /** rows/s over the first `count` rows: the table size the HTTP run reached, when it stopped early */
  const overallPerSecondOver = (count: number) => {
    const batches = rates.slice(0, Math.ceil(count / BATCH_SIZE))
    return batches.length * BATCH_SIZE / batches.reduce((ms, rate) => ms + BATCH_SIZE / rate * 1000, 0) * 1000
  }
  return { rows, medianPerSecond: median(rates), overallPerSecond: rows / insertMs * 1000, overallPerSecondOver, cpuMicrosPerRow: cpuMicros / rows, seconds: insertMs / 1000 }
}

// ---- the forked server ---------------------------------------------------------------------------

const serverMessage = <T extends FromServer['type']>(child: ChildProcess, type: T) => nextMessage<FromServer, T>(child, type, 'the bench server')

function tell (child: ChildProcess, message: ToServer) {
  child.send(message)
}

// ---- completions over HTTP -----------------------------------------------------------------------

async function postCompletions (base: string, seeded: Seeded) {
  const url = `${base}/v1/completions/batch`
  const headers = { authorization: `Bearer ${seeded.providerKey}`, 'content-type': 'application/json' }
  const batches = COMPLETIONS / BATCH_SIZE
  const latencies: number[] = []
  /** when each answer came, and whether its batch completed modules (and so queued credentials) */
  const finished: Array<{ at: number, completing: boolean }> = []
  let next = 0
  let created = 0
  let bodyBytes = 0
  let failure: string | null = null
  const start = performance.now()
  const deadline = start + COMPLETIONS_DEADLINE_MS

  const worker = async () => {
    while (next < batches && performance.now() < deadline && failure === null) {
      const b = next++
      const items = []
      for (let k = b * BATCH_SIZE; k < (b + 1) * BATCH_SIZE; k++) items.push(completionItem(k, seeded.participantIds, seeded.units))
      const body = JSON.stringify({ items })
      bodyBytes += body.length
      const t0 = performance.now()
      let status: number
      let answer: { summary?: { created: number, duplicate: number, error: number } }
      try {
        const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
        status = res.status
        answer = await res.json() as typeof answer
      } catch (err) {
        failure = `batch ${b}: ${err instanceof Error ? err.message : String(err)}`
        return
      }
      const t1 = performance.now()
      if (status !== 200 || answer.summary?.created !== BATCH_SIZE) {
        failure = `batch ${b} answered ${status}: ${JSON.stringify(answer).slice(0, 300)}`
        return
      }
      created += answer.summary.created
      latencies.push(t1 - t0)
      finished.push({ at: t1, completing: completesModule(b * BATCH_SIZE, seeded.units) })
      if ((b + 1) % 40 === 0) log(`  ${((b + 1) * BATCH_SIZE).toLocaleString('en')} completions posted`)
    }
  }
  await Promise.all(Array.from({ length: BATCH_CONCURRENCY }, worker))
  if (failure !== null) log(`  stopped: ${failure}`)
  else if (created < COMPLETIONS) log(`  stopped at the ${COMPLETIONS_DEADLINE_MS / 1000} s deadline`)
  // a batch that failed or timed out counts in the time: the phase lasted until it gave up
  const end = performance.now()

  // with requests overlapping, a batch's share of time is the gap since the previous answer
  finished.sort((a, b) => a.at - b.at)
  const rates = finished.map((f, i) => BATCH_SIZE / (f.at - (i === 0 ? start : finished[i - 1]!.at)) * 1000)
  const ratesWhere = (completing: boolean) => rates.filter((_, i) => finished[i]!.completing === completing)
  const tenth = Math.floor(rates.length / 10)
  return {
    created,
    complete: created === COMPLETIONS,
    failure,
    batches: finished.length,
    medianPerSecond: median(rates),
    moduleCompletingMedianPerSecond: median(ratesWhere(true)),
    otherMedianPerSecond: median(ratesWhere(false)),
    overallPerSecond: created / (end - start) * 1000,
    firstTenthMedianPerSecond: median(rates.slice(0, tenth)),
    lastTenthMedianPerSecond: median(rates.slice(-tenth)),
    batchLatencyP50Ms: percentile(latencies, 50),
    batchLatencyP99Ms: percentile(latencies, 99),
    meanBodyKb: bodyBytes / finished.length / 1024,
    seconds: (end - start) / 1000
  }
}

// ---- portfolio under concurrent load -------------------------------------------------------------

async function loadPortfolio (base: string, seeded: Seeded, connections: number) {
  const ids = seeded.participantIds
  // participants in random order, made before the load
  const requests = Array.from({ length: PORTFOLIO_REQUESTS }, () => ({
    method: 'GET' as const,
    path: `/v1/participants/${ids[Math.floor(Math.random() * ids.length)]!}/portfolio`,
    headers: { authorization: `Bearer ${seeded.coachKey}` }
  }))
  const load = await startLoad(base, requests, connections, 'ok')
  try {
    await load.run(PORTFOLIO_MAX_REQUESTS_PER_ROUND, PORTFOLIO_WARMUP_MS)
    const rounds = []
    for (let r = 0; r < PORTFOLIO_ROUNDS; r++) rounds.push(await load.run(PORTFOLIO_MAX_REQUESTS_PER_ROUND, PORTFOLIO_ROUND_MS))
    const all = rounds.flatMap((r) => r.latencies)
    return {
      connections,
      rounds: PORTFOLIO_ROUNDS,
      requests: all.length,
      errors: rounds.reduce((n, r) => n + r.failures, 0),
      firstError: rounds.find((r) => r.firstFailure)?.firstFailure,
      p50Ms: median(rounds.map((r) => percentile(r.latencies, 50))),
      p99Ms: median(rounds.map((r) => percentile(r.latencies, 99))),
      perSecond: median(rounds.map((r) => r.requests / r.seconds)),
      pooledP99Ms: percentile(all, 99),
      maxMs: Math.max(...all),
      meanResponseKb: median(rounds.map((r) => r.bytes / r.requests / 1024))
    }
  } finally {
    load.close()
  }
}

/** One answer read in full, so the figures are known to be about real portfolios. */
async function samplePortfolio (base: string, seeded: Seeded) {
  const res = await fetch(`${base}/v1/participants/${seeded.participantIds[0]}/portfolio`, { headers: { authorization: `Bearer ${seeded.coachKey}` } })
  const portfolio = await res.json() as { summary?: { unitsDone: number, modulesComplete: number } }
  if (res.status !== 200 || !portfolio.summary) throw new Error(`portfolio answered ${res.status}: ${JSON.stringify(portfolio).slice(0, 500)}`)
  log(`  sample portfolio: ${portfolio.summary.unitsDone} units done, ${portfolio.summary.modulesComplete} modules complete`)
  return portfolio.summary
}

// ---- report ----------------------------------------------------------------------------------------

const fmtCount = (n: number | null) => n === null ? '-' : fmt(n)

async function main (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'stapsteen-bench-'))
  const databasePath = join(dir, 'stapsteen.db')
  const scratchPath = join(dir, 'scratch.db')
  let child: ChildProcess | undefined
  try {
    log(`seeding ${dir}: catalogue through the API, 100,000 participants directly`)
    let t0 = performance.now()
    const seeded = await seedDatabase(benchConfig(databasePath, dir), scratchPath)
    log(`  seeded in ${fmt((performance.now() - t0) / 1000, 1)} s`)

    log('raw better-sqlite3 baseline: 2,000,000 rows into a copy of the seeded database')
    t0 = performance.now()
    const raw = await measureRawInserts(scratchPath, seeded)
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${scratchPath}${suffix}`, { force: true })
    log(`  ${fmt(raw.rows)} rows, ${fmt(raw.overallPerSecond)} rows/s (${fmt((performance.now() - t0) / 1000, 1)} s with row building)`)

    log('forking the server (bench/server.ts)')
    child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [databasePath], { execArgv: ['--import', 'tsx', ...SERVICE_NODE_FLAGS], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const { port } = await serverMessage(child, 'listening')
    const base = `http://127.0.0.1:${port}`

    log(`posting 2,000,000 completions to ${base}/v1/completions/batch, ${BATCH_SIZE} per request, ${BATCH_CONCURRENCY} in flight`)
    tell(child, { type: 'report' })
    const beforeCompletions = await serverMessage(child, 'report')
    const http = await postCompletions(base, seeded)
    tell(child, { type: 'report' })
    const afterCompletions = await serverMessage(child, 'report')

    const sample = await samplePortfolio(base, seeded)
    const loads = []
    for (const connections of PORTFOLIO_CONNECTIONS) {
      log(`portfolio: ${connections} connections, ${PORTFOLIO_ROUNDS} rounds of ${PORTFOLIO_ROUND_MS / 1000} s after ${PORTFOLIO_WARMUP_MS / 1000} s warm-up`)
      loads.push(await loadPortfolio(base, seeded, connections))
    }
    const [portfolio, heavier] = loads as [typeof loads[number], typeof loads[number]]
    const share = await benchSharePage(base, databasePath, seeded.coachKey)
    const stats = await benchStats(base, seeded.analystKey, async () => {
      tell(child!, { type: 'report' })
      return (await serverMessage(child!, 'report')).statsCount
    })

    tell(child, { type: 'stop' })
    const serverRss = await serverMessage(child, 'report')
    const benchRssMb = process.resourceUsage().maxRSS / 1024

    // on a machine of their own: the completions' server is gone
    const credentials = await benchCredentials()

    // like for like: raw inserts into a table of the size the HTTP run reached
    const rawSameRows = raw.overallPerSecondOver(http.created)
    const ratio = http.overallPerSecond / rawSameRows
    const serverCpuMicrosPerCompletion = (afterCompletions.cpuMs - beforeCompletions.cpuMs) * 1000 / http.created
    const pass = {
      httpToRaw: http.complete && ratio >= GOALS.httpToRawRatio,
      portfolioP99: portfolio.errors === 0 && portfolio.p99Ms < GOALS.portfolioP99Ms,
      serverPeakRss: serverRss.maxRssMb < GOALS.serverPeakRssMb,
      issuanceRatio: credentials.issuanceRatio >= CREDENTIAL_GOALS.issuanceRatio,
      verifyRatio: credentials.verifyRatio >= CREDENTIAL_GOALS.verifyRatio,
      sharePageRatio: share.sharePage.errors === 0 && share.ratio >= SHARE_GOALS.sharePageToPortfolioRate,
      statsP99: stats.errors === 0 && stats.p99Ms < STATS_GOALS.statsP99Ms
    }
    printTable([
      ['completions/s, HTTP batch (median of batches)', fmt(http.medianPerSecond), '-', 'info'],
      ['completions/s, HTTP batch (overall)', fmt(http.overallPerSecond), '-', 'info'],
      ['inserts/s, raw better-sqlite3 (median of txns)', fmt(raw.medianPerSecond), '-', 'info'],
      ['inserts/s, raw better-sqlite3 (overall)', fmt(raw.overallPerSecond), '-', 'info'],
      ['HTTP / raw (overall, over the rows HTTP stored)', fmt(ratio, 2), `>= ${GOALS.httpToRawRatio}`, verdict(pass.httpToRaw)],
      // the server's CPU includes whatever it did in the background meanwhile (credential issuance)
      ['CPU µs per completion: server / raw insert', `${fmt(serverCpuMicrosPerCompletion)} / ${fmt(raw.cpuMicrosPerRow)}`, '-', 'info'],
      // every item of a batch of a module's last unit completes that module: a credential event joins each insert
      ['completions/s, batches completing modules / the others (median)', `${fmt(http.moduleCompletingMedianPerSecond)} / ${fmt(http.otherMedianPerSecond)}`, '-', 'info'],
      ['completions stored / credential events unhandled', `${fmt(http.created)} / ${fmtCount(afterCompletions.unhandledEvents)}`, fmt(COMPLETIONS), verdict(http.complete)],
      ['batch request latency p50 / p99 (ms)', `${fmt(http.batchLatencyP50Ms)} / ${fmt(http.batchLatencyP99Ms)}`, '-', 'info'],
      [`portfolio p50 (ms, ${portfolio.connections} connections)`, fmt(portfolio.p50Ms, 2), '-', 'info'],
      [`portfolio p99 (ms, ${portfolio.connections} connections)`, fmt(portfolio.p99Ms, 2), `< ${GOALS.portfolioP99Ms}`, verdict(pass.portfolioP99)],
      [`portfolio requests/s (${portfolio.connections} connections)`, fmt(portfolio.perSecond), '-', 'info'],
      [`portfolio p50 / p99 (ms, ${heavier.connections} connections)`, `${fmt(heavier.p50Ms, 2)} / ${fmt(heavier.p99Ms, 2)}`, '-', 'info'],
      [`portfolio requests/s (${heavier.connections} connections)`, fmt(heavier.perSecond), '-', 'info'],
      [`share page requests/s / p99 (ms, ${share.connections} connections)`, `${fmt(share.sharePage.perSecond)} / ${fmt(share.sharePage.p99Ms, 2)}`, '-', 'info'],
      ['portfolio of the same people, same rounds: requests/s / p99 (ms)', `${fmt(share.portfolio.perSecond)} / ${fmt(share.portfolio.p99Ms, 2)}`, '-', 'info'],
      ['share page / portfolio (requests/s, median of rounds)', fmt(share.ratio, 2), `>= ${SHARE_GOALS.sharePageToPortfolioRate}`, verdict(pass.sharePageRatio)],
      ['figures: a count at full scale, under the load below (s, in 5 ms slices)', stats.countMs === null ? 'not done' : fmt(stats.countMs / 1000, 1), '-', 'info'],
      [`figures: GET /v1/stats p50 / p99 (ms, ${stats.connections} connections, recounting)`, `${fmt(stats.p50Ms, 2)} / ${fmt(stats.p99Ms, 2)}`, `p99 < ${STATS_GOALS.statsP99Ms}`, verdict(pass.statsP99)],
      ['credential backlog at end: unhandled events / issued', `${fmtCount(serverRss.unhandledEvents)} / ${fmtCount(serverRss.credentials)}`, '-', 'info'],
      ['server peak RSS (MB, forked process)', fmt(serverRss.maxRssMb), `< ${GOALS.serverPeakRssMb}`, verdict(pass.serverPeakRss)],
      ['bench process peak RSS (MB, seeding + load)', fmt(benchRssMb), '-', 'info'],
      ...credentialRows(credentials)
    ])
    process.stdout.write(`${JSON.stringify({
      goals: { ...GOALS, ...CREDENTIAL_GOALS, ...SHARE_GOALS, ...STATS_GOALS },
      pass,
      completions: {
        created: http.created,
        failure: http.failure,
        batches: http.batches,
        batchSize: BATCH_SIZE,
        concurrency: BATCH_CONCURRENCY,
        medianPerSecond: round(http.medianPerSecond),
        overallPerSecond: round(http.overallPerSecond),
        moduleCompletingMedianPerSecond: round(http.moduleCompletingMedianPerSecond),
        otherMedianPerSecond: round(http.otherMedianPerSecond),
        firstTenthMedianPerSecond: round(http.firstTenthMedianPerSecond),
        lastTenthMedianPerSecond: round(http.lastTenthMedianPerSecond),
        batchLatencyP50Ms: round(http.batchLatencyP50Ms, 1),
        batchLatencyP99Ms: round(http.batchLatencyP99Ms, 1),
        meanBodyKb: round(http.meanBodyKb),
        serverCpuMicrosPerCompletion: round(serverCpuMicrosPerCompletion, 1),
        seconds: round(http.seconds, 1)
      },
      raw: { rows: raw.rows, medianPerSecond: round(raw.medianPerSecond), overallPerSecond: round(raw.overallPerSecond), cpuMicrosPerRow: round(raw.cpuMicrosPerRow, 1), seconds: round(raw.seconds, 1) },
      rawOverSameRowsPerSecond: round(rawSameRows),
      httpToRawRatio: round(ratio, 3),
      // credentials the completions queued: issued in the background by the same server process
      credentialOutbox: {
        unhandledAfterCompletions: afterCompletions.unhandledEvents,
        unhandledAtEnd: serverRss.unhandledEvents,
        credentialsAtEnd: serverRss.credentials
      },
      portfolio: {
        unitsDoneInSample: sample.unitsDone,
        modulesCompleteInSample: sample.modulesComplete,
        loads: loads.map((l) => ({
          connections: l.connections,
          rounds: l.rounds,
          requests: l.requests,
          errors: l.errors,
          ...(l.firstError ? { firstError: l.firstError } : {}),
          p50Ms: round(l.p50Ms, 2),
          p99Ms: round(l.p99Ms, 2),
          pooledP99Ms: round(l.pooledP99Ms, 2),
          maxMs: round(l.maxMs, 1),
          perSecond: round(l.perSecond),
          meanResponseKb: round(l.meanResponseKb, 1)
        }))
      },
      sharePage: {
        shares: share.shares,
        connections: share.connections,
        ratio: round(share.ratio, 3),
        ...Object.fromEntries((['sharePage', 'portfolio'] as const).map((kind) => [kind, {
          requests: share[kind].requests,
          errors: share[kind].errors,
          ...(share[kind].firstError ? { firstError: share[kind].firstError } : {}),
          perSecond: round(share[kind].perSecond),
          p50Ms: round(share[kind].p50Ms, 2),
          p99Ms: round(share[kind].p99Ms, 2),
          meanResponseKb: round(share[kind].meanResponseKb, 1)
        }]))
      },
      stats: {
        countMs: stats.countMs === null ? null : round(stats.countMs),
        requests: stats.requests,
        errors: stats.errors,
        ...(stats.firstError ? { firstError: stats.firstError } : {}),
        perSecond: round(stats.perSecond),
        p50Ms: round(stats.p50Ms, 2),
        p99Ms: round(stats.p99Ms, 2)
      },
      credentials: {
        issuedPerSecond: round(credentials.issuedPerSecond),
        rawSignPerSecond: round(credentials.rawSignPerSecond),
        issuanceRatio: round(credentials.issuanceRatio, 3),
        verifyPerSecond: round(credentials.verifyPerSecond),
        rawVerifyPerSecond: round(credentials.rawVerifyPerSecond),
        verifyRatio: round(credentials.verifyRatio, 3)
      },
      rss: {
        serverPeakMb: round(serverRss.maxRssMb),
        serverPeakAfterCompletionsMb: round(afterCompletions.maxRssMb),
        serverForked: true,
        benchProcessPeakMb: round(benchRssMb)
      }
    })}\n`)
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) child.kill()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exitCode = 1
})
