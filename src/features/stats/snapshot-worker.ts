/*
 * Counts the figures in a thread of its own, on a read-only connection in one read transaction,
 * so that the requests on the main thread never wait for it and the figures are one consistent
 * view of the database. Started by service.ts for each computation; posts the snapshot and ends.
 */
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import * as schema from '../../db/schema/index.ts'
import type { Db } from '../../db/client.ts'
import { computeSnapshot } from './compute.ts'
import type { Population } from './source.ts'

export interface SnapshotJob { databasePath: string, population: Population, now: string }

const job = workerData as SnapshotJob
const sqlite = new Database(job.databasePath, { readonly: true, fileMustExist: true })
try {
  sqlite.pragma('busy_timeout = 5000')
  const db = drizzle({ client: sqlite, schema }) as Db
  const snapshot = sqlite.transaction(() => computeSnapshot(db, job.population, new Date(job.now))).deferred()
  parentPort!.postMessage(snapshot)
} finally {
  sqlite.close()
}
