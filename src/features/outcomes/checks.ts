/*
 * What a new outcome may say: pure checks on a posted record against the participant's records,
 * each problem with its code and pointer; and the natural key that makes a retry safe. No
 * Fastify, no database.
 */
import type { StatusAndCode } from '../../lib/problems.ts'
import type { ContractType, OutcomeKind } from '../../lib/vocabulary.ts'
import { BSN_REFUSED, looksLikeBsn } from '../participants/rules.ts'
import { addMonths, currentVersionOf, findJobToCheck, outcomeStates, type OutcomeRecord } from './rules.ts'
import type { OutcomeInput } from './schemas.ts'

/** What is wrong with a new record: the code (with its status), the field and why. */
export type OutcomeIssue = StatusAndCode & { pointer: string, detail: string }

/** The dates a record of its kind is about, with their pointers. */
function datesOf (input: OutcomeInput): Array<[string, string]> {
  return input.kind === 'still-at-work' ? [['#/checkedOn', input.checkedOn]] : [['#/startedOn', input.startedOn]]
}

/**
 * Checks that need only the dates: no date after today (Amsterdam) and none before the day the
 * participant was enrolled.
 */
export function checkDates (input: OutcomeInput, today: string, enrolledOn: string): OutcomeIssue[] {
  const issues: OutcomeIssue[] = []
  for (const [pointer, date] of datesOf(input)) {
    if (date > today) issues.push({ status: 400, code: 'date-in-future', pointer, detail: `${date} is after today (${today})` })
    else if (date < enrolledOn) issues.push({ status: 400, code: 'date-before-enrolment', pointer, detail: `${date} is before the participant was enrolled (${enrolledOn})` })
  }
  return issues
}

/** Why a record named in `pointer` cannot be built on: corrected by a newer one, or retracted. */
export function notCurrent (records: readonly OutcomeRecord[], id: string, pointer: string): OutcomeIssue | undefined {
  const { state, correctedBy } = outcomeStates(records).get(id)!
  if (state === 'corrected') {
    const head = currentVersionOf(records, id)
    const newest = head ? `; its current version is ${head.id}` : '; its chain of corrections ends in a retraction'
    return { status: 409, code: 'outcome-superseded', pointer, detail: `outcome ${id} was corrected by ${correctedBy}${newest}` }
  }
  if (state === 'retracted') return { status: 409, code: 'outcome-retracted', pointer, detail: `outcome ${id} was retracted` }
  return undefined
}

/**
 * Checks on `corrects`: it names a record of this participant, of the same kind, that holds now
 * (a correction corrects the newest version; a retracted record is not corrected).
 */
export function checkCorrection (input: OutcomeInput, records: readonly OutcomeRecord[]): OutcomeIssue[] {
  if (input.corrects === undefined) return []
  const target = records.find((r) => r.id === input.corrects)
  if (!target) {
    return [{ status: 400, code: 'unknown-outcome', pointer: '#/corrects', detail: `outcome ${input.corrects} does not exist or is not this participant's` }]
  }
  if (target.kind !== input.kind) {
    return [{ status: 400, code: 'correction-kind-mismatch', pointer: '#/kind', detail: `outcome ${target.id} is a ${target.kind}; its correction is a ${target.kind} too` }]
  }
  const issue = notCurrent(records, target.id, '#/corrects')
  return issue ? [issue] : []
}

/**
 * The job a `still-at-work` record is about: the one it names, which must be a current
 * `job-started` of this participant that started at least `months` months before `checkedOn`;
 * or, when it names none, the one {@link findJobToCheck} finds.
 */
