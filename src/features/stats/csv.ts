/*
 * The export for impact researchers as CSV: one row for the whole programme, then one per
 * region, one column per measure. Pure.
 */
import { MEASURES, type Figure, type FigureRow, type Measure, type StatsReport } from './report.ts'

/** `stillAtWorkAfter6Months` → `still_at_work_after_6_months`. */
export const columnOf = (measure: Measure) => measure.replace(/[A-Z]|\d+/g, (part) => `_${part.toLowerCase()}`)

/** The columns, in order. */
export const CSV_COLUMNS = ['period', 'period_from', 'period_to', 'region_id', 'region_slug', 'region_name',
  ...MEASURES.map(columnOf), 'goal', 'into_work_share_of_goal', 'as_of'] as const

/**
 * A cell as RFC 4180 writes it: quoted when it holds a comma, quote or line break. A text that a
 * spreadsheet would run as a formula (starting with = + - @) gets a leading apostrophe.
 */
export function csvCell (value: string | number | null): string {
  if (value === null) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

function rowOf (report: StatsReport, row: FigureRow): string {
  const { period } = report
  return [
    period.key, period.from, period.to, row.region?.id ?? null, row.region?.slug ?? null, row.region?.name ?? 'programme',
    ...MEASURES.map((m): Figure => row.figures[m]), row.goal,
    row.intoWorkShareOfGoal === null ? null : Number(row.intoWorkShareOfGoal.toFixed(4)), report.asOf
  ].map(csvCell).join(',')
}

/** The report as CSV text, with a header line; lines end in CRLF. */
export function reportCsv (report: StatsReport): string {
  return [CSV_COLUMNS.join(','), rowOf(report, report.programme), ...report.regions.map((r) => rowOf(report, r))].join('\r\n') + '\r\n'
}
