/*
 * The figures as the routes and pages read them (`app.stats`). Counting takes seconds at full
 * scale, so a request never waits for it: reports come from the latest snapshot, and a read that
 * finds the database changed since (a completion, a void, an erasure, a revocation, a share view)
 * starts a new count in the background and is answered from the snapshot it has (stale while
 * revalidating). A void or an erasure is therefore in the figures as soon as the next count ends;
 * `asOf` in each report says when that count began. Counts are spaced by at least `minRefreshMs`
 * and ten times the last count's duration, so a busy service spends at most a tenth of a core on them.
 */
import { Worker } from 'node:worker_threads'
import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { computeSnapshot } from './compute.ts'
import type { Snapshot } from './snapshot.ts'
import type { SnapshotJob } from './snapshot-worker.ts'
import type { Period, StatsReport, StatsSource } from './report.ts'
import type { Population } from './source.ts'

export interface StatsOptions {
  databasePath: string
  now: () => Date
  /** the shortest time between two counts */
  minRefreshMs: number
  /** called before each count: writes still held in memory (share views) go to the database first */
  beforeCount?: () => void
  /** a background count failed; the last snapshot is served until the next one succeeds */
  onError: (err: unknown) => void
}

export interface Stats extends StatsSource {
  /** counts anew now and returns when the new snapshot is in place */
  refresh: () => Promise<Snapshot>
  /** the figures of one period over participants whose consent for impact research holds now, counted now */
  researchReport: (period: Period) => Promise<StatsReport | undefined>
  /** waits for a count under way to end (its worker holds a connection to the database) */
  close: () => Promise<void>
}

const WORKER_FILE = new URL(`./snapshot-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href

/** The worker's source: the compiled file as it is, the TypeScript source through tsx (tests and `npm run dev`). */
const WORKER_SOURCE = WORKER_FILE.endsWith('.ts')
  ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_FILE)}) })`
  : `import(${JSON.stringify(WORKER_FILE)})`

/** Counts in a worker thread on its own read-only connection. */
function countInWorker (job: SnapshotJob): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: job })
    let answered = false
    worker.once('message', (snapshot: Snapshot) => { answered = true; resolve(snapshot) })
    worker.once('error', reject)
    worker.once('exit', (code) => { if (!answered) reject(new Error(`the figures worker ended with code ${code} before answering`)) })
  })
}

export function createStats (db: Db, options: StatsOptions): Stats {
  const count = async (population: Population): Promise<Snapshot> => {
    options.beforeCount?.()
    const now = options.now()
    // an in-memory database cannot be opened twice: counted here, on the main connection
    return options.databasePath === ':memory:'
      ? computeSnapshot(db, population, now)
      : await countInWorker({ databasePath: options.databasePath, population, now: now.toISOString() })
  }
  /** What a snapshot is of: the day (the periods published change with it), and every change to the database. */
  const stamp = () => {
    const changes = db.get<[number]>(sql`select total_changes()`)
    return `${options.now().toISOString().slice(0, 10)} ${db.$client.pragma('data_version', { simple: true })} ${changes[0]}`
  }

  let current: { snapshot: Snapshot, stamp: string } | undefined
  let counting: Promise<Snapshot> | undefined
  let lastEnded = 0
  let lastDuration = 0

  const recount = (): Promise<Snapshot> => {
    counting ??= (async () => {
      const started = performance.now()
      const before = stamp()
      try {
        const snapshot = await count('everyone')
        current = { snapshot, stamp: before }
        return snapshot
      } finally {
        lastEnded = performance.now()
        lastDuration = lastEnded - started
        counting = undefined
      }
    })()
    return counting
  }

  const latest = async (): Promise<Snapshot> => {
    if (current === undefined) return await recount()
    const due = performance.now() - lastEnded >= Math.max(options.minRefreshMs, 10 * lastDuration)
    if (counting === undefined && due && stamp() !== current.stamp) recount().catch(options.onError)
    return current.snapshot
  }

  return {
    periods: async () => (await latest()).periods,
    report: async (period) => {
      const report = (await latest()).reports.get(period.key)
      if (report === undefined) throw new Error(`no figures are published for ${period.key}`)
      return report
    },
    refresh: async () => {
      await counting?.catch(() => undefined)
      return await recount()
    },
    researchReport: async (period) => (await count('research-consent')).reports.get(period.key),
    close: async () => { await counting?.catch(() => undefined) }
  }
}
