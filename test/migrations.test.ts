import t from 'tap'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { openDatabase } from '../src/db/client.ts'

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
