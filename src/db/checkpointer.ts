import type Database from 'better-sqlite3'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** The WAL size at which the main connection checkpoints when no checkpointer runs (SQLite's default is 4 MB). */
export const AUTOCHECKPOINT_BYTES = 32 * 1024 * 1024
/**
 * While the checkpointer runs, the main connection checkpoints only if the WAL ever grows this far
 * (it holds up to about 200 MB during a bulk import: the thread's passive checkpoints cannot start
 * the file over while writes keep coming).
 */
export const SAFETY_NET_BYTES = 512 * 1024 * 1024

/** `bytes` of WAL in the connection's pages, as `wal_autocheckpoint` counts (page sizes differ per file). */
export function walPages (sqlite: Database.Database, bytes: number): number {
  return Math.max(1, Math.round(bytes / (sqlite.pragma('page_size', { simple: true }) as number)))
}

/**
 * Runs in its own thread with its own connection: every interval, a passive checkpoint copies
 * what the WAL holds into the database file. Passive never waits for readers or blocks the writer.
 * Kept as plain CommonJS text so that the thread needs no TypeScript loader.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path)
db.pragma('busy_timeout = 5000')
db.pragma('synchronous = ' + workerData.synchronous)
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) })
  }
}, workerData.intervalMs)
parentPort.on('message', (message) => {
  if (message !== 'stop') return
  clearInterval(timer)
  db.close()
  parentPort.close()
})
`

export interface Checkpointer {
  /** Ends the thread; the main connection checkpoints by itself again. */
  stop: () => Promise<void>
}

/**
 * Moves WAL checkpoints off the event loop: copying pages into the database file and syncing it
 * takes tens of milliseconds on a slow disk, and would otherwise land in whichever request's
 * commit crossed the threshold. Only for a database file in WAL mode.
 */
export function startCheckpointer (sqlite: Database.Database, path: string, options: {
  intervalMs?: number
  onError?: (message: string) => void
} = {}): Checkpointer {
  const synchronous = sqlite.pragma('synchronous', { simple: true }) as number
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), path, synchronous, intervalMs: options.intervalMs ?? 200 }
  })
  worker.unref()
  sqlite.pragma(`wal_autocheckpoint = ${walPages(sqlite, SAFETY_NET_BYTES)}`)
  const restore = () => { if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${walPages(sqlite, AUTOCHECKPOINT_BYTES)}`) }
  worker.on('message', (message: { error?: string }) => { if (message.error) options.onError?.(message.error) })
  worker.on('error', (err) => { options.onError?.(err.message) })
  const exited = new Promise<void>((resolve) => worker.once('exit', () => { restore(); resolve() }))
  return {
    async stop () {
      // held until it has closed its connection (unreferenced, it would not keep the process waiting)
      worker.ref()
      worker.postMessage('stop')
      await exited
    }
  }
}
