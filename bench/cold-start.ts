/*
 * `npm run bench:cold-start`: how long the service takes from spawn to its first GET /health 200,
 * on a database holding the bench's data (100,000 participants, 2,000,000 completions written
 * straight to the file). The old `npm start` (tsx on the sources) beside the new one (node on
 * dist/, which the npm script builds first), in alternating runs after one untimed run of each, so
 * that both meet warm file caches (tsx's transform cache included). Figures, not a test.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import Database from 'better-sqlite3'
import { applyPragmas } from '../src/db/client.ts'
import { packagePath } from '../src/lib/package-root.ts'
import { fmt, log, printTable, verdict } from './report.ts'
import { SERVICE_NODE_FLAGS, benchConfig, completionInserter, completionRows, seedDatabase } from './seed.ts'
import { BATCH_SIZE, COMPLETIONS, median } from './workload.ts'

const GOAL_MS = 1_500
const RUNS = 5
const START_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 15_000

const tsx = createRequire(import.meta.url).resolve('tsx/cli')
/**
 * Node's arguments for each way of starting the service, with the flags `npm start` gives, and the
 * folder it starts in. COLD_START_BEFORE names a checkout of older code to start beside them
 * (through tsx, as its `npm start` did), on the same database.
 */
const STARTS: Record<string, { cwd: string, args: string[] }> = {
  'tsx src/server.ts': { cwd: packagePath(), args: [tsx, ...SERVICE_NODE_FLAGS, packagePath('src', 'server.ts')] },
  'node dist/server.js': { cwd: packagePath(), args: [...SERVICE_NODE_FLAGS, packagePath('dist', 'server.js')] }
}
const before = process.env.COLD_START_BEFORE
if (before) STARTS[`before: tsx ${before}/src/server.ts`] = { cwd: before, args: [tsx, ...SERVICE_NODE_FLAGS, join(before, 'src', 'server.ts')] }
type Start = string

async function seed (dir: string): Promise<void> {
  const databasePath = join(dir, 'stapsteen.db')
  log(`seeding ${dir}: catalogue through the API, 100,000 participants and 2,000,000 completions directly`)
  const t0 = performance.now()
  const seeded = await seedDatabase(benchConfig(databasePath, dir))
  const sqlite = new Database(databasePath)
  try {
    applyPragmas(sqlite, databasePath)
    const insertAll = completionInserter(sqlite)
    for (let start = 0; start < COMPLETIONS; start += BATCH_SIZE) insertAll(completionRows(seeded, start))
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    sqlite.close()
  }
  log(`  seeded in ${fmt((performance.now() - t0) / 1000, 1)} s: ${fmt(statSync(databasePath).size / 1024 / 1024)} MB`)
}

function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')))
    })
  })
}

/** Spawns the service, times it to its first /health 200, then stops it (its process group: tsx runs a second Node). */
async function timeStart (start: Start, dir: string): Promise<number> {
  const port = await freePort()
  const t0 = performance.now()
  const { cwd, args } = STARTS[start]!
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true
  })
  let hasExited = false
  const exited = new Promise<void>((resolve) => child.once('exit', () => { hasExited = true; resolve() }))
  try {
    while (true) {
      if (hasExited) throw new Error(`${start} exited before answering /health`)
      if (performance.now() - t0 > START_TIMEOUT_MS) throw new Error(`${start} did not answer /health within ${START_TIMEOUT_MS / 1000} s`)
      const status = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status, () => 0)
      if (status === 200) return performance.now() - t0
      await sleep(5)
    }
  } finally {
    if (!hasExited) {
      process.kill(-child.pid!, 'SIGTERM')
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), STOP_TIMEOUT_MS)
      await exited
      clearTimeout(timer)
    }
  }
}

async function main (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'stapsteen-cold-start-'))
  try {
    await seed(dir)
    const starts = Object.keys(STARTS) as Start[]
    const times = new Map(starts.map((s) => [s, [] as number[]]))
    for (const start of starts) log(`untimed first run of ${start}: ${fmt(await timeStart(start, dir))} ms`)
    for (let run = 1; run <= RUNS; run++) {
      for (const start of run % 2 ? starts : [...starts].reverse()) {
        const ms = await timeStart(start, dir)
        times.get(start)!.push(ms)
        log(`run ${run}, ${start}: ${fmt(ms)} ms`)
      }
    }
    const medians = new Map(starts.map((s) => [s, median(times.get(s)!)]))
    printTable(starts.map((start) => start === 'node dist/server.js'
      ? [`${start}: spawn to /health 200, median of ${RUNS} (ms)`, fmt(medians.get(start)!), `< ${fmt(GOAL_MS)}`, verdict(medians.get(start)! < GOAL_MS)]
      : [`${start}: the same (ms)`, fmt(medians.get(start)!), '-', 'info']))
    process.stdout.write(`${JSON.stringify({ coldStartMs: Object.fromEntries(starts.map((s) => [s, { median: Math.round(medians.get(s)!), runs: times.get(s)!.map(Math.round) }])) })}\n`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:cold-start failed: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
