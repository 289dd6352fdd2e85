/*
 * The SQL written by hand: every other query goes through drizzle, as a prepared statement with
 * placeholders where it runs per request. A statement is here only where bench/data-access.ts
 * (`npm run bench:data-access`: CPU per call, raw beside the same drizzle prepared statement)
 * shows drizzle's row mapping costs a share of a hot path that has a target:
 * - the batch API's insert and its lookups per item (target: 0.4 of raw inserts of the same rows);
 * - the reads of a portfolio (target: p99 under 20 ms).
 * Column lists are made from the drizzle schema (`columns`), so a name cannot drift and a row's
 * type is the schema's; test/raw-sql.test.ts prepares each statement on a migrated database and
 * checks every result column against the schema.
 */
import { getTableColumns, type Column, type Table } from 'drizzle-orm'
import { catalogueChanges, completions, moduleVersions, modules, organisations, participantReferences, participants, pathways, skills, unitSkills, units } from './schema/index.ts'

type ColumnsOf<T extends Table> = T['_']['columns']
type Key<T extends Table> = keyof ColumnsOf<T> & keyof T['$inferSelect'] & string

/**
 * A row as better-sqlite3 gives it for these columns of `T`: the schema's types, except that a
 * JSON column comes as its text (parse it with `parsedColumn`).
 */
export type StoredRow<T extends Table, K extends Key<T>> = {
  [P in K]: ColumnsOf<T>[P]['_']['dataType'] extends 'json'
    ? (ColumnsOf<T>[P]['_']['notNull'] extends true ? string : string | null)
    : T['$inferSelect'][P]
}

const columnName = <T extends Table>(table: T, key: Key<T>): string => (getTableColumns(table)[key] as Column).name

/** `a.column_name as columnName, …` for these properties of the table, from its drizzle columns */
export function columns<T extends Table> (table: T, keys: ReadonlyArray<Key<T>>, alias?: string): string {
  return keys.map((key) => {
    const column = columnName(table, key)
    const name = alias ? `${alias}.${column}` : column
    return column === key ? name : `${name} as ${key}`
  }).join(', ')
}

/** The columns a new completion is written with, in order: the insert below and `completionParams` follow this list. */
const NEW_COMPLETION = ['id', 'participantId', 'unitId', 'moduleVersionId', 'providerId', 'completedOn', 'assessment', 'hostCompany',
  'workplaceAttestation', 'evidenceUrl', 'result', 'externalId', 'source', 'createdAt', 'createdBy'] as const satisfies ReadonlyArray<Key<typeof completions>>
type NewCompletionValues = Pick<typeof completions.$inferInsert, typeof NEW_COMPLETION[number]>

const completionColumns = getTableColumns(completions)
/** a value as drizzle writes it to this column (JSON as text) */
const stored = (key: keyof typeof completionColumns, value: unknown): unknown =>
  value === undefined || value === null ? null : completionColumns[key].mapToDriverValue(value as never)

/** The parameters of `RAW_SQL.insertCompletion` for a row, in order, as drizzle would write them. */
export function completionParams (row: NewCompletionValues): unknown[] {
  return NEW_COMPLETION.map((key) => stored(key, row[key]))
}

/** what a post under a known externalId is compared with */
export const STORED_COMPLETION = ['id', 'moduleVersionId', 'participantId', 'unitId', 'completedOn', 'assessment', 'hostCompany',
  'workplaceAttestation', 'evidenceUrl', 'result'] as const satisfies ReadonlyArray<Key<typeof completions>>
export type StoredCompletion = StoredRow<typeof completions, typeof STORED_COMPLETION[number]>

/** What `RAW_SQL.completionByExternalId` will read back of a row once it is written. */
export function storedCompletion (row: NewCompletionValues): StoredCompletion {
  return Object.fromEntries(STORED_COMPLETION.map((key) => [key, stored(key, row[key])])) as StoredCompletion
}

/** a completion as a portfolio reads it */
const PORTFOLIO_COMPLETION = ['id', 'unitId', 'moduleVersionId', 'completedOn', 'assessment', 'hostCompany', 'workplaceAttestation',
  'providerId'] as const satisfies ReadonlyArray<Key<typeof completions>>
export type PortfolioCompletionRow = StoredRow<typeof completions, typeof PORTFOLIO_COMPLETION[number]>

