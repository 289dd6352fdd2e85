/*
 * From facts to counts: every fact adds one (or its count) to its region's row and the
 * programme's, in its quarter, its year and the whole programme. Participants active are the one
 * measure that does not add up over time (someone active in two quarters is one person in the
 * year), so they are counted from the months each participant completed units in. Pure.
 */
import { MEASURES, type Measure, type Period } from './report.ts'
import { groupsOf, type DatedFact } from './firsts.ts'
import { periodKeysOf } from './periods.ts'

/** The row of the whole programme in a cell id. */
export const PROGRAMME = '*'

/** The id of one count: a period, a region (or the programme) and a measure. */
export const cellOf = (periodKey: string, regionId: string, measure: Measure) => `${periodKey}|${regionId}|${measure}`

/** Measures counted as they happen, summed per region and month (`2026-03`). */
export type MonthlyCount = [measure: Measure, regionId: string, month: string, count: number]

/** Valid completions of one participant in one month: region, participant, month, units. Ordered by participant. */
export type CompletionMonth = [regionId: string, participantId: string, month: string, units: number]

export interface StatsFacts {
  monthly: Iterable<MonthlyCount>
  dated: Iterable<DatedFact>
  completionMonths: Iterable<CompletionMonth>
}

/** Every cell of the periods and regions, at zero. */
function emptyCounts (periods: readonly Period[], regionIds: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const period of periods) {
    for (const region of [PROGRAMME, ...regionIds]) for (const measure of MEASURES) counts.set(cellOf(period.key, region, measure), 0)
  }
  return counts
}

/** Adds to the cell when it is published (a date past the last published quarter is not yet). */
function add (counts: Map<string, number>, periodKey: string, regionId: string, measure: Measure, n: number): void {
  for (const region of [regionId, PROGRAMME]) {
    const cell = cellOf(periodKey, region, measure)
    const value = counts.get(cell)
    if (value !== undefined) counts.set(cell, value + n)
  }
}

/** The counts of every published cell. */
export function tally (facts: StatsFacts, periods: readonly Period[], regionIds: readonly string[]): Map<string, number> {
  const counts = emptyCounts(periods, regionIds)
  for (const [measure, region, month, n] of facts.monthly) {
    for (const key of periodKeysOf(month)) add(counts, key, region, measure, n)
  }
  for (const [measure, region, date] of facts.dated) {
    for (const key of periodKeysOf(date)) add(counts, key, region, measure, 1)
  }
  for (const months of groupsOf(facts.completionMonths, (row) => row[1])) {
    const active = new Set<string>()
    for (const [region, , month, units] of months) {
      for (const key of periodKeysOf(month)) {
        add(counts, key, region, 'unitsCompleted', units)
        if (!active.has(key)) { active.add(key); add(counts, key, region, 'participantsActive', 1) }
      }
    }
  }
  return counts
}
