import { failed, passed, type CheckResult, type ProblemKind } from './types.ts'

/** Clocks differ; a credential made a few seconds "in the future" by its issuer still counts. */
export const CLOCK_SKEW_SECONDS = 60

/** XML Schema dateTimeStamp: a date-time with a time zone, as VC 2.0 requires. */
const DATE_TIME_STAMP = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

type Moment = { ok: true, seconds: number | undefined } | { ok: false, detail: string }

function readClaim (payload: Record<string, unknown>, name: 'nbf' | 'exp'): Moment {
  const value = payload[name]
  if (value === undefined) return { ok: true, seconds: undefined }
  if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, detail: `the ${name} claim is not a number` }
  return { ok: true, seconds: value }
}

function readDate (payload: Record<string, unknown>, name: 'validFrom' | 'validUntil'): Moment {
  const value = payload[name]
  if (value === undefined) return { ok: true, seconds: undefined }
  const ms = typeof value === 'string' && DATE_TIME_STAMP.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(ms)) return { ok: false, detail: `${name} is not a date-time with a time zone` }
  return { ok: true, seconds: ms / 1000 }
}

/** The JWT claim and the document date must say the same, to the second, when both are there. */
function agree (claim: number | undefined, date: number | undefined): boolean {
  return claim === undefined || date === undefined || Math.abs(claim - Math.floor(date)) <= 1
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString()

/** The period a credential is valid in, in seconds since the epoch; an open end is ±Infinity. */
export interface ValidityPeriod { from: number, until: number }

/**
 * Reads the validity period from `nbf`/`validFrom` and `exp`/`validUntil` (the later start, the
 * earlier end). A claim that is not a number, a date that is not a date-time with a time zone, or
 * a claim that disagrees with its date is a failure, whatever the time.
 */
export function readValidityPeriod (payload: Record<string, unknown>): { ok: true, period: ValidityPeriod } | { ok: false, detail: string } {
  const nbf = readClaim(payload, 'nbf')
  const exp = readClaim(payload, 'exp')
  const validFrom = readDate(payload, 'validFrom')
  const validUntil = readDate(payload, 'validUntil')
  for (const moment of [nbf, exp, validFrom, validUntil]) if (!moment.ok) return moment
  if (!nbf.ok || !exp.ok || !validFrom.ok || !validUntil.ok) return { ok: false, detail: 'unreadable dates' }
  if (!agree(nbf.seconds, validFrom.seconds)) return { ok: false, detail: 'the nbf claim and validFrom disagree' }
  if (!agree(exp.seconds, validUntil.seconds)) return { ok: false, detail: 'the exp claim and validUntil disagree' }
  return {
    ok: true,
    period: {
      from: Math.max(nbf.seconds ?? -Infinity, validFrom.seconds ?? -Infinity),
      until: Math.min(exp.seconds ?? Infinity, validUntil.seconds ?? Infinity)
    }
  }
}

/** Why `now` is outside the period (with {@link CLOCK_SKEW_SECONDS} of slack), or undefined when it is inside. */
export function outsidePeriod ({ from, until }: ValidityPeriod, now: Date): { detail: string, problem: ProblemKind } | undefined {
  const nowSeconds = now.getTime() / 1000
  if (from > nowSeconds + CLOCK_SKEW_SECONDS) return { detail: `not yet valid: valid from ${iso(from)}`, problem: 'not-yet-valid' }
  if (until < nowSeconds - CLOCK_SKEW_SECONDS) return { detail: `expired on ${iso(until)}`, problem: 'expired' }
  return undefined
}

/**
 * The validity period: `nbf`/`validFrom` must not be in the future and `exp`/`validUntil` not in
 * the past, each with {@link CLOCK_SKEW_SECONDS} of slack. Works on a VC-JWT payload and on a bare
 * document (which has only the dates). A claim that disagrees with its date fails.
 */
export function checkDates (payload: Record<string, unknown>, now: Date): CheckResult {
  const read = readValidityPeriod(payload)
  if (!read.ok) return failed(read.detail)
  const { from, until } = read.period
  const outside = outsidePeriod(read.period, now)
  if (outside) return failed(outside.detail, outside.problem)
  const start = Number.isFinite(from) ? `valid from ${iso(from)}` : 'no start date'
  const end = Number.isFinite(until) ? `until ${iso(until)}` : 'with no end date'
  return passed(`${start}, ${end}`)
}
