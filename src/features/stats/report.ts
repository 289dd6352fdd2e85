/*
 * What the figures are: the measures, the periods they are published for and the shape of a
 * report, shared by the API, the CSV export and the /stats page. Pure: no Fastify, no database.
 */

/** The measures, in the order every report, export and page shows them. */
export const MEASURES = [
  'participantsEnrolled',
  'participantsActive',
  'unitsCompleted',
  'modulesVocational',
  'modulesBasic',
  'modulesCombined',
  'participantsVocationalAndBasic',
  'pathsCompleted',
  'credentialsIssued',
  'credentialsRevoked',
  'employerViews',
  'intoWork',
  'stillAtWorkAfter6Months'
] as const
export type Measure = typeof MEASURES[number]

/** What each measure counts, in Dutch for the page and in English for the API and the export. */
export const MEASURE_TEXT: Record<Measure, { nl: string, en: string }> = {
  participantsEnrolled: { nl: 'Deelnemers ingeschreven', en: 'participants enrolled in the period' },
  participantsActive: { nl: 'Deelnemers actief (minstens één onderdeel afgerond)', en: 'participants with at least one valid completed unit in the period' },
  unitsCompleted: { nl: 'Onderdelen afgerond', en: 'valid completed units, by the day they were completed' },
  modulesVocational: { nl: 'Vakmodules afgerond', en: 'vocational modules completed (module credentials issued and not withdrawn as a mistake)' },
  modulesBasic: { nl: 'Modules basisvaardigheden afgerond', en: 'basic-skills modules completed' },
  modulesCombined: { nl: 'Gecombineerde modules afgerond', en: 'combined modules (vocational with basic skills) completed' },
  participantsVocationalAndBasic: { nl: 'Deelnemers met vak én basisvaardigheden', en: 'participants who completed both a vocational and a basic-skills module (a combined module counts for both)' },
  pathsCompleted: { nl: 'Ontwikkelpaden afgerond', en: 'development paths completed' },
  credentialsIssued: { nl: 'Bewijzen uitgegeven', en: 'credentials issued' },
  credentialsRevoked: { nl: 'Bewijzen ingetrokken', en: 'credentials revoked' },
  employerViews: { nl: 'Keren bekeken door werkgevers', en: 'views of shared portfolios by employers' },
  intoWork: { nl: 'Deelnemers aan het werk', en: 'participants whose first job (as recorded now) started in the period' },
  stillAtWorkAfter6Months: { nl: 'Na 6 maanden nog aan het werk', en: 'participants first confirmed still at work after 6 months or more in the period' }
}

/** Counts under this are never shown. */
export const SMALLEST_SHOWN = 10

/** A count as shown: the number (0, or 10 and more), `<10` for 1 to 9, or `suppressed`: withheld so that a count under 10 elsewhere cannot be worked out. */
export type Figure = number | '<10' | 'suppressed'

/** People into work each region aims for. */
export const GOAL_PER_REGION = 200

/** The periods figures are published for: calendar quarters, calendar years and the whole programme. */
export type PeriodKind = 'all' | 'year' | 'quarter'
export interface Period {
  kind: PeriodKind
  /** `all`, `2026` or `2026-Q1` */
  key: string
  /** first and last day, inclusive; null for the whole programme */
  from: string | null
  to: string | null
}

export interface RegionRef { id: string, slug: string, name: string }

/** One row of a report: a region, or the whole programme when `region` is null. */
export interface FigureRow {
  region: RegionRef | null
  figures: Record<Measure, Figure>
  /** the goal for people into work: 200 per region */
  goal: number
  /** intoWork as a share of the goal (0 to 1 and up), null when intoWork is not shown */
  intoWorkShareOfGoal: number | null
}

export interface StatsReport {
  period: Period
  /** when the figures were computed; every change made before this moment is in them */
  asOf: string
  programme: FigureRow
  regions: FigureRow[]
}

/**
 * What the figures service offers the API, the export and the /stats page (`app.stats`). Reports
 * come from the latest snapshot of the figures; suppression is worked out over every region, so any
 * subset of a report's rows is as safe to show as the whole.
 */
export interface StatsSource {
  /** the periods figures are published for: the whole programme, then years and quarters, newest first */
  periods (): Promise<Period[]>
  /** the figures of one period, for the programme and every region */
  report (period: Period): Promise<StatsReport>
}
