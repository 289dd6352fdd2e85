/*
 * Counting the figures: the facts from the database, tallied per cell, suppressed together.
 * Synchronous and read-only; at full scale it takes seconds, so the service runs it in a worker
 * thread on a connection of its own (snapshot-worker.ts) wherever the database is a file.
 */
import type { Db } from '../../db/client.ts'
import { publishedPeriods } from './periods.ts'
import { snapshotOf, type Snapshot } from './snapshot.ts'
import { createStatsSource, type Population } from './source.ts'
import { tally } from './tally.ts'

/** The figures of every published period as the database holds them now (`now`: the app's clock). */
export function computeSnapshot (db: Db, population: Population, now: Date): Snapshot {
  const source = createStatsSource(db, population)
  const today = now.toISOString().slice(0, 10)
  const regions = source.regions()
  const periods = publishedPeriods(source.firstDay() ?? today, today)
  const counts = tally(source.facts(), periods, regions.map((r) => r.id))
  return snapshotOf(counts, periods, regions, now.toISOString())
}
