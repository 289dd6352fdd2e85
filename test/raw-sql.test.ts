import t from 'tap'
import { getTableColumns, getTableName } from 'drizzle-orm'
import { openDatabase } from '../src/db/client.ts'
import { RAW_SQL, RAW_SQL_TABLES, columns, completionParams, storedCompletion } from '../src/db/raw-sql.ts'
import { completions, moduleVersions, modules, organisations, participants, regions, units } from '../src/db/schema/index.ts'

/** the drizzle property of each SQL column, per SQL table */
const propertyOf = new Map(RAW_SQL_TABLES.map((table) => [getTableName(table),
  new Map(Object.entries(getTableColumns(table)).map(([key, column]) => [column.name, key]))]))

t.test('every statement written by hand names columns of the schema, under their drizzle names', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.$client.close())
  for (const [name, text] of Object.entries(RAW_SQL)) {
    // preparing fails on a table or column the migrated database does not have
    const statement = db.$client.prepare(text)
    if (!statement.reader) continue
    for (const column of statement.columns()) {
      if (name === 'changeStamp') continue // a pragma: outside the schema
      const properties = propertyOf.get(column.table ?? '')
      t.ok(properties, `${name}: ${column.name} comes from a table of the schema (${column.table})`)
      const property = properties?.get(column.column ?? '')
      t.equal(column.name, property, `${name}: ${column.table}.${column.column} is read as ${property}`)
    }
  }
})

t.test('the column lists come from the schema', async (t) => {
  t.equal(columns(completions, ['id', 'unitId', 'hostCompany']), 'id, unit_id as unitId, host_company as hostCompany')
  t.equal(columns(completions, ['participantId'], 'c'), 'c.participant_id as participantId')
  t.match(RAW_SQL.insertCompletion, /^insert into completions \(id, participant_id, unit_id, module_version_id, provider_id, completed_on, assessment, host_company,\s+workplace_attestation, evidence_url, result, external_id, source, created_at, created_by\)/)
})

t.test('a completion written by hand reads back through drizzle as it was given, and as storedCompletion says', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.$client.close())
  const now = '2026-12-06T10:00:00.000Z'
  const sqlite = db.$client
  db.insert(regions).values({ id: 'reg_1', slug: 'twente', name: 'Twente', createdAt: now }).run()
  db.insert(organisations).values({ id: 'org_1', name: 'ROC van Twente', kind: 'provider', createdAt: now }).run()
  db.insert(participants).values({ id: 'ppt_1', regionId: 'reg_1', displayName: 'Fatima', createdAt: now, updatedAt: now }).run()
  db.insert(modules).values({ id: 'mod_1', providerId: 'org_1', code: 'VWM', createdAt: now }).run()
  db.insert(moduleVersions).values({
    id: 'mv_1', moduleId: 'mod_1', version: 1, status: 'published', title: 'Veilig werken', kind: 'basic', hours: 16, learningOutcomes: ['Leest borden'], createdAt: now, updatedAt: now
  }).run()
  db.insert(units).values({ id: 'unt_1', moduleVersionId: 'mv_1', key: 'les-1', position: 0, title: 'Borden lezen' }).run()
  const row = {
    id: 'cmp_1',
    participantId: 'ppt_1',
    unitId: 'unt_1',
    moduleVersionId: 'mv_1',
    providerId: 'org_1',
    completedOn: '2026-12-01',
    assessment: 'workplace' as const,
    hostCompany: { name: 'Bakkerij Jansen', kvkNumber: '12345678' },
    workplaceAttestation: { name: 'J. de Vries', role: 'praktijkopleider', statement: 'Werkt veilig met de heftruck.' },
    evidenceUrl: null,
    result: { passed: true, grade: '8' },
    externalId: 'ext-1',
    source: 'api' as const,
    createdAt: now,
    createdBy: null
  }
  const insert = sqlite.prepare(RAW_SQL.insertCompletion)
  t.equal(insert.run(...completionParams(row)).changes, 1, 'the row is written')
  t.equal(insert.run(...completionParams({ ...row, id: 'cmp_2' })).changes, 0, 'the same externalId writes nothing')
  const read = db.select().from(completions).all()
  t.same(read, [{ ...row, voidedAt: null, voidReason: null, voidedBy: null }], 'drizzle reads what was written by hand')
  t.same(sqlite.prepare(RAW_SQL.completionByExternalId).get('org_1', 'ext-1'), storedCompletion(row))
})
