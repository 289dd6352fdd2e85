import { createHash } from 'node:crypto'
import type { CompletionInput } from './schemas.ts'

/** What is wrong with one completion: the status it earns on its own, a stable code, a pointer. */
export interface ItemError {
  status: number
  code: string
  pointer: string
  detail: string
}

const EARLIEST = '2000-01-01'

// made once: building an Intl formatter costs far more than using one
const amsterdamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' })

/** The calendar date (YYYY-MM-DD) in the Netherlands, where completions are recorded. */
export function todayInAmsterdam (now: Date = new Date()): string {
  return amsterdamDate.format(now)
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
      detail: 'name the participant by participantId or by participantReference, not both'
    })
  }
  for (const [pointer, date] of [['#/completedOn', input.completedOn], ['#/workplaceAttestation/attestedOn', input.workplaceAttestation?.attestedOn]] as const) {
    if (date === undefined) continue
    if (date > today) errors.push({ status: 400, code: 'date-in-future', pointer, detail: `${date} is after today (${today})` })
    else if (date < EARLIEST) errors.push({ status: 400, code: 'date-too-early', pointer, detail: `${date} is before ${EARLIEST}` })
  }
  return errors
}

function canonical (value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => a < b ? -1 : 1)
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
}

/**
 * A hash of what a completion says, independent of key order and of how the participant was
 * named: a retry of the same post matches it, a post that says something else under the same
 * externalId does not.
 */
export function fingerprintCompletion (input: CompletionInput, participantId: string): string {
  const { participantReference: _ref, participantId: _id, ...content } = input
  return createHash('sha256').update(canonical({ ...content, participantId })).digest('base64url')
}
