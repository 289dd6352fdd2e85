import { Type, type Static } from '@sinclair/typebox'
import { PageOf } from '../../lib/pagination.ts'
import { IdString, Nullable, StringEnum, Text } from '../../lib/typebox.ts'
import { AT_WORK_MONTHS, CONTRACT_TYPES, OUTCOME_KINDS, type AtWorkMonths } from '../../lib/vocabulary.ts'
import { OUTCOME_STATES } from './rules.ts'

const DateOnly = (description: string) => Type.String({ format: 'date', description: `YYYY-MM-DD: ${description}` })
const OutcomeId = (description: string) => IdString('otc', { description })
const Months = (description: string) => Type.Unsafe<AtWorkMonths>({ type: 'integer', enum: [...AT_WORK_MONTHS], description })
const Timestamp = Type.String({ format: 'date-time' })

const corrects = Type.Optional(OutcomeId('the record this one corrects: an outcome of the same participant and kind that holds now. ' +
  'A correction repeats every field, changed or not; the corrected record then counts as superseded'))

export const JobStartedBody = Type.Object({
  kind: Type.Literal('job-started'),
  employerId: Type.Optional(IdString('org', { description: 'the employer, when it is an organisation of kind `employer` active in the participant\'s region' })),
  sector: Text(80, { description: 'the sector, in your own words, e.g. `logistiek`, `zorg`' }),
  contractType: StringEnum(CONTRACT_TYPES, { description: '`flex`: on call or through an agency; `apprenticeship`: a job with learning (leerwerkbaan, BBL)' }),
  hoursPerWeek: Type.Number({ minimum: 1, maximum: 60, description: 'the hours of the contract per week' }),
  startedOn: DateOnly('the first day of work; not in the future, not before the participant was enrolled'),
  corrects
}, { additionalProperties: false, title: 'job-started', description: 'The participant started a job.' })

export const StillAtWorkBody = Type.Object({
  kind: Type.Literal('still-at-work'),
  months: Months('the follow-up: 3, 6 or 12 months after the job started'),
  checkedOn: DateOnly('the day the coach checked; at least `months` calendar months after the job started, not in the future'),
  jobOutcomeId: Type.Optional(OutcomeId('the job-started record it is about; when left out, the current job that started last, ' +
    'at least `months` months before `checkedOn`')),
  corrects
}, { additionalProperties: false, title: 'still-at-work', description: 'At a follow-up, the participant is still at work.' })

export const EducationStartedBody = Type.Object({
  kind: Type.Literal('education-started'),
  programme: Text(160, { description: 'the education or training, e.g. `MBO Logistiek medewerker`' }),
  level: Type.Optional(Text(40, { description: 'its level, in your own words, e.g. `mbo 2`, `NT2 B1`' })),
  startedOn: DateOnly('the first day; not in the future, not before the participant was enrolled'),
  corrects
}, { additionalProperties: false, title: 'education-started', description: 'The participant started further education.' })

export type OutcomeInput = Static<typeof JobStartedBody> | Static<typeof StillAtWorkBody> | Static<typeof EducationStartedBody>

/**
 * One outcome, by `kind`. The tag is declared at the top as well as in each branch, so a missing
 * or unknown kind is one clear field error (`#/kind`); Ajv's discriminator then checks only the
 * branch the kind names, so the errors are that branch's alone.
 */
export const RecordOutcomeBody = Type.Unsafe<OutcomeInput>({
  type: 'object',
  required: ['kind'],
  properties: { kind: StringEnum(OUTCOME_KINDS, { description: 'what happened; the other fields follow from it' }) },
  discriminator: { propertyName: 'kind' },
  oneOf: [JobStartedBody, StillAtWorkBody, EducationStartedBody]
})

export const RetractOutcomeBody = Type.Object({
  reason: Text(500, { description: 'why the record should never have been made, e.g. `bij de verkeerde deelnemer geregistreerd`' })
}, { additionalProperties: false })

export const OutcomeParams = Type.Object({
  participantId: Type.String({ maxLength: 64 }),
  outcomeId: Type.String({ maxLength: 64 })
})

export const OutcomeSchema = Type.Object({
  id: OutcomeId('outcome id'),
  participantId: IdString('ppt'),
  kind: StringEnum(OUTCOME_KINDS),
  employerId: Type.Optional(Nullable(IdString('org', { description: 'job-started' }))),
  sector: Type.Optional(Type.String({ description: 'job-started' })),
  contractType: Type.Optional(StringEnum(CONTRACT_TYPES, { description: 'job-started' })),
  hoursPerWeek: Type.Optional(Type.Number({ description: 'job-started' })),
  startedOn: Type.Optional(Type.String({ format: 'date', description: 'job-started, education-started' })),
  months: Type.Optional(Months('still-at-work')),
  checkedOn: Type.Optional(Type.String({ format: 'date', description: 'still-at-work' })),
  jobOutcomeId: Type.Optional(OutcomeId('still-at-work: the job-started record it is about, as named or as found when recorded')),
  programme: Type.Optional(Type.String({ description: 'education-started' })),
  level: Type.Optional(Nullable(Type.String({ description: 'education-started' }))),
  state: StringEnum(OUTCOME_STATES, {
    description: '`current`: it holds; `corrected`: a newer record (`correctedBy`) holds instead; `retracted`: it should never have been recorded'
  }),
  corrects: Nullable(OutcomeId('the record this one corrects')),
  correctedBy: Nullable(OutcomeId('the record that corrects this one')),
  retraction: Nullable(Type.Object({ reason: Type.String(), retractedAt: Timestamp, retractedBy: Type.String({ description: 'the API key id' }) })),
  recordedAt: Timestamp,
  recordedBy: Type.String({ description: 'the API key id that recorded it' })
}, { $id: 'Outcome' })
export type Outcome = Static<typeof OutcomeSchema>

const location = { location: Type.String({ description: 'where the outcome can be read: `/v1/participants/{participantId}/outcomes/{outcomeId}`' }) }

/** A new outcome, and where it can be read again. */
export const RecordedOutcome = Type.Object(OutcomeSchema.properties, { description: 'Recorded', headers: location })

export const OutcomeList = PageOf(Type.Ref('Outcome'))
