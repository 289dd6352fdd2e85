import type { OutcomeRow } from './repository.ts'
import { outcomeStates } from './rules.ts'
import type { Outcome } from './schemas.ts'

/** The fields of the record's own kind, as the API shows them. */
type KindFields = Pick<Outcome, 'employerId' | 'sector' | 'contractType' | 'hoursPerWeek' | 'startedOn' | 'months' | 'checkedOn' | 'jobOutcomeId' | 'programme' | 'level'>
function kindFields (row: OutcomeRow): KindFields {
  switch (row.kind) {
    case 'job-started':
      return { employerId: row.employerId, sector: row.sector!, contractType: row.contractType!, hoursPerWeek: row.hoursPerWeek!, startedOn: row.startedOn! }
    case 'still-at-work':
      return { months: row.months! as Outcome['months'], checkedOn: row.checkedOn!, jobOutcomeId: row.jobOutcomeId! }
    case 'education-started':
      return { programme: row.programme!, level: row.level, startedOn: row.startedOn! }
  }
}

/** Every record of one participant as the API shows it, with its state and both links of its chain; in the order given. */
export function toOutcomeViews (rows: readonly OutcomeRow[]): Outcome[] {
  const states = outcomeStates(rows)
  return rows.map((row) => {
    const { state, correctedBy } = states.get(row.id)!
    return {
      id: row.id,
      participantId: row.participantId,
      kind: row.kind,
      ...kindFields(row),
      state,
      corrects: row.corrects,
      correctedBy,
      retraction: row.retractedAt === null ? null : { reason: row.retractionReason!, retractedAt: row.retractedAt, retractedBy: row.retractedBy! },
      recordedAt: row.recordedAt,
      recordedBy: row.recordedBy
    }
  })
}
