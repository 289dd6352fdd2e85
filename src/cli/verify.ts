import { existsSync, readFileSync } from 'node:fs'
import type { AppConfig } from '../config.ts'
import { openDatabase, type Db } from '../db/client.ts'
import { createIssuerKeys } from '../features/issuers/issuer-keys.ts'
import { createKeyStore } from '../features/issuers/keystore.ts'
import { createStatusLists } from '../features/status-lists/status-lists.ts'
import { keysFromDocument, resolverFromKeys } from '../features/verification/key-sets.ts'
import { createVerifyDeps } from '../features/verification/resolvers.ts'
import { CHECK_NAMES, type VerificationResult, type VerifyDeps } from '../features/verification/types.ts'
import { verifyCredential } from '../features/verification/verify.ts'
import type { Io } from './index.ts'

export const VERIFY_USAGE = 'usage: stapsteen verify <file> [--jwks <file or https URL>] [--status-list <file>]'

export interface VerifyFileOptions {
  file: string
  jwks?: string | undefined
  statusList?: string | undefined
}

/** Something the command could not read: exit 66 (EX_NOINPUT), or 64 for a usage error. */
class InputError extends Error {
  constructor (message: string, readonly exitCode: 64 | 66 = 66) { super(message) }
}

function readText (path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    throw new InputError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`)
  }
}

/** The JWKS (or DID document) from a file, or from an https URL: the command's only network use. */
async function loadKeys (source: string): Promise<VerifyDeps['resolveKey']> {
  let text: string
  if (/^https:\/\//i.test(source)) {
    try {
      const res = await fetch(source, { signal: AbortSignal.timeout(10_000), headers: { accept: 'application/json' } })
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      text = await res.text()
    } catch (err) {
      throw new InputError(`cannot fetch the JWKS at ${source}: ${(err as Error).message}`)
    }
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    throw new InputError('--jwks takes a file or an https URL', 64)
  } else {
    text = readText(source, 'the JWKS')
  }
  try {
    return resolverFromKeys(keysFromDocument(JSON.parse(text)))
  } catch (err) {
    throw new InputError(`${source} is not a JWKS or DID document: ${(err as Error).message}`)
  }
}

/** One line for a person: the outcome, then what failed or warned. */
export function summaryOf (result: VerificationResult): string {
  const list = (status: string) => CHECK_NAMES.filter((n) => result.checks[n].status === status)
    .map((n) => `${n}: ${result.checks[n].detail}`)
  const failed = list('failed')
  const warnings = list('warning')
  if (!result.verified) return `NOT verified: ${failed.join('; ')}`
  return `verified${result.issuer ? `: issued by ${result.issuer}` : ''}${warnings.length ? ` (warnings: ${warnings.join('; ')})` : ''}`
}

/**
 * `stapsteen verify <file>`: checks a credential offline with the same function as the API.
 * Keys come from `--jwks`, else from the local database's issuers; the status list from
 * `--status-list`, else from the local database. The local database is opened only when it
 * exists and is needed, never created. Prints the result as JSON on stdout and one line on stderr.
 * Exit codes: 0 verified, 1 not verified, 64 usage, 66 unreadable input.
 */
export async function verifyFile (config: AppConfig, options: VerifyFileOptions, io: Io): Promise<number> {
  let db: Db | undefined
  try {
    const input = readText(options.file, 'the credential file')
    const keysFromFile = options.jwks ? await loadKeys(options.jwks) : undefined
    const listFromFile = options.statusList ? readText(options.statusList, 'the status list').trim() : undefined

    const needsDb = !keysFromFile || listFromFile === undefined
    if (needsDb && config.databasePath !== ':memory:' && existsSync(config.databasePath)) db = openDatabase(config.databasePath)
    else if (!keysFromFile) io.err(`no --jwks given and no local database at ${config.databasePath}: no keys to check with`)

    const issuerKeys = db ? createIssuerKeys(db, createKeyStore(config), config.publicUrl, config.now) : undefined
    const local = createVerifyDeps({
      publicUrl: config.publicUrl,
      issuerKeys: issuerKeys ?? { findKey: () => undefined },
      // a list changed since it was last signed is signed now, with the issuer's key from DATA_DIR/keys
      statusLists: db && issuerKeys ? createStatusLists(db, issuerKeys, config.publicUrl, config.now) : { signedList: async () => undefined },
      ...(db ? { db } : {})
    }, config.now?.())
    const deps: VerifyDeps = {
      ...local,
      ...(keysFromFile ? { resolveKey: keysFromFile } : {}),
      // one list file answers for any URL: the verifier checks that the list names that URL
      ...(listFromFile !== undefined ? { fetchStatusList: async () => listFromFile } : {})
    }
    const result = await verifyCredential(input, deps)
    io.out(JSON.stringify(result, null, 2))
    io.err(summaryOf(result))
    return result.verified ? 0 : 1
  } catch (err) {
    if (!(err instanceof InputError)) throw err
    io.err(`stapsteen verify: ${err.message}`)
    if (err.exitCode === 64) io.err(VERIFY_USAGE)
    return err.exitCode
  } finally {
    db?.$client.close()
  }
}
