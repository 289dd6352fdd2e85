/*
 * The figures as the routes and pages read them (`app.stats`). Counting takes seconds at full
 * scale, so a request never waits for it: reports come from the latest snapshot, and a read that
 * finds the database changed since (a completion, a void, an erasure, a revocation, a share view)
 * starts a new count in the background and is answered from the snapshot it has (stale while
 * revalidating). A void or an erasure is therefore in the figures as soon as the next count ends;
 * `asOf` in each report says when that count began. Counts are spaced by at least `minRefreshMs`
 * and ten times the last count's duration, so a busy service spends at most a tenth of a core on them.
 */
import { sql } from 'drizzle-orm'
import { openReader, type Db } from '../../db/client.ts'
import { computeSnapshot } from './compute.ts'
import type { Snapshot } from './snapshot.ts'
import type { Period, StatsReport, StatsSource } from './report.ts'
import { pacer, type Pace, type Population } from './source.ts'

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
  /** starts a count in the background (at start-up, so that the first reader need not wait) */
  start: () => void
  /** the latest count that ended: how long it took (wall time, pauses included) and when it began */
  lastCount: () => { durationMs: number, asOf: string } | undefined
  /** the figures of one period over participants whose consent for impact research holds now, counted now */
  researchReport: (period: Period) => Promise<StatsReport | undefined>
  /** stops a count under way at its next pause and waits for it to let go of its connection */
  close: () => Promise<void>
}

/** Counting on the service's thread hands the event loop back after this long, so requests wait at most this. */
export const SLICE_MS = 5

/**
 * Counts on a read-only connection of its own, in one read transaction (one consistent view of
 * the database), handing the event loop back every few milliseconds: requests on the service's
 * connection are answered in between, and no second thread or heap is needed.
 */
async function countOnReader (databasePath: string, population: Population, now: Date, pace: Pace): Promise<Snapshot> {
  const reader = openReader(databasePath)
  try {
    // a transaction that spans the pauses: better-sqlite3's transaction() takes no async function
    reader.$client.exec('BEGIN')
    try {
      return await computeSnapshot(reader, population, now, pace)
    } finally {
      reader.$client.exec('COMMIT')
    }
  } finally {
    reader.$client.close()
  }
}

export function createStats (db: Db, options: StatsOptions): Stats {
  const count = async (population: Population): Promise<Snapshot> => {
    options.beforeCount?.()
    const now = options.now()
    // an in-memory database cannot be opened twice: counted on the service's connection, in one go
    return options.databasePath === ':memory:'
      ? await computeSnapshot(db, population, now)
      : await countOnReader(options.databasePath, population, now, pacer(SLICE_MS, () => closing))
  }
  /** What a snapshot is of: the day (the periods published change with it), and every change to the database. */
  const stamp = () => {
    const { changes } = db.get<{ changes: number }>(sql`select total_changes() as changes`)
    return `${options.now().toISOString().slice(0, 10)} ${db.$client.pragma('data_version', { simple: true })} ${changes}`
  }

  let closing = false
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
    if (counting === undefined && due && stamp() !== current.stamp) inBackground()
    return current.snapshot
  }
  /** A count nobody waits for: a failure is reported, unless the service is closing. */
  const inBackground = () => { recount().catch((err: unknown) => { if (!closing) options.onError(err) }) }

  return {
    periods: async () => (await latest()).periods,
    report: async (period) => {
      const report = (await latest()).reports.get(period.key)
      if (report === undefined) throw new Error(`no figures are published for ${period.key}`)
      return report
    },
    start: inBackground,
    lastCount: () => current === undefined ? undefined : { durationMs: lastDuration, asOf: current.snapshot.asOf },
    refresh: async () => {
      await counting?.catch(() => undefined)
      return await recount()
    },
    researchReport: async (period) => (await count('research-consent')).reports.get(period.key),
    close: async () => {
      closing = true
      await counting?.catch(() => undefined)
    }
  }
}
