import { sqliteTable, text, integer, real, index, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { sql } from 'drizzle-orm'
import { apiKeys, organisations } from './access.ts'
import { participants } from './participants.ts'
import { CONTRACT_TYPES, OUTCOME_KINDS } from '../../lib/vocabulary.ts'

/**
 * What happened after learning, recorded by a coach: a job started, still at work at a follow-up,
 * further education started. Never changed once written: a correction is a new row that names
 * the one it `corrects`, a retraction a row of `outcome_retractions`. The columns of the other
 * kinds stay null.
 */
export const outcomes = sqliteTable('outcomes', {
  id: text('id').primaryKey(),
  participantId: text('participant_id').notNull().references(() => participants.id),
  kind: text('kind', { enum: OUTCOME_KINDS }).notNull(),
  // job-started
  /** the employer organisation, when it is one the service knows */
  employerId: text('employer_id').references(() => organisations.id),
  sector: text('sector'),
  contractType: text('contract_type', { enum: CONTRACT_TYPES }),
  hoursPerWeek: real('hours_per_week'),
  /** job-started and education-started */
  startedOn: text('started_on'),
  // still-at-work
  months: integer('months'),
  checkedOn: text('checked_on'),
  /** the job-started record the follow-up is about */
  jobOutcomeId: text('job_outcome_id').references((): AnySQLiteColumn => outcomes.id),
  // education-started
  programme: text('programme'),
  level: text('level'),
  /** the record this one corrects, which then counts as superseded */
  corrects: text('corrects').references((): AnySQLiteColumn => outcomes.id),
  recordedAt: text('recorded_at').notNull(),
  /** the API key that recorded it */
  recordedBy: text('recorded_by').notNull().references(() => apiKeys.id)
}, (t) => [
  index('outcomes_participant_idx').on(t.participantId, t.recordedAt, t.id),
  // a record is corrected at most once: a second correction must correct the first
  uniqueIndex('outcomes_corrects_uq').on(t.corrects).where(sql`corrects is not null`)
])

/** The retraction of an outcome that should never have been recorded: one per outcome, never undone. */
export const outcomeRetractions = sqliteTable('outcome_retractions', {
  outcomeId: text('outcome_id').primaryKey().references(() => outcomes.id),
  reason: text('reason').notNull(),
  retractedAt: text('retracted_at').notNull(),
  retractedBy: text('retracted_by').notNull().references(() => apiKeys.id)
})