const PORTFOLIO_VERSION = ['id', 'moduleId', 'version', 'title', 'kind', 'hours'] as const satisfies ReadonlyArray<Key<typeof moduleVersions>>
export type PortfolioVersionRow = StoredRow<typeof moduleVersions, typeof PORTFOLIO_VERSION[number]> & StoredRow<typeof modules, 'providerId'>

const PORTFOLIO_UNIT = ['id', 'key', 'revision', 'title'] as const satisfies ReadonlyArray<Key<typeof units>>
export type PortfolioUnitRow = StoredRow<typeof units, typeof PORTFOLIO_UNIT[number]>

const PORTFOLIO_SKILL = ['id', 'name', 'kind', 'domain', 'level', 'escoUri'] as const satisfies ReadonlyArray<Key<typeof skills>>
export type PortfolioSkillRow = StoredRow<typeof skills, typeof PORTFOLIO_SKILL[number]>

const PORTFOLIO_PATHWAY = ['id', 'name', 'sector', 'requirement'] as const satisfies ReadonlyArray<Key<typeof pathways>>
export type PortfolioPathwayRow = StoredRow<typeof pathways, typeof PORTFOLIO_PATHWAY[number]>

export type ParticipantTarget = StoredRow<typeof participants, 'id' | 'regionId'>

export const RAW_SQL = {
  /**
   * A new completion, unless the provider already has one with this externalId (then nothing is
   * written: one index probe, not two). Parameters: `completionParams`. The bench's raw baseline
   * runs this statement too.
   */
  insertCompletion: `insert into completions (${NEW_COMPLETION.map((key) => columnName(completions, key)).join(', ')})
    values (${NEW_COMPLETION.map(() => '?').join(', ')}) on conflict (provider_id, external_id) do nothing`,
  /** (participantId) → ParticipantTarget */
  participantById: `select ${columns(participants, ['id', 'regionId'])} from participants where id = ?`,
  /** (organisationId, reference) → ParticipantTarget */
  participantByReference: `select ${columns(participants, ['id', 'regionId'], 'p')}
    from participant_references r join participants p on p.id = r.participant_id
    where r.organisation_id = ? and r.reference = ?`,
  /** (providerId, externalId) → StoredCompletion */
  completionByExternalId: `select ${columns(completions, STORED_COMPLETION)} from completions where provider_id = ? and external_id = ?`,

  /** () → the catalogue's change counter (pluck) */
  catalogueStamp: `select ${columns(catalogueChanges, ['changes'])} from catalogue_changes where id = 1`,
  /** (participantId) → PortfolioCompletionRow[]: the valid ones, from the participant index */
  portfolioCompletions: `select ${columns(completions, PORTFOLIO_COMPLETION)} from completions where participant_id = ? and voided_at is null`,
  /** (moduleVersionId) → PortfolioVersionRow */
  portfolioVersion: `select ${columns(moduleVersions, PORTFOLIO_VERSION, 'v')}, ${columns(modules, ['providerId'], 'm')}
    from module_versions v join modules m on m.id = v.module_id where v.id = ?`,
  /** (moduleVersionId) → PortfolioUnitRow[], in order */
  portfolioUnits: `select ${columns(units, PORTFOLIO_UNIT)} from units where module_version_id = ? order by position`,
  /** (moduleVersionId) → { unitId, skillId }[] in the order they were linked */
  portfolioUnitSkills: `select ${columns(unitSkills, ['unitId', 'skillId'], 's')}
    from unit_skills s join units u on u.id = s.unit_id where u.module_version_id = ? order by s.rowid`,
  /** (skillId) → PortfolioSkillRow */
  portfolioSkill: `select ${columns(skills, PORTFOLIO_SKILL)} from skills where id = ?`,
  /** (organisationId) → name (pluck) */
  organisationName: `select ${columns(organisations, ['name'])} from organisations where id = ?`,
  /** () → PortfolioPathwayRow[] */
  portfolioPathways: `select ${columns(pathways, PORTFOLIO_PATHWAY)} from pathways`,

  /**
   * () → [data_version, total_changes()] (raw): whether anything was written, by this connection
   * or another. Pragmas are outside the schema, so this one is SQL whatever it costs.
   */
  changeStamp: 'select data_version, total_changes() from pragma_data_version'
} as const

/** the tables the statements above read, by SQL name, for the test that checks them */
export const RAW_SQL_TABLES: readonly Table[] = [catalogueChanges, completions, moduleVersions, modules, organisations, participantReferences, participants, pathways, skills, unitSkills, units]
