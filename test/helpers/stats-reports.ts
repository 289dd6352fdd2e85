import type { FastifyInstance } from 'fastify'
import { GOAL_PER_REGION, MEASURES, type Figure, type FigureRow, type Measure, type Period, type RegionRef, type StatsReport, type StatsSource } from '../../src/features/stats/report.ts'

/**
 * Hand-written figures for the pages that show them, and `withStats` to serve them as `app.stats`.
 * The numbers are made up but shaped like the real ones: counts under 10 are `'<10'`, and a count
 * that would give one away is `'suppressed'`; no number under 10 appears anywhere.
 */

export const REGIONS = {
  twente: { id: 'reg_twente0000000000000', slug: 'twente', name: 'Twente' },
  utrecht: { id: 'reg_utrecht000000000000', slug: 'utrecht', name: 'Regio Utrecht' },
  rijnmond: { id: 'reg_rijnmond00000000000', slug: 'rijnmond', name: 'Rijnmond' }
} satisfies Record<string, RegionRef>

export const PERIODS = {
  all: { kind: 'all', key: 'all', from: null, to: null },
  year: { kind: 'year', key: '2026', from: '2026-01-01', to: '2026-12-31' },
  q4: { kind: 'quarter', key: '2026-Q4', from: '2026-10-01', to: '2026-12-31' },
  q3: { kind: 'quarter', key: '2026-Q3', from: '2026-07-01', to: '2026-09-30' }
} satisfies Record<string, Period>

/** When the fixtures' figures were computed: 10:30 in Amsterdam. */
export const AS_OF = '2026-11-02T09:30:00.000Z'

/** A row: `figures` in the order of MEASURES; the goal and the share of it follow from `intoWork`. */
export function figureRow (region: RegionRef | null, figures: Figure[], regionsInGoal = 1): FigureRow {
  if (figures.length !== MEASURES.length) throw new Error(`a row has ${MEASURES.length} figures, not ${figures.length}`)
  const byMeasure = Object.fromEntries(MEASURES.map((m, i) => [m, figures[i]!])) as Record<Measure, Figure>
  const goal = GOAL_PER_REGION * regionsInGoal
  return { region, figures: byMeasure, goal, intoWorkShareOfGoal: typeof byMeasure.intoWork === 'number' ? byMeasure.intoWork / goal : null }
}

/** A report of the three regions; the programme's goal is theirs together. */
export function statsReport (period: Period, programme: Figure[], regions: Array<[RegionRef, Figure[]]>, asOf = AS_OF): StatsReport {
  return {
    period,
    asOf,
    programme: figureRow(null, programme, regions.length),
    regions: regions.map(([region, figures]) => figureRow(region, figures))
  }
}

// columns: enrolled, active, units, vocational, basic, combined, vocational-and-basic, paths,
// credentials issued, revoked, employer views, into work, still at work after 6 months
/** The whole programme: Twente shows every kind of cell; Rijnmond's intoWork is under 10, Utrecht's withheld with it. */
export const ALL_REPORT = statsReport(PERIODS.all,
  [412, 380, 2345, 120, 95, 41, 33, 12, 256, '<10', 1040, 60, 21],
  [
    [REGIONS.twente, [150, 140, 900, 50, 40, 'suppressed', '<10', '<10', 100, '<10', 400, 34, 12]],
    [REGIONS.utrecht, [140, 130, 800, 45, 35, 'suppressed', 15, '<10', 90, '<10', 380, 'suppressed', '<10']],
    [REGIONS.rijnmond, [122, 110, 645, 25, 20, 11, 11, '<10', 66, '<10', 260, '<10', 'suppressed']]
  ])

/** The third quarter: smaller counts, most of them under 10. */
export const Q3_REPORT = statsReport(PERIODS.q3,
  [96, 88, 512, 31, 24, 10, '<10', '<10', 65, '<10', 230, 14, '<10'],
  [
    [REGIONS.twente, [48, 45, 250, 16, 12, '<10', '<10', '<10', 28, '<10', 110, 'suppressed', '<10']],
    [REGIONS.utrecht, [27, 25, 162, 'suppressed', '<10', '<10', '<10', '<10', 22, '<10', 70, '<10', '<10']],
    [REGIONS.rijnmond, [21, 18, 100, '<10', '<10', '<10', '<10', '<10', 15, '<10', 50, '<10', '<10']]
  ])

/** A source of the reports given, each under its own period; periods in the order given. */
export function statsSource (reports: StatsReport[]): StatsSource & { asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    periods: async () => reports.map((r) => r.period),
    report: async (period) => {
      asked.push(period.key)
      const found = reports.find((r) => r.period.key === period.key)
      if (!found) throw new Error(`no report for ${period.key} in the fixture`)
      return found
    }
  }
}

/** Serves `reports` as the periods and reports of `app.stats`, in place of the service's own counts. */
export function withStats (app: FastifyInstance, reports: StatsReport[] = [ALL_REPORT, Q3_REPORT]) {
  const source = statsSource(reports)
  Object.assign(app.stats, source)
  return source
}
