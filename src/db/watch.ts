import type Database from 'better-sqlite3'

export interface WriteWatch {
  stop: () => void
}

/**
 * Calls `onChange` when another connection (the CLI import, a second process) has committed to
 * the database since the last look. `PRAGMA data_version` changes only for other connections'
 * commits, and reading it touches no page, so a look every `intervalMs` costs next to nothing.
 * The timer is unreferenced: it never keeps the process alive.
 */
export function watchOtherWriters (sqlite: Database.Database, onChange: () => void, intervalMs = 500): WriteWatch {
  const version = () => sqlite.pragma('data_version', { simple: true }) as number
  let last = version()
  const timer = setInterval(() => {
    if (!sqlite.open) return
    const now = version()
    if (now === last) return
    last = now
    onChange()
  }, intervalMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
