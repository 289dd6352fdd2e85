/*
 * A snapshot of the figures: every published period's report, suppressed together, so that no
 * count under 10 can be worked out from any cells of any periods shown. Pure.
 */
import { GOAL_PER_REGION, MEASURES, type Figure, type FigureRow, type Measure, type Period, type RegionRef, type StatsReport } from './report.ts'
import { suppress, type Line } from './suppression.ts'
import { PROGRAMME, cellOf } from './tally.ts'

/** Measures that add up over time: all but participants active (one person active in two quarters is one in the year). */
const ADDS_UP_OVER_TIME = MEASURES.filter((m) => m !== 'participantsActive')

/** The lines of cells that add up: regions to the programme; quarters to their year and years to the whole programme. */
export function linesOf (periods: readonly Period[], regionIds: readonly string[]): Line[] {
  const lines: Line[] = []
  for (const period of periods) {
    for (const measure of MEASURES) {
      lines.push({ total: cellOf(period.key, PROGRAMME, measure), parts: regionIds.map((r) => cellOf(period.key, r, measure)) })
    }
  }
  const years = periods.filter((p) => p.kind === 'year')
  const spans = [
    ...years.map((year) => ({ total: year.key, parts: periods.filter((p) => p.kind === 'quarter' && p.key.startsWith(`${year.key}-`)).map((p) => p.key) })),
    { total: 'all', parts: years.map((p) => p.key) }
  ]
  for (const { total, parts } of spans) {
    for (const region of [PROGRAMME, ...regionIds]) {
      for (const measure of ADDS_UP_OVER_TIME) {
        lines.push({ total: cellOf(total, region, measure), parts: parts.map((p) => cellOf(p, region, measure)) })
      }
    }
  }
  return lines
}

export interface Snapshot {
  asOf: string
  periods: Period[]
  reports: Map<string, StatsReport>
}

/** Every published period's report from the counts of every cell (see tally.ts). */
export function snapshotOf (counts: ReadonlyMap<string, number>, periods: Period[], regions: readonly RegionRef[], asOf: string): Snapshot {
  const shown = suppress(counts, linesOf(periods, regions.map((r) => r.id)))
  const rowOf = (periodKey: string, region: RegionRef | null, goal: number): FigureRow => {
    const figures = {} as Record<Measure, Figure>
    for (const measure of MEASURES) figures[measure] = shown.get(cellOf(periodKey, region?.id ?? PROGRAMME, measure))!
    const into = figures.intoWork
    return { region, figures, goal, intoWorkShareOfGoal: typeof into === 'number' && goal > 0 ? into / goal : null }
  }
  const reports = new Map(periods.map((period): [string, StatsReport] => [period.key, {
    period,
    asOf,
    programme: rowOf(period.key, null, GOAL_PER_REGION * regions.length),
    regions: regions.map((region) => rowOf(period.key, region, GOAL_PER_REGION))
  }]))
  return { asOf, periods, reports }
}
