/*
 * What every bench script shares: progress on stderr, numbers in the table, and waiting for a
 * forked process (the server, the load generator) to answer over IPC.
 */
import type { ChildProcess } from 'node:child_process'

export const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)

export const fmt = (n: number, digits = 0) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })

export const verdict = (ok: boolean) => ok ? 'PASS' : 'MISS'

/** The figures as a table on stdout: figure, value (right-aligned), goal, result. */
export function printTable (rows: Array<[string, string, string, string]>) {
  const header: [string, string, string, string] = ['figure', 'value', 'goal', 'result']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)).join('  ').trimEnd()
  process.stdout.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`)
}

/** The next message of `type` from a forked process; rejects when it exits first. */
export function nextMessage<M extends { type: string }, T extends M['type']> (child: ChildProcess, type: T, who: string): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: M) => {
      if (message.type !== type) return
      cleanup()
      resolve(message as Extract<M, { type: T }>)
    }
    const onExit = (code: number | null) => { cleanup(); reject(new Error(`${who} exited (${code}) before sending ${type}`)) }
    const cleanup = () => { child.off('message', onMessage); child.off('exit', onExit) }
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}
