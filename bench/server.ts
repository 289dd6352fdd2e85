/*
 * The service under test, forked by bench/index.ts so that its memory and CPU are its own: it
 * listens on 127.0.0.1 (random port), says so over IPC, answers `report` with its peak RSS and
 * outbox so far, and `stop` with a last report before it exits.
 */
import { dirname } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.ts'
import { benchConfig } from './seed.ts'

export type ToServer = { type: 'report' } | { type: 'stop' }
export interface ServerReport {
  type: 'report'
  maxRssMb: number
  rssMb: number
  heapUsedMb: number
  /** CPU time (user + system) the server process has used so far */
  cpuMs: number
  /** domain events not yet handled (credentials waiting to be issued), when the table exists */
  unhandledEvents: number | null
  credentials: number | null
  /** the latest count of the programme's figures that ended: its wall time and when it began */
  statsCount: { durationMs: number, asOf: string } | null
}
export type FromServer = { type: 'listening', port: number } | ServerReport

const mb = (bytes: number) => bytes / 1024 / 1024

function count (app: FastifyInstance, sql: string): number | null {
  try {
    return app.db.$client.prepare(sql).pluck().get() as number
  } catch {
    return null
  }
}

function report (app: FastifyInstance): ServerReport {
  const usage = process.memoryUsage()
  const cpu = process.cpuUsage()
  return {
    type: 'report',
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rssMb: mb(usage.rss),
    heapUsedMb: mb(usage.heapUsed),
    cpuMs: (cpu.user + cpu.system) / 1000,
    unhandledEvents: count(app, 'select count(*) from domain_events where handled_at is null'),
    credentials: count(app, 'select count(*) from credentials'),
    statsCount: app.stats.lastCount() ?? null
  }
}

async function main (): Promise<void> {
  const databasePath = process.argv[2]
  if (!databasePath || !process.send) throw new Error('usage: forked by bench/index.ts with a database path')
  const send = (message: FromServer, then?: () => void) => process.send!(message, undefined, {}, () => then?.())
  const app = await buildApp(benchConfig(databasePath, dirname(databasePath)))
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')

  process.on('message', (message: ToServer) => {
    // stop does not wait for app.close(): that would drain the whole credential backlog first,
    // and the database is thrown away anyway
    if (message.type === 'report') send(report(app))
    else if (message.type === 'stop') send(report(app), () => process.exit(0))
  })
  // the bench is gone: never outlive it
  process.on('disconnect', () => process.exit(0))
  send({ type: 'listening', port: address.port })
}

main().catch((err: unknown) => {
  process.stderr.write(`bench server failed: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
