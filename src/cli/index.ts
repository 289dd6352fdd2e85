import { parseArgs } from 'node:util'
import { ConfigError, readConfig, toAppConfig, type AppConfig } from '../config.ts'
import { createKey } from './keys.ts'
import { runDemo } from './demo.ts'
import { importCompletions } from './import.ts'

const USAGE = `usage: stapsteen <command> [options]

commands:
  keys create --role <role> [--organisation <id>] [--region <id|slug>] [--label <text>]
      make an API key and print it as the last line on stdout. Without --organisation only
      --role admin is allowed: a service-wide admin (or, with --region, an admin of one region).
  demo [--new-keys]
      seed the Twente demo region (idempotent) and print its API keys
  import <file.csv> --provider <organisation id|name> [--dry-run]
      record the completions in a CSV file for a training provider, as the API would; errors per
      row on stderr, a JSON summary on stdout. --dry-run checks every row and stores nothing.

environment: DATA_DIR (default ./data), PUBLIC_URL; see README.md`

/** Output goes through these two, so commands can be tested without a terminal. */
export interface Io {
  out: (line: string) => void
  err: (line: string) => void
  /** set only when stderr is a terminal: draws a progress frame in place, without a newline */
  progress?: (frame: string) => void
}

export async function runCli (argv: string[], config: AppConfig, io: Io): Promise<number> {
  const [command, sub, ...rest] = argv
  if (command === 'keys' && sub === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: { role: { type: 'string' }, organisation: { type: 'string' }, region: { type: 'string' }, label: { type: 'string' } },
      strict: true
    })
    return createKey(config, values, io)
  }
  if (command === 'demo') {
    const { values } = parseArgs({ args: [sub, ...rest].filter((a): a is string => a !== undefined), options: { 'new-keys': { type: 'boolean' } }, strict: true })
    return runDemo(config, { newKeys: values['new-keys'] ?? false }, io)
  }
  if (command === 'import') {
    const { values, positionals } = parseArgs({
      args: [sub, ...rest].filter((a): a is string => a !== undefined),
      options: { provider: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      allowPositionals: true,
      strict: true
    })
    if (positionals.length !== 1 || !values.provider) {
      io.err('usage: stapsteen import <file.csv> --provider <organisation id|name> [--dry-run]')
      return 64
    }
    return importCompletions(config, { file: positionals[0]!, provider: values.provider, dryRun: values['dry-run'] ?? false }, io)
  }
  io.err(USAGE)
  return command === undefined || command === 'help' || command === '--help' ? 0 : 64
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href
if (isMain) {
  const io: Io = {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    ...(process.stderr.isTTY ? { progress: (frame: string) => process.stderr.write(frame) } : {})
  }
  try {
    const config = { ...toAppConfig(readConfig(process.env)), logLevel: 'silent' as const }
    process.exitCode = await runCli(process.argv.slice(2), config, io)
  } catch (err) {
    io.err(err instanceof ConfigError || (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
      ? `stapsteen: ${err.message}`
      : `stapsteen: ${err instanceof Error ? err.stack : String(err)}`)
    process.exitCode = err instanceof ConfigError ? 78 : 64
  }
}
