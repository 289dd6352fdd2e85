import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { AUTOCHECKPOINT_BYTES, walPages } from './checkpointer.ts'
import * as schema from './schema/index.ts'
import { packagePath } from '../lib/package-root.ts'

/** bytes per database page, for databases this service creates */
export const PAGE_SIZE = 16_384

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

const migrationsFolder = packagePath('migrations')

/**
 * The connection settings the service runs with (the benchmark's raw baseline uses them too).
 * `synchronous = NORMAL` in WAL mode: a commit is in the WAL before the answer goes out, so a
 * crash of the process loses nothing acknowledged; the WAL is synced at each checkpoint (see
 * checkpointer.ts), so a power cut can roll back only what was committed since the last one.
 */
export function applyPragmas (sqlite: Database.Database, path: string): void {
  // for a new database only (an existing file keeps its page size): completions arrive by the
  // thousand and land all over the by-participant index, and larger pages mean fewer pages written
  sqlite.pragma(`page_size = ${PAGE_SIZE}`)
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  // completions are indexed by participant, so a bulk import touches pages all over that index:
  // a 64 MB page cache and fewer, larger checkpoints keep those pages from being written again and again
  sqlite.pragma('cache_size = -65536')
  sqlite.pragma(`wal_autocheckpoint = ${walPages(sqlite, AUTOCHECKPOINT_BYTES)}`)
  // after a checkpoint the WAL starts over; its file is cut back to this size
  sqlite.pragma('journal_size_limit = 67108864')
}

/**
 * Makes every transaction on this connection start with `BEGIN IMMEDIATE` unless it asks for
 * another kind: better-sqlite3's `transaction(fn)()` and drizzle's `db.transaction(cb)`, which
 * otherwise begin DEFERRED. A deferred transaction that reads and then writes holds a snapshot
 * when it asks for the write lock; if another connection (the CLI import, a second process)
 * holds that lock or committed meanwhile, SQLite answers SQLITE_BUSY at once instead of waiting
 * `busy_timeout`, since waiting could not make the snapshot current again. Taking the write lock
 * first waits its turn like a single statement does. A transaction that only reads says so
 * with `.deferred()` (nested ones become savepoints whatever they ask for).
 */
export function beginImmediateByDefault (db: Db): void {
  const sqlite = db.$client
  const transaction = sqlite.transaction.bind(sqlite)
  sqlite.transaction = ((fn: (...args: never[]) => unknown) => transaction(fn).immediate) as typeof sqlite.transaction
  const drizzleTransaction = db.transaction.bind(db)
  db.transaction = ((fn, config) => drizzleTransaction(fn, { behavior: 'immediate', ...config })) as typeof db.transaction
}

/**
 * Opens the database (a file, or ':memory:' for tests), sets the pragmas and applies every
 * migration synchronously, so the app never starts on an old schema. Every transaction on it
 * begins IMMEDIATE unless it asks otherwise (see `beginImmediateByDefault`).
 */
export function openDatabase (path: string): Db {
  // participants' data lives here: readable by the service's user only
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const sqlite = new Database(path)
  applyPragmas(sqlite, path)
  const db = drizzle({ client: sqlite, schema }) as Db
  beginImmediateByDefault(db)
  migrate(db, { migrationsFolder })
  return db
}

/**
 * A read-only connection to the database file beside the service's own, for a long read (the
 * programme's figures) in one consistent snapshot that never holds up the service's writes. A
 * small page cache: it reads each page about once.
 */
export function openReader (path: string): Db {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true })
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('cache_size = -2000')
  return drizzle({ client: sqlite, schema }) as Db
}
