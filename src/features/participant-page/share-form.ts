/* The share form of the participant's page, read into what the sharing service needs. Pure. */
import { SHARE_DAYS } from '../sharing/rules.ts'

export interface ShareForm {
  label?: string | undefined
  scope?: string | undefined
  credentialIds?: string | string[] | undefined
  days?: string | undefined
}

export type ShareFormError = 'nothingChosen' | 'unknownCredential' | 'badDays'

export type ReadShareForm =
  | { ok: true, input: { scope: 'all' | 'chosen', credentialIds?: string[], expiresInDays: number, label?: string } }
  | { ok: false, error: ShareFormError }

/**
 * Reads the form: the label (trimmed; empty means none), everything or the chosen credentials,
 * and one of the offered numbers of days (30 when the field is left out).
 */
export function readShareForm (form: ShareForm): ReadShareForm {
  const days = form.days === undefined ? SHARE_DAYS.default : Number(form.days)
  if (!(SHARE_DAYS.choices as readonly number[]).includes(days)) return { ok: false, error: 'badDays' }
  const label = form.label?.trim() || undefined
  if (form.scope !== 'chosen') return { ok: true, input: { scope: 'all', expiresInDays: days, ...(label ? { label } : {}) } }
  const ids = form.credentialIds === undefined ? [] : [form.credentialIds].flat()
  if (ids.length === 0) return { ok: false, error: 'nothingChosen' }
  return { ok: true, input: { scope: 'chosen', credentialIds: ids, expiresInDays: days, ...(label ? { label } : {}) } }
}
