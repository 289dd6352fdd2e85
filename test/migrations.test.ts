import t from 'tap'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { openDatabase } from '../src/db/client.ts'
import { createPortfolioRepository } from '../src/features/portfolio/repository.ts'
import { computePortfolio } from '../src/features/portfolio/compute.ts'

const migrations = fileURLToPath(new URL('../migrations', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'stapsteen-migrations-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

/** A database as the service left it before migration `last + 1`. */
function databaseUpTo (path: string, last: number) {
  const folder = join(dir, `migrations-${last}`)
  cpSync(migrations, folder, { recursive: true })
  const journalPath = join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ idx: number }> }
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx <= last) }))
  const sqlite = new Database(path)
  migrate(drizzle({ client: sqlite }), { migrationsFolder: folder })
  return sqlite
}

t.test('a database with completions from before 0004 is upgraded in place and keeps every row', async (t) => {
  const path = join(dir, 'old.db')
  const old = databaseUpTo(path, 3)
  t.equal(old.prepare("select count(*) from pragma_table_info('completions') where name = 'fingerprint'").pluck().get(), 1, 'the old table has a fingerprint')
  old.pragma('foreign_keys = OFF')
  const insert = old.prepare(`insert into completions (id, participant_id, unit_id, module_version_id, provider_id, completed_on,
    assessment, external_id, fingerprint, source, created_at, voided_at) values (?, 'ppt_1', ?, 'mv_1', 'org_1', '2026-01-05', 'test', ?, 'fp', 'api', '2026-01-05T09:00:00Z', ?)`)
  insert.run('cmp_1', 'unt_1', 'ext-1', null)
  insert.run('cmp_2', 'unt_2', 'ext-2', '2026-01-06T09:00:00Z')
  old.close()

  const db = openDatabase(path).$client
  t.strictSame(db.prepare('select id, unit_id as unitId, voided_at is not null as voided from completions order by id').all(),
    [{ id: 'cmp_1', unitId: 'unt_1', voided: 0 }, { id: 'cmp_2', unitId: 'unt_2', voided: 1 }], 'every completion is still there')
  t.equal(db.prepare("select count(*) from pragma_table_info('completions') where name = 'fingerprint'").pluck().get(), 0, 'the fingerprint is gone')
  t.match(db.prepare("select sql from sqlite_master where name = 'completions_participant_idx'").pluck().get(), /\(`participant_id`,`unit_id`\) WHERE voided_at is null/)
  t.strictSame(db.prepare("select unit_id from completions where participant_id = 'ppt_1' and voided_at is null").pluck().all(), ['unt_1'], 'the new index holds the valid completion')
  t.equal(db.prepare('select changes from catalogue_changes where id = 1').pluck().get(), 0, 'the catalogue counter starts')
  t.equal(db.prepare("select count(*) from sqlite_master where type = 'trigger' and name like 'catalogue_changed_%'").pluck().get(), 21)
  t.strictSame(db.prepare('pragma integrity_check').pluck().all(), ['ok'])
  db.close()
})

