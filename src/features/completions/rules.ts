import type { StatusAndCode } from '../../lib/problems.ts'
import type { CompletionInput } from './schemas.ts'

/** What is wrong with one completion: the status it earns on its own (the code's), a stable code, a pointer. */
export type ItemError = StatusAndCode & {
  pointer: string
  detail: string
}

const EARLIEST = '2000-01-01'

// made once: building an Intl formatter costs far more than using one
const amsterdamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' })

let memoMinute = Number.NaN
let memoDate = ''

/** The calendar date (YYYY-MM-DD) in the Netherlands, where completions are recorded. */
export function todayInAmsterdam (now: Date = new Date()): string {
  // the date only changes on a whole minute (the offsets are whole hours), and every batch item asks
  const minute = Math.floor(now.getTime() / 60_000)
  if (minute !== memoMinute) {
    memoDate = amsterdamDate.format(now)
    memoMinute = minute
  }
  return memoDate
}

/**
 * Checks that need no database: exactly one way to name the participant, and dates that can be
 * true (not in the future, not before the programme's era).
 */
export function checkCompletionInput (input: CompletionInput, today: string): ItemError[] {
  const errors: ItemError[] = []
  const hasId = input.participantId !== undefined
  const hasRef = input.participantReference !== undefined
  if (hasId === hasRef) {
    errors.push({
      status: 400,
      code: hasId ? 'participant-ambiguous' : 'participant-required',
      pointer: hasId ? '#/participantReference' : '#/participantId',
      detail: hasId
        ? 'name the participant by participantId or by participantReference, not both'
        : 'name the participant by participantId or by participantReference; neither was given'
    })
  }
  for (const [pointer, date] of [['#/completedOn', input.completedOn], ['#/workplaceAttestation/attestedOn', input.workplaceAttestation?.attestedOn]] as const) {
    if (date === undefined) continue
    if (date > today) errors.push({ status: 400, code: 'date-in-future', pointer, detail: `${date} is after today (${today})` })
    else if (date < EARLIEST) errors.push({ status: 400, code: 'date-too-early', pointer, detail: `${date} is before ${EARLIEST}` })
  }
  return errors
}

/** JSON with object keys sorted and undefined members left out: equal content, equal text. */
function canonical (value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  const record = value as Record<string, unknown>
  const members = Object.keys(record).sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
  return `{${members.join(',')}}`
}

/** What a stored completion says, read back to compare a post under the same externalId with. */
export interface StoredContent {
  participantId: string
  unitId: string
  completedOn: string
  assessment: string
  hostCompany: object | null
  workplaceAttestation: object | null
  evidenceUrl: string | null
  result: object | null
}

const sameJson = (stored: object | null, posted: object | undefined): boolean => canonical(stored) === canonical(posted ?? null)

/**
 * Whether a post says what the completion stored under its externalId says: the same participant
 * (however it was named), unit, date, assessment and details, in any key order. A retry of the
 * same post does; a post that says something else under the same externalId does not.
 */
export function sameCompletion (input: CompletionInput, participantId: string, stored: StoredContent): boolean {
  return stored.participantId === participantId && stored.unitId === input.unitId &&
    stored.completedOn === input.completedOn && stored.assessment === input.assessment &&
    stored.evidenceUrl === (input.evidenceUrl ?? null) &&
    sameJson(stored.hostCompany, input.hostCompany) &&
    sameJson(stored.workplaceAttestation, input.workplaceAttestation) &&
    sameJson(stored.result, input.result)
}
