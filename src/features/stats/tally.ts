/*
 * From facts to counts: every fact adds one (or its count) to its region's row and the
 * programme's, in its quarter, its year and the whole programme. Participants active are the one
 * measure that does not add up over time (someone active in two quarters is one person in the
 * year), so they are counted from the days each participant completed units on. Pure.
 */
import { MEASURES, type Measure, type Period } from './report.ts'
import type { DatedFact } from './firsts.ts'
import { periodKeysOf, quarterOf } from './periods.ts'

/** The row of the whole programme in a cell id. */
export const PROGRAMME = '*'

/** The id of one count: a period, a region (or the programme) and a measure. */
export const cellOf = (periodKey: string, regionId: string, measure: Measure) => `${periodKey}|${regionId}|${measure}`

/** Measures counted as they happen, summed per region and month (`2026-03`). */
export type MonthlyCount = [measure: Measure, regionId: string, month: string, count: number]

/** The counts of every cell of the periods and regions, filled fact by fact. */
export function createTally (periods: readonly Period[], regionIds: readonly string[]) {
  const counts = new Map<string, number>()
  for (const period of periods) {
    for (const region of [PROGRAMME, ...regionIds]) for (const measure of MEASURES) counts.set(cellOf(period.key, region, measure), 0)
  }
  /** Adds to the cell when it is published (a date past the last published quarter is not yet). */
  const add = (periodKey: string, regionId: string, measure: Measure, n: number) => {
    for (const region of [regionId, PROGRAMME]) {
      const cell = cellOf(periodKey, region, measure)
      const value = counts.get(cell)
      if (value !== undefined) counts.set(cell, value + n)
    }
  }
  return {
    counts,
    monthly ([measure, region, month, n]: MonthlyCount): void {
      for (const key of periodKeysOf(month)) add(key, region, measure, n)
    },
    dated ([measure, region, date]: DatedFact): void {
      for (const key of periodKeysOf(date)) add(key, region, measure, 1)
    },
    /** one participant's valid completed units, by the day each was completed */
    completions (regionId: string, days: readonly string[]): void {
      const quarters = new Map<string, number>()
      for (const day of days) {
        const quarter = quarterOf(day)
        quarters.set(quarter, (quarters.get(quarter) ?? 0) + 1)
      }
      const years = new Map<string, number>()
      for (const [quarter, n] of quarters) years.set(quarter.slice(0, 4), (years.get(quarter.slice(0, 4)) ?? 0) + n)
      for (const [key, n] of [...quarters, ...years, ['all', days.length] as const]) {
        add(key, regionId, 'unitsCompleted', n)
        add(key, regionId, 'participantsActive', 1)
      }
    }
  }
}
export type Tally = ReturnType<typeof createTally>
