/** Pure rules for participants: no Fastify, no database. */
import type { CodeWithStatus } from '../../lib/problems.ts'

import type { ConsentPurpose } from '../../lib/vocabulary.ts'

/** The consent a share link for employers needs; withdrawing it withdraws the links. */
export const SHARE_CONSENT = 'share-with-employers' satisfies ConsentPurpose

/** The consent an organisation other than the enrolling one needs to read the participant's data. */
export const DATA_EXCHANGE = 'data-exchange' satisfies ConsentPurpose

/** Purposes that name the party the data goes to; the others must not name one. */
export const PURPOSES_WITH_ORGANISATION: readonly ConsentPurpose[] = ['data-exchange']

const BSN_WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2, -1] as const

/**
 * True when `text` looks like a Dutch citizen service number (BSN): exactly nine digits, once
 * spaces, dots and hyphens are left out, that pass the elfproef (9·d1 + 8·d2 + … + 2·d8 − 1·d9 is
 * a multiple of 11). Such text is refused wherever a free identifier is accepted, because the
 * service never stores national ID numbers. It errs on the side of refusing: about one in eleven
 * nine-digit numbers passes the check.
 */
export function looksLikeBsn (text: string): boolean {
  const digits = text.replace(/[\s.-]/g, '')
  if (!/^[0-9]{9}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < 9; i++) sum += BSN_WEIGHTS[i]! * Number(digits[i])
  return sum % 11 === 0
}

export const BSN_REFUSED = 'this looks like a BSN (citizen service number); Stapsteen never stores national ID numbers: use your own reference, e.g. a student number'

export interface ConsentRecord {
  id: string
  purpose: ConsentPurpose
  organisationId: string | null
  given: boolean
  recordedAt: string
}

/**
 * The consent that holds now: per (purpose, organisation) the newest record, by recordedAt and
 * then id (ids made later sort later, also within one millisecond). Sorted by purpose, then
 * organisation, so the view is stable.
 */
export function currentConsents<T extends ConsentRecord> (records: readonly T[]): T[] {
  const newest = new Map<string, T>()
  for (const r of records) {
    const key = `${r.purpose}\u0000${r.organisationId ?? ''}`
    const seen = newest.get(key)
    if (!seen || r.recordedAt > seen.recordedAt || (r.recordedAt === seen.recordedAt && r.id > seen.id)) newest.set(key, r)
  }
  return [...newest.values()].sort((a, b) =>
    a.purpose.localeCompare(b.purpose) || (a.organisationId ?? '').localeCompare(b.organisationId ?? ''))
}

/**
 * True when consent for `purpose` holds now: the newest record for it (and for `organisationId`,
 * for a purpose that names the party) gives it. Never given, or withdrawn, is false.
 */
export function consentHolds (records: readonly ConsentRecord[], purpose: ConsentPurpose, organisationId: string | null = null): boolean {
  return currentConsents(records).some((c) => c.purpose === purpose && c.organisationId === organisationId && c.given)
}

/** A check on a consent body: the code and pointer of what is wrong, or undefined. */
export interface ConsentIssue { code: CodeWithStatus<400>, detail: string, pointer: string }

export function checkConsentParty (purpose: ConsentPurpose, organisationId: string | undefined): ConsentIssue | undefined {
  const needsParty = PURPOSES_WITH_ORGANISATION.includes(purpose)
  if (needsParty && organisationId === undefined) {
    return { code: 'organisation-required', detail: `consent for ${purpose} names the organisation the data goes to`, pointer: '#/organisationId' }
  }
  if (!needsParty && organisationId !== undefined) {
    return { code: 'organisation-not-allowed', detail: `consent for ${purpose} is not given to one organisation; leave out organisationId`, pointer: '#/organisationId' }
  }
  return undefined
}

/**
 * The time to store as updatedAt: now, or one millisecond after the previous value when the clock
 * has not moved on, so that every change is visible as a later updatedAt.
 */
export function nextTimestamp (previous: string, now: Date = new Date()): string {
  const before = Date.parse(previous)
  return (now.getTime() > before ? now : new Date(before + 1)).toISOString()
}
