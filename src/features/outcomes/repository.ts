import { desc, eq, getTableColumns, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { organisations, outcomeRetractions, outcomes } from '../../db/schema/index.ts'

/** A stored outcome as written: every column, those of other kinds null. */
export type NewOutcome = typeof outcomes.$inferSelect
export type NewRetraction = typeof outcomeRetractions.$inferSelect

/** An outcome with its retraction, if any, and the name of the employer it names. */
export interface OutcomeRow extends NewOutcome {
  employerName: string | null
  retractedAt: string | null
  retractionReason: string | null
  retractedBy: string | null
}

/**
 * Outcomes and their retractions. Both tables are append-only: a record is never changed, so
 * there is nothing here that updates or deletes.
 */
export function createOutcomeRepository (db: Db) {
  const ofParticipant = db.select({
    ...getTableColumns(outcomes),
    employerName: organisations.name,
    retractedAt: outcomeRetractions.retractedAt,
    retractionReason: outcomeRetractions.reason,
    retractedBy: outcomeRetractions.retractedBy
  }).from(outcomes)
    .leftJoin(organisations, eq(organisations.id, outcomes.employerId))
    .leftJoin(outcomeRetractions, eq(outcomeRetractions.outcomeId, outcomes.id))
    .where(eq(outcomes.participantId, sql.placeholder('participantId')))
    .orderBy(desc(outcomes.recordedAt), desc(outcomes.id))
    .prepare()
  // every column a placeholder of its own name: a record is written whole
  const placeholders = Object.fromEntries(Object.keys(getTableColumns(outcomes)).map((column) => [column, sql.placeholder(column)]))
  const insertOutcome = db.insert(outcomes).values(placeholders as Record<keyof NewOutcome, ReturnType<typeof sql.placeholder>>).prepare()
  const insertRetraction = db.insert(outcomeRetractions).values({
    outcomeId: sql.placeholder('outcomeId'),
    reason: sql.placeholder('reason'),
    retractedAt: sql.placeholder('retractedAt'),
    retractedBy: sql.placeholder('retractedBy')
  }).prepare()

  return {
    /** Every record of the participant, corrected and retracted ones too, newest first. */
    ofParticipant: (participantId: string): OutcomeRow[] => ofParticipant.all({ participantId }),
    insert: (row: NewOutcome): void => { insertOutcome.run({ ...row }) },
    retract: (row: NewRetraction): void => { insertRetraction.run({ ...row }) }
  }
}
export type OutcomeRepository = ReturnType<typeof createOutcomeRepository>
