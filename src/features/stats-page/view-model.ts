/*
 * What the figures page shows, in words: pure functions from a report to table cells, chooser
 * options and chart bars. No Fastify, no database.
 */
import { dateInWords, type Lang } from '../../lib/page-text.ts'
import { GOAL_PER_REGION, MEASURES, MEASURE_TEXT, type Figure, type FigureRow, type Measure, type Period, type RegionRef, type StatsReport } from '../stats/report.ts'
import { STATS_TEXT } from './texts.ts'

const LOCALES: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' }
const numbers = { nl: new Intl.NumberFormat(LOCALES.nl), en: new Intl.NumberFormat(LOCALES.en) }
const percents = {
  nl: new Intl.NumberFormat(LOCALES.nl, { style: 'percent', maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat(LOCALES.en, { style: 'percent', maximumFractionDigits: 0 })
}
const times = {
  nl: new Intl.DateTimeFormat(LOCALES.nl, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' }),
  en: new Intl.DateTimeFormat(LOCALES.en, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' })
}

/** A count in the page's language: `1.234` in Dutch, `1,234` in English. */
export const countInWords = (lang: Lang, n: number) => numbers[lang].format(n)

/** How a cell looks: a count, a count under 10, a withheld count, or a share that cannot be worked out. */
export type CellKind = 'count' | 'small' | 'suppressed' | 'none'
export interface Cell { text: string, kind: CellKind }

/** A figure as the page shows it: never a number under 10, which the report does not hold either. */
export function figureCell (lang: Lang, figure: Figure): Cell {
  const words = STATS_TEXT[lang]
  if (figure === '<10') return { text: words.lessThan10, kind: 'small' }
  if (figure === 'suppressed') return { text: words.suppressed, kind: 'suppressed' }
  return { text: countInWords(lang, figure), kind: 'count' }
}

/** People into work as a share of the row's goal (`17% van 200`), or why it is not shown. */
export function shareCell (lang: Lang, row: FigureRow): Cell {
  const words = STATS_TEXT[lang]
  if (row.intoWorkShareOfGoal === null) return { text: words.notShown, kind: 'none' }
  return { text: words.shareOf(percents[lang].format(row.intoWorkShareOfGoal), countInWords(lang, row.goal)), kind: 'count' }
}

/** What a measure counts, as a column header: the Dutch words, or the English ones with a capital. */
export function measureName (lang: Lang, measure: Measure): string {
  const text = MEASURE_TEXT[measure][lang]
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** A period by name: `Het hele programma`, `2026`, `3e kwartaal 2026`. */
export function periodName (lang: Lang, period: Period): string {
  const words = STATS_TEXT[lang]
  if (period.kind === 'all') return words.allPeriods
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period.key)
  return period.kind === 'quarter' && quarter ? words.quarter(Number(quarter[2]), quarter[1]!) : period.key
}

/** The days a period covers, in words. */
export function periodRange (lang: Lang, period: Period): string {
  const words = STATS_TEXT[lang]
  if (!period.from || !period.to) return words.sinceStart
  return words.range(dateInWords(lang, period.from), dateInWords(lang, period.to))
}

/** One bar of a chart: a region, its count (null when not shown: no bar) and the words beside the bar. */
export interface Bar { name: string, value: number | null, label: string, highlight: boolean }

/** The bars of one measure's chart: every region in the report's order, the chosen one (if any) highlighted. */
export function chartBars (lang: Lang, report: StatsReport, measure: Measure, chosen: RegionRef | null): Bar[] {
  return report.regions.map((row) => {
    const figure = row.figures[measure]
    return {
      name: row.region?.name ?? '',
      value: typeof figure === 'number' ? figure : null,
      label: figureCell(lang, figure).text,
      highlight: chosen !== null && row.region?.id === chosen.id
    }
  })
}

export interface Option { value: string, label: string, selected: boolean }
export type Refusal = 'unknownPeriod' | 'unknownRegion'

export interface StatsPageInput {
  lang: Lang
  periods: Period[]
  /** the regions to choose from */
  regions: RegionRef[]
  /** the report to show; none when the choice was refused or there are no figures yet */
  report: StatsReport | undefined
  period: Period | undefined
  /** the one region chosen, or null for all */
  region: RegionRef | null
  refusal?: Refusal
}

/** Everything the figures page shows but the charts' pictures. */
export function buildStatsPage (input: StatsPageInput) {
  const { lang, report, region } = input
  const words = STATS_TEXT[lang]
  const chooser = {
    periods: input.periods.map((p) => ({ value: p.key, label: periodName(lang, p), selected: p.key === input.period?.key })),
    regions: [
      { value: '', label: words.allRegions, selected: region === null },
      ...input.regions.map((r) => ({ value: r.slug, label: r.name, selected: r.id === region?.id }))
    ]
  }
  const base = { title: words.title, words, chooser, refusal: input.refusal && words[input.refusal] }
  if (!report || input.refusal) return { ...base, shown: undefined }
  const name = periodName(lang, report.period)
  const asOf = words.asOf(dateInWords(lang, report.asOf), times[lang].format(Date.parse(report.asOf)))
  const shownRows = region === null ? report.regions : report.regions.filter((row) => row.region?.id === region.id)
  const rowOf = (row: FigureRow) => ({
    header: row.region?.name ?? words.programme,
    programme: row.region === null,
    cells: MEASURES.map((m) => figureCell(lang, row.figures[m])),
    share: shareCell(lang, row)
  })
  return {
    ...base,
    shown: {
      period: { name, range: periodRange(lang, report.period), asOf },
      goalNote: words.goalNote(countInWords(lang, GOAL_PER_REGION)),
      table: {
        caption: words.caption(region ? `${region.name}, ${name}` : name),
        headers: MEASURES.map((m) => measureName(lang, m)),
        rows: [rowOf(report.programme), ...shownRows.map(rowOf)]
      },
      charts: report.regions.length === 0
        ? []
        : MEASURES.map((m) => ({ measure: m, title: measureName(lang, m), label: words.chartLabel(measureName(lang, m), name) }))
    }
  }
}

export type StatsPageModel = ReturnType<typeof buildStatsPage>
