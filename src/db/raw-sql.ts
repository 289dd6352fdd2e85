/*
 * The SQL written by hand. Every other query goes through drizzle, as a prepared statement with
 * placeholders wherever it runs per request. A statement is here only where a benchmark shows
 * drizzle costs a share of a path with a target, or where drizzle cannot say it (a pragma).
 * `npm run bench:data-access` weighs each hot statement by hand beside drizzle (CPU per call,
 * medians of 9 interleaved rounds, median ratio of the rounds; 2 shared cores):
 *   units of a participant's valid completions (11)  25.2 / 53.6 µs (×2.15)  } once per item of
 *   insert of a completion                           12.5 / 16.5 µs (×1.32)  } a batch, whose
 *   participant by id                                 9.0 / 11.0 µs (×1.18)  } target is a ratio
 *                                                                             to raw inserts: here
 *   completion by externalId                          7.2 /  8.1 µs (×1.13)  } on a retry only, or
 *   module version                                   11.1 / 12.0 µs (×1.09)  } cached, or no
 *   a portfolio's completions (11)                  259   / 251   µs (×1.02)  } dearer: drizzle
 * Column names come from the drizzle schema, so they cannot drift; test/raw-sql.test.ts prepares
 * each statement on a migrated database and writes and reads a completion both ways.
 */
import { getTableColumns } from 'drizzle-orm'
import { completions, participants } from './schema/index.ts'

const completionColumns = getTableColumns(completions)
const participantColumns = getTableColumns(participants)

/** The columns a new completion is written with, in order: the insert and `completionParams` follow this list. */
const NEW_COMPLETION = ['id', 'participantId', 'unitId', 'moduleVersionId', 'providerId', 'completedOn', 'assessment', 'hostCompany',
  'workplaceAttestation', 'evidenceUrl', 'result', 'externalId', 'source', 'createdAt', 'createdBy'] as const satisfies ReadonlyArray<keyof typeof completionColumns>
type NewCompletionValues = Pick<typeof completions.$inferInsert, typeof NEW_COMPLETION[number]>

/** The parameters of `RAW_SQL.insertCompletion` for a row, in order, as drizzle would write them (JSON as text, missing as null). */
export function completionParams (row: NewCompletionValues): unknown[] {
  return NEW_COMPLETION.map((key) => {
    const value = row[key]
    return value === undefined || value === null ? null : completionColumns[key].mapToDriverValue(value as never)
  })
}

export const RAW_SQL = {
  /**
   * A new completion, unless the provider already has one with this externalId: then nothing is
   * written (one index probe, not two). Parameters: `completionParams`. The bench's raw baseline
   * runs this statement too.
   */
  insertCompletion: `insert into completions (${NEW_COMPLETION.map((key) => completionColumns[key].name).join(', ')})
    values (${NEW_COMPLETION.map(() => '?').join(', ')}) on conflict (provider_id, external_id) do nothing`,
  /** (participantId) → { id, regionId, enrolledBy, erasedAt }: the participant an item of a batch names, once per item */
  participantById: `select ${participantColumns.id.name}, ${participantColumns.regionId.name} as regionId, ${participantColumns.enrolledBy.name} as enrolledBy, ` +
    `${participantColumns.erasedAt.name} as erasedAt from participants where ${participantColumns.id.name} = ?`,
  /**
   * (participantId) → the unit ids of the participant's valid completions (pluck), from the
   * participant index alone: read for every completion recorded, to see whether it completes a
   * module.
   */
  validUnitsOfParticipant: `select ${completionColumns.unitId.name} from completions where ${completionColumns.participantId.name} = ? and ${completionColumns.voidedAt.name} is null`,
  /** () → [data_version, total_changes()] (raw): whether anything was written since, by this connection or another */
  changeStamp: 'select data_version, total_changes() from pragma_data_version'
} as const