t.test('units made before revisions keep their identity across versions, and the portfolio counts completions on two versions at once', async (t) => {
  const path = join(dir, 'versions.db')
  const old = databaseUpTo(path, 6)
  old.pragma('foreign_keys = OFF')
  const at = '2026-01-05T09:00:00Z'
  old.prepare("insert into organisations (id, name, kind, created_at) values ('org_1', 'ROC van Twente', 'provider', ?)").run(at)
  old.prepare("insert into participants (id, region_id, display_name, created_at, updated_at) values ('ppt_1', 'reg_1', 'Fatima B.', ?, ?)").run(at, at)
  const skill = old.prepare("insert into skills (id, name, kind, created_at) values (?, ?, 'vocational', ?)")
  for (const [id, name] of [['skl_a', 'Veilig werken'], ['skl_b', 'Heftruck rijden'], ['skl_c', 'Orderpicken']]) skill.run(id, name, at)
  old.prepare("insert into modules (id, provider_id, code, created_at) values ('mod_1', 'org_1', 'VWM-01', ?)").run(at)
  const version = old.prepare(`insert into module_versions (id, module_id, version, status, title, kind, hours, learning_outcomes, created_at, updated_at, published_at)
    values (?, 'mod_1', ?, ?, ?, 'vocational', 16, '[]', ?, ?, ?)`)
  const unit = old.prepare('insert into units (id, module_version_id, key, title, position) values (?, ?, ?, ?, ?)')
  const link = old.prepare('insert into unit_skills (unit_id, skill_id) values (?, ?)')
  // v1 and v2 differ in title only; v3 maps les-2 to other skills; v4 (a draft) maps it back
  const plan: Array<[number, string, Array<[string, string[]]>]> = [
    [1, 'Magazijn', [['les-1', ['skl_a']], ['les-2', ['skl_a', 'skl_b']], ['les-3', ['skl_c']]]],
    [2, 'Magazijn (2026)', [['les-1', ['skl_a']], ['les-2', ['skl_b', 'skl_a']], ['les-3', ['skl_c']]]],
    [3, 'Magazijn (2027)', [['les-1', ['skl_a']], ['les-2', ['skl_b']], ['les-3', ['skl_c']]]],
    [4, 'Magazijn (2028)', [['les-1', ['skl_a']], ['les-2', ['skl_a', 'skl_b']]]]
  ]
  for (const [n, title, units] of plan) {
    version.run(`mvr_${n}`, n, n === 4 ? 'draft' : 'published', title, at, at, n === 4 ? null : at)
    for (const [i, [key, skills]] of units.entries()) {
      unit.run(`unt_${n}${i + 1}`, `mvr_${n}`, key, `Les ${i + 1}`, i)
      for (const s of skills) link.run(`unt_${n}${i + 1}`, s)
    }
  }
  const completion = old.prepare(`insert into completions (id, participant_id, unit_id, module_version_id, provider_id, completed_on,
    assessment, external_id, source, created_at) values (?, 'ppt_1', ?, ?, 'org_1', ?, 'test', ?, 'api', ?)`)
  completion.run('cmp_1', 'unt_11', 'mvr_1', '2026-01-05', 'ext-1', at)
  completion.run('cmp_2', 'unt_12', 'mvr_1', '2026-01-06', 'ext-2', at)
  completion.run('cmp_3', 'unt_23', 'mvr_2', '2026-02-01', 'ext-3', at)
  old.close()

  const db = openDatabase(path)
  const revisions = db.$client.prepare('select u.id, u.revision from units u order by u.id').all()
  t.strictSame(revisions.map((r: any) => [r.id, r.revision]), [
    ['unt_11', 1], ['unt_12', 1], ['unt_13', 1],
    ['unt_21', 1], ['unt_22', 1], ['unt_23', 1],
    ['unt_31', 1], ['unt_32', 2], ['unt_33', 1],
    ['unt_41', 1], ['unt_42', 1]
  ], 'same key and skills (in any order): the same revision; other skills: the next; skills back as before: that revision again')

  const portfolio = computePortfolio(createPortfolioRepository(db).readInput('ppt_1'))
  t.strictSame(portfolio.modules.map((m) => [m.version, m.title, m.status, m.unitsDone, m.unitsTotal, m.completedOn]),
    [[2, 'Magazijn (2026)', 'complete', 3, 3, '2026-02-01']], 'two units under version 1 and the third under version 2 complete version 2')
  t.match(portfolio.summary, { modulesComplete: 1, modulesInProgress: 0, unitsDone: 3 })
  t.equal(db.$client.prepare("select count(*) from sqlite_master where type = 'trigger' and name like 'catalogue_changed_%'").pluck().get(), 21, 'the catalogue triggers are kept')
  t.strictSame(db.$client.prepare('pragma integrity_check').pluck().all(), ['ok'])
  db.$client.close()
})
