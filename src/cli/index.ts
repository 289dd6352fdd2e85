import { parseArgs } from 'node:util'
import { ConfigError, readConfig, toAppConfig, type AppConfig } from '../config.ts'
import { createKey } from './keys.ts'
import { rotateKey } from './rotate-key.ts'
import { runDemo } from './demo.ts'
import { importCompletions } from './import.ts'
import { VERIFY_USAGE, verifyFile } from './verify.ts'
import { BACKUP_USAGE, backupDataDir } from './backup.ts'
import { AUDIT_USAGE, verifyAuditTrail } from './audit.ts'

const USAGE = `usage: stapsteen <command> [options]

commands:
  keys create --role <role> [--organisation <id>] [--region <id|slug>] [--label <text>]
      make an API key and print it as the last line on stdout. Without --organisation only
      --role admin is allowed: a service-wide admin (or, with --region, an admin of one region).
  keys rotate --issuer <organisation id|programme> [--alg ES256|EdDSA]
      make a new signing key for the issuer and print its kid on stdout; the old key is retired
      and stays published, so what it signed keeps verifying.
  demo [--new-keys]
      seed the Twente demo region (idempotent) and print its API keys
  import <file.csv> --provider <organisation id|name> [--dry-run]
      record the completions in a CSV file for a training provider, as the API would; errors per
      row on stderr, a JSON summary on stdout. --dry-run checks every row and stores nothing.
  verify <file> [--jwks <file or https URL>] [--status-list <file>]
      check a credential (a compact JWT, or JSON) offline, as POST /v1/verify does. Keys from the
      JWKS or DID document given (fetched when it is an https URL: the only network use), else from
      the local database; the status list from the file given, else from the local database.
      The result as JSON on stdout, one line on stderr; exit 0 verified, 1 not, 66 unreadable file.
  backup <new directory>
      copy the database (online: the service may run and write) and the issuers' private keys into
      a new directory, which is a complete DATA_DIR to restore from. Never overwrites (exit 73).
  audit verify
      check the audit trail's hash chain in the local database: exit 0 intact, 1 broken (the
      first broken event named by id and position, and why), 66 no database.

environment: DATA_DIR (default ./data), PUBLIC_URL (https on a host name when NODE_ENV=production); see README.md`

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
  if (command === 'keys' && sub === 'rotate') {
    const { values } = parseArgs({ args: rest, options: { issuer: { type: 'string' }, alg: { type: 'string' } }, strict: true })
    return rotateKey(config, values, io)
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
  if (command === 'verify') {
    let parsed
    try {
      parsed = parseArgs({
        args: [sub, ...rest].filter((a): a is string => a !== undefined),
        options: { jwks: { type: 'string' }, 'status-list': { type: 'string' } },
        allowPositionals: true,
        strict: true
      })
    } catch (err) {
      io.err(`stapsteen verify: ${(err as Error).message}`)
      parsed = undefined
    }
    if (!parsed || parsed.positionals.length !== 1) {
      io.err(VERIFY_USAGE)
      return 64
    }
    return verifyFile(config, { file: parsed.positionals[0]!, jwks: parsed.values.jwks, statusList: parsed.values['status-list'] }, io)
  }
  if (command === 'backup') {
    const args = [sub, ...rest].filter((a): a is string => a !== undefined)
    // one plain argument: a directory name starting with '-' is taken for an option, so refused
    if (args.length !== 1 || args[0]!.startsWith('-')) {
      io.err(BACKUP_USAGE)
      return 64
    }
    return backupDataDir(config, args[0]!, io)
  }
  if (command === 'audit') {
    if (sub !== 'verify' || rest.length > 0) {
      io.err(AUDIT_USAGE)
      return 64
    }
    return verifyAuditTrail(config, io)
  }
  io.err(USAGE)
  return command === undefined || command === 'help' || command === '--help' ? 0 : 64
}

/**
 * `stapsteen <command>` as a terminal runs it: settings from the environment, output to stdout and
 * stderr; resolves to the exit code. bin/stapsteen.js calls it from the build (dist/cli/index.js).
 */
export async function main (argv: string[]): Promise<number> {
  const io: Io = {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    ...(process.stderr.isTTY ? { progress: (frame: string) => process.stderr.write(frame) } : {})
  }
  try {
    const config = { ...toAppConfig(readConfig(process.env)), logLevel: 'silent' as const }
    return await runCli(argv, config, io)
  } catch (err) {
    io.err(err instanceof ConfigError || (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
      ? `stapsteen: ${err.message}`
      : `stapsteen: ${err instanceof Error ? err.stack : String(err)}`)
    return err instanceof ConfigError ? 78 : 64
  }
}

// `tsx src/cli/index.ts` (npm run cli) runs it directly
const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href
if (isMain) process.exitCode = await main(process.argv.slice(2))
