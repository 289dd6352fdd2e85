import t from 'tap'
import { eq, getTableColumns } from 'drizzle-orm'
import { openDatabase } from '../src/db/client.ts'
import { RAW_SQL, completionParams } from '../src/db/raw-sql.ts'
import { completions, moduleVersions, modules, organisations, participants, regions, units } from '../src/db/schema/index.ts'

t.test('every statement written by hand prepares on the migrated database', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.$client.close())
  // preparing fails on a table or column the database does not have
  for (const [name, text] of Object.entries(RAW_SQL)) t.ok(db.$client.prepare(text), name)
  const stamp = db.$client.prepare(RAW_SQL.changeStamp).raw()
  const before = stamp.get()
  db.select().from(regions).all()
  t.same(stamp.get(), before, 'a read leaves the change stamp as it was')
  db.insert(regions).values({ id: 'reg_1', slug: 'twente', name: 'Twente', createdAt: '2026-12-06T10:00:00.000Z' }).run()
  t.notSame(stamp.get(), before, 'a write changes it')
})

t.test('the insert names the columns of the schema, in the order of its parameters', async (t) => {
  const names = /^insert into completions \(([^)]*)\)/.exec(RAW_SQL.insertCompletion)![1]!.split(', ')
  const schema = Object.fromEntries(Object.entries(getTableColumns(completions)).map(([key, column]) => [column.name, key]))
  t.same(names.map((name) => schema[name]), ['id', 'participantId', 'unitId', 'moduleVersionId', 'providerId', 'completedOn', 'assessment',
    'hostCompany', 'workplaceAttestation', 'evidenceUrl', 'result', 'externalId', 'source', 'createdAt', 'createdBy'])
  t.equal(RAW_SQL.insertCompletion.split('?').length - 1, names.length, 'one parameter per column')
})

t.test('a completion written by hand reads back through drizzle as it was given', async (t) => {
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
  t.same(insert.run(...completionParams({ ...row, id: 'cmp_3', externalId: 'ext-3', hostCompany: null, result: undefined })).changes, 1, 'missing details are written as null')
  t.same(db.select({ hostCompany: completions.hostCompany, result: completions.result }).from(completions).where(eq(completions.id, 'cmp_3')).get(), { hostCompany: null, result: null })
})
