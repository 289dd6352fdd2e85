import t from 'tap'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { PAGE_SIZE, openDatabase } from '../src/db/client.ts'
import { AUTOCHECKPOINT_BYTES, SAFETY_NET_BYTES, startCheckpointer } from '../src/db/checkpointer.ts'
import { pollUntil } from './helpers/time.ts'

const dir = mkdtempSync(join(tmpdir(), 'stapsteen-checkpointer-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

t.test('the checkpointer thread copies committed pages into the database file while the main connection does not', async (t) => {
  const path = join(dir, 'stapsteen.db')
  const db = openDatabase(path)
  const sqlite = db.$client
  // settle what the migrations wrote, so the file size before is known
  sqlite.pragma('wal_checkpoint(TRUNCATE)')
  const before = statSync(path).size
  const errors: string[] = []
  const checkpointer = startCheckpointer(sqlite, path, { intervalMs: 20, onError: (message) => errors.push(message) })
  t.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), SAFETY_NET_BYTES / 16_384, 'the main connection leaves checkpoints to the thread (512 MB of 16 KB pages)')

  // about 2 MB: far below the safety net, so only the thread can have moved it into the file
  sqlite.exec('create table filler (body blob)')
  const insert = sqlite.prepare('insert into filler (body) values (randomblob(4096))')
  sqlite.transaction(() => { for (let i = 0; i < 500; i++) insert.run() })()

  await pollUntil(() => statSync(path).size >= before + 2_000_000, { everyMs: 50 })
  const size = statSync(path).size
  t.ok(size >= before + 2_000_000, `the database file grew by ${size - before} bytes without a checkpoint on the main connection`)

  await checkpointer.stop()
  t.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), AUTOCHECKPOINT_BYTES / 16_384, 'after stop the main connection checkpoints by itself again (32 MB)')
  t.same(errors, [])
  t.equal(sqlite.prepare('select count(*) from filler').pluck().get(), 500, 'every row is still there')
  sqlite.close()
})

t.test('a new database file has 16 KB pages; an existing one keeps its own', async (t) => {
  const fresh = join(dir, 'fresh.db')
  const db = openDatabase(fresh)
  t.equal(db.$client.pragma('page_size', { simple: true }), PAGE_SIZE)
  t.equal(PAGE_SIZE, 16_384)
  db.$client.close()

  const old = join(dir, 'old.db')
  const made = new Database(old)
  made.pragma('page_size = 4096')
  made.exec('create table earlier (x)')
  made.close()
  const reopened = openDatabase(old)
  t.equal(reopened.$client.pragma('page_size', { simple: true }), 4096, 'pages are not changed under existing data')
  t.equal(reopened.$client.pragma('wal_autocheckpoint', { simple: true }), AUTOCHECKPOINT_BYTES / 4096, 'the WAL limit is in bytes, whatever the page size')
  t.equal(reopened.$client.prepare("select count(*) from sqlite_master where name = 'completions'").pluck().get(), 1, 'and it is migrated')
  reopened.$client.close()
})
