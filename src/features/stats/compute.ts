/*
 * Counting the figures: the facts from the database, tallied per cell, suppressed together.
 * Read-only; at full scale it takes seconds, so the service counts on a connection of its own,
 * handing the event loop back every few milliseconds (see service.ts).
 */
import type { Db } from '../../db/client.ts'
import { publishedPeriods } from './periods.ts'
import { snapshotOf, type Snapshot } from './snapshot.ts'
import { createStatsSource, unpaced, type Pace, type Population } from './source.ts'
import { createTally } from './tally.ts'

/** The figures of every published period as the database holds them now (`now`: the app's clock). */
export async function computeSnapshot (db: Db, population: Population, now: Date, pace: Pace = unpaced): Promise<Snapshot> {
  const source = createStatsSource(db, population)
  const today = now.toISOString().slice(0, 10)
  const regions = source.regions()
  const periods = publishedPeriods(source.firstDay() ?? today, today)
  const tally = createTally(periods, regions.map((r) => r.id))
  await source.countInto(tally, pace)
  return snapshotOf(tally.counts, periods, regions, now.toISOString())
}
