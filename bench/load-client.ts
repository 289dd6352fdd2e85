/*
 * Starts the forked load generator (bench/load.ts) and runs it: what bench/index.ts and
 * bench/verify.ts share.
 */
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Expect, FromLoad, LoadRequest, ToLoad } from './load.ts'
import { nextMessage } from './report.ts'

export type LoadResult = Extract<FromLoad, { type: 'result' }>

export interface LoadGenerator {
  /** sends at most `requests` requests, none started after `ms` when given */
  run: (requests: number, ms?: number) => Promise<LoadResult>
  close: () => void
}

export async function startLoad (base: string, requests: LoadRequest[], concurrency: number, expect: Expect): Promise<LoadGenerator> {
  const child = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  const next = <T extends FromLoad['type']>(type: T) => nextMessage<FromLoad, T>(child, type, 'the load generator')
  child.send({ type: 'init', base, requests, concurrency, expect } satisfies ToLoad)
  await next('ready')
  return {
    run: async (count, ms) => {
      child.send({ type: 'run', requests: count, ...(ms === undefined ? {} : { ms }) } satisfies ToLoad)
      return await next('result')
    },
    close: () => { child.kill() }
  }
}
