/*
 * Pure rules for outcomes: which record holds, which job a follow-up is about, and the
 * per-participant facts the figures count (what a new record may say is in checks.ts). No
 * Fastify, no database.
 */
import type { OutcomeKind } from '../../lib/vocabulary.ts'

/** The state of a record: it holds, a newer record corrects it, or it was retracted. */
export const OUTCOME_STATES = ['current', 'corrected', 'retracted'] as const
export type OutcomeState = typeof OUTCOME_STATES[number]

/** What the rules read of a stored record; the repository's rows fit. */
export interface OutcomeRecord {
  id: string
  kind: OutcomeKind
  startedOn: string | null
  months: number | null
  checkedOn: string | null
  jobOutcomeId: string | null
  corrects: string | null
  recordedAt: string
  /** set when the record was retracted */
  retractedAt: string | null
}

/**
 * `date` plus `months` calendar months; a day the later month lacks becomes its last day
 * (31 August + 6 months is 28 or 29 February).
 */
export function addMonths (date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = index % 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`
}

/**
 * The state of every record, and the record that corrects it: `corrected` when a newer record
 * names it in `corrects`, else `retracted` when it was retracted, else `current`.
 */
export function outcomeStates (records: readonly OutcomeRecord[]): Map<string, { state: OutcomeState, correctedBy: string | null }> {
  const correctedBy = new Map<string, string>()
  for (const r of records) if (r.corrects !== null) correctedBy.set(r.corrects, r.id)
  return new Map(records.map((r) => {
    const by = correctedBy.get(r.id) ?? null
    return [r.id, { state: by !== null ? 'corrected' : r.retractedAt !== null ? 'retracted' : 'current', correctedBy: by }]
  }))
}

/** The records that hold now: neither corrected by a newer one nor retracted. */
export function currentOutcomes<T extends OutcomeRecord> (records: readonly T[]): T[] {
  const states = outcomeStates(records)
  return records.filter((r) => states.get(r.id)!.state === 'current')
}

/**
 * The record that holds for the fact `id` was first recorded as: the end of its chain of
 * corrections, when that end is current; undefined when the chain ends in a retraction or `id`
 * names no record.
 */
export function currentVersionOf<T extends OutcomeRecord> (records: readonly T[], id: string): T | undefined {
  const byId = new Map(records.map((r) => [r.id, r]))
  const states = outcomeStates(records)
  let record = byId.get(id)
  for (let hops = 0; record && hops <= records.length; hops++) {
    const { state, correctedBy } = states.get(record.id)!
    if (state === 'current') return record
    if (state === 'retracted') return undefined
    record = byId.get(correctedBy!)
  }
  return undefined
}

/** Newest first: by the date the record is about, then by when it was recorded. */
const newestJobFirst = (a: OutcomeRecord, b: OutcomeRecord) =>
  (b.startedOn ?? '').localeCompare(a.startedOn ?? '') || b.recordedAt.localeCompare(a.recordedAt) || b.id.localeCompare(a.id)

/**
 * The job a follow-up is about, when the follow-up holds up against it: the job (as corrected
 * since) is current, is a `job-started`, and started at least `months` calendar months before
 * `checkedOn`. Undefined otherwise: the follow-up then no longer counts.
 */
export function jobOfFollowUp<T extends OutcomeRecord> (records: readonly T[], followUp: OutcomeRecord): T | undefined {
  const job = followUp.jobOutcomeId === null ? undefined : currentVersionOf(records, followUp.jobOutcomeId)
  const holds = job !== undefined && job.kind === 'job-started' && job.startedOn !== null &&
    addMonths(job.startedOn, followUp.months!) <= followUp.checkedOn!
  return holds ? job : undefined
}

/**
 * The job a follow-up without `jobOutcomeId` is about: of the participant's current `job-started`
 * records that started at least `months` months before `checkedOn`, the one that started last
 * (the job the participant most likely still holds); undefined when there is none.
 */
export function findJobToCheck<T extends OutcomeRecord> (records: readonly T[], months: number, checkedOn: string): T | undefined {
  return currentOutcomes(records)
    .filter((r) => r.kind === 'job-started' && r.startedOn !== null && addMonths(r.startedOn, months) <= checkedOn)
    .sort(newestJobFirst)[0]
}

/**
 * Into work by `at` (a date): the participant has a current `job-started` record whose job
 * started on or before `at`. Decided from the records as they stand now: a job retracted or
 * corrected to a later start since no longer counts, also for earlier dates.
 */
export function intoWork (records: readonly OutcomeRecord[], at: string): boolean {
  return currentOutcomes(records).some((r) => r.kind === 'job-started' && r.startedOn !== null && r.startedOn <= at)
}

/**
 * Still at work after `months` months: the participant has a current `still-at-work` record for
 * `months` or more (at 12 months counts for 6), checked on or before `at` when given, whose job
 * still holds up: it is current (as corrected since) and started at least the record's months
 * before the check. A follow-up of a job that was retracted or corrected to a later start does
 * not count.
 */
export function stillAtWorkAfter (records: readonly OutcomeRecord[], months: number, at?: string): boolean {
  return currentOutcomes(records).some((r) => r.kind === 'still-at-work' && r.months !== null && r.months >= months &&
    r.checkedOn !== null && (at === undefined || r.checkedOn <= at) && jobOfFollowUp(records, r) !== undefined)
}
