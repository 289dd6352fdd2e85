/*
 * The periods figures are published for: the whole programme, calendar years and calendar
 * quarters, by the day something happened (UTC for moments). Only these fixed periods are
 * published, so that no two published ranges differ by a few days or a few people. Pure.
 */
import type { Period } from './report.ts'

export const ALL: Period = { kind: 'all', key: 'all', from: null, to: null }

const pad = (n: number) => String(n).padStart(2, '0')
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

/** `2026-Q3` for a day or moment in July to September 2026. */
export function quarterOf (date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`
}

/** The keys of the periods a day or moment falls in: its quarter, its year and the whole programme. */
export function periodKeysOf (date: string): [string, string, string] {
  return [quarterOf(date), date.slice(0, 4), 'all']
}

/** The period of a key (`all`, `2026`, `2026-Q3`), or undefined when the key names none. */
export function periodOf (key: string): Period | undefined {
  if (key === 'all') return ALL
  const match = /^(\d{4})(?:-Q([1-4]))?$/.exec(key)
  if (!match) return undefined
  const year = Number(match[1])
  if (match[2] === undefined) return { kind: 'year', key, from: `${year}-01-01`, to: `${year}-12-31` }
  const first = (Number(match[2]) - 1) * 3 + 1
  return { kind: 'quarter', key, from: `${year}-${pad(first)}-01`, to: `${year}-${pad(first + 2)}-${pad(lastDayOf(year, first + 2))}` }
}

/**
 * The period that runs exactly from `from` to `to` (days, inclusive): a quarter, a year, or the
 * whole programme when both are absent; undefined for any other range.
 */
export function periodOfRange (from: string | undefined, to: string | undefined): Period | undefined {
  if (from === undefined && to === undefined) return ALL
  if (from === undefined || to === undefined) return undefined
  for (const key of [quarterOf(from), from.slice(0, 4)]) {
    const period = periodOf(key)
    if (period && period.from === from && period.to === to) return period
  }
  return undefined
}

/**
 * The periods published when the figures run from `firstDay` (the first thing counted) to
 * `lastDay` (the day they are counted): the whole programme, every year, and every quarter from
 * the first one with something in it to the current one; newest first after the whole programme.
 * Every count falls in a published quarter, so the quarters of a year add up to it.
 */
export function publishedPeriods (firstDay: string, lastDay: string): Period[] {
  const first = quarterOf(firstDay < lastDay ? firstDay : lastDay)
  const last = quarterOf(lastDay)
  const periods: Period[] = [ALL]
  for (let year = Number(last.slice(0, 4)); year >= Number(first.slice(0, 4)); year--) {
    periods.push(periodOf(String(year))!)
    for (let q = 4; q >= 1; q--) {
      const key = `${year}-Q${q}`
      if (key >= first && key <= last) periods.push(periodOf(key)!)
    }
  }
  return periods
}