export function resolveJob (input: OutcomeInput & { kind: 'still-at-work' }, records: readonly OutcomeRecord[]): { jobId: string } | { issue: OutcomeIssue } {
  const { months, checkedOn, jobOutcomeId } = input
  const pointer = '#/jobOutcomeId'
  if (jobOutcomeId === undefined) {
    const found = findJobToCheck(records, months, checkedOn)
    if (found) return { jobId: found.id }
    return {
      issue: {
        status: 409,
        code: 'no-job-to-check',
        pointer,
        detail: `the participant has no current job-started outcome that started at least ${months} months before ${checkedOn}; record the job first`
      }
    }
  }
  const job = records.find((r) => r.id === jobOutcomeId)
  if (!job) return { issue: { status: 400, code: 'unknown-outcome', pointer, detail: `outcome ${jobOutcomeId} does not exist or is not this participant's` } }
  if (job.kind !== 'job-started') return { issue: { status: 400, code: 'not-a-job', pointer, detail: `outcome ${jobOutcomeId} is a ${job.kind}, not a job-started` } }
  const issue = notCurrent(records, job.id, pointer)
  if (issue) return { issue }
  const from = addMonths(job.startedOn!, months)
  if (from > checkedOn) {
    return {
      issue: {
        status: 400,
        code: 'job-too-recent',
        pointer: '#/checkedOn',
        detail: `the job started on ${job.startedOn}; a check at ${months} months is on ${from} or later`
      }
    }
  }
  return { jobId: job.id }
}

/** The columns a record of any kind fills: those of other kinds are null. */
export interface OutcomeFields {
  kind: OutcomeKind
  employerId: string | null
  sector: string | null
  contractType: ContractType | null
  hoursPerWeek: number | null
  startedOn: string | null
  months: number | null
  checkedOn: string | null
  jobOutcomeId: string | null
  programme: string | null
  level: string | null
  corrects: string | null
}

/** What a posted record says, as it is stored: text trimmed, the fields of other kinds null. */
export function fieldsOf (input: OutcomeInput): OutcomeFields {
  const none = {
    employerId: null,
    sector: null,
    contractType: null,
    hoursPerWeek: null,
    startedOn: null,
    months: null,
    checkedOn: null,
    jobOutcomeId: null,
    programme: null,
    level: null
  }
  const corrects = input.corrects ?? null
  switch (input.kind) {
    case 'job-started':
      return {
        ...none,
        kind: input.kind,
        employerId: input.employerId ?? null,
        sector: input.sector.trim(),
        contractType: input.contractType,
        hoursPerWeek: input.hoursPerWeek,
        startedOn: input.startedOn,
        corrects
      }
    case 'still-at-work':
      return { ...none, kind: input.kind, months: input.months, checkedOn: input.checkedOn, jobOutcomeId: input.jobOutcomeId ?? null, corrects }
    case 'education-started':
      return { ...none, kind: input.kind, programme: input.programme.trim(), level: input.level?.trim() ?? null, startedOn: input.startedOn, corrects }
  }
}

/**
 * Whether a post says what a stored record says: the natural key that makes a retry safe. Every
 * field counts, `corrects` too; a follow-up posted without `jobOutcomeId` matches whichever job
 * the stored one was found for.
 */
export function sameOutcome (posted: OutcomeFields, stored: OutcomeFields): boolean {
  return (Object.keys(posted) as Array<keyof OutcomeFields>).every((key) =>
    (key === 'jobOutcomeId' && posted.jobOutcomeId === null) || posted[key] === stored[key])
}

/**
 * Checks on the employer a job names: an organisation of kind `employer` active in the
 * participant's region; one of another region is answered exactly as one that does not exist.
 */
export function checkEmployer (employer: { kind: string, regionIds: readonly string[] } | undefined, employerId: string, regionId: string): OutcomeIssue[] {
  const pointer = '#/employerId'
  if (!employer || !employer.regionIds.includes(regionId)) {
    return [{ status: 400, code: 'unknown-employer', pointer, detail: `organisation ${employerId} does not exist or is not active in the participant's region` }]
  }
  if (employer.kind !== 'employer') return [{ status: 400, code: 'not-an-employer', pointer, detail: `organisation ${employerId} is a ${employer.kind}, not an employer` }]
  return []
}

/** Free text that looks like a BSN is refused, as everywhere in the service. */
export function checkTexts (fields: OutcomeFields): OutcomeIssue[] {
  return (['sector', 'programme', 'level'] as const).filter((key) => fields[key] !== null && looksLikeBsn(fields[key]))
    .map((key) => ({ status: 400, code: 'looks-like-bsn', pointer: `#/${key}`, detail: BSN_REFUSED }))
}
