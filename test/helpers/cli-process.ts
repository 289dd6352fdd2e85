import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/** `stapsteen import` as an operator runs it: another process, with its own connection to the same file. */
export function importInAnotherProcess (dir: string, csv: string, provider: string) {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli')
  const entry = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url))
  const child = spawn(process.execPath, [tsx, entry, 'import', csv, '--provider', provider], {
    env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = new Promise<{ code: number | null, stdout: string, stderr: string }>((resolve) => {
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
  return { child, exited }
}
