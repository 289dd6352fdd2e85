import Database from 'better-sqlite3'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AppConfig } from '../config.ts'
import { SAFE_SEGMENT } from '../features/issuers/keystore.ts'
import type { Io } from './index.ts'

export const BACKUP_USAGE = 'usage: stapsteen backup <new directory>'

/** Pages per step after the first: all of them, so the copy is one read of one snapshot (see `copyDatabase`). */
const ALL_PAGES = 0x7fffffff

/** A key file as the key store names it; its half-written temporaries (`….jwk.tmp-<pid>`) are not */
const isKeyFile = (name: string) => name.endsWith('.jwk') && SAFE_SEGMENT.test(name.slice(0, -4))

/**
 * Copies the live database with SQLite's online backup, from a read-only connection of its own.
 * The copy is made in one step: a backup in small steps starts over whenever another connection
 * writes between two steps, so under steady load it might never finish; one step reads a single
 * snapshot, and in WAL mode the service goes on writing meanwhile (its writes are not in the copy).
 */
async function copyDatabase (databasePath: string, file: string): Promise<void> {
  const source = new Database(databasePath, { readonly: true, fileMustExist: true })
  try {
    source.pragma('busy_timeout = 5000')
    await source.backup(file, { progress: () => ALL_PAGES })
  } finally {
    source.close()
  }
  chmodSync(file, 0o600)
}

/**
 * Copies the issuers' private keys (`keys/<issuer>/<key>.jwk`), folders 0700 and files 0600, as the
 * key store keeps them. Run after the database copy: the key store writes a private key before the
 * database names it, so every key the copied database names is on disk by then; a key made since
 * is copied too and stays unused. Half-written temporary files are skipped. Returns the files written.
 */
function copyKeys (dataDir: string, target: string): string[] {
  const from = join(dataDir, 'keys')
  const to = join(target, 'keys')
  mkdirSync(to, { mode: 0o700 })
  chmodSync(to, 0o700)
  if (!existsSync(from)) return []
  const written: string[] = []
  for (const issuer of readdirSync(from, { withFileTypes: true })) {
    if (!issuer.isDirectory() || !SAFE_SEGMENT.test(issuer.name)) continue
    const folder = join(to, issuer.name)
    mkdirSync(folder, { mode: 0o700 })
    chmodSync(folder, 0o700)
    for (const name of readdirSync(join(from, issuer.name))) {
      if (!isKeyFile(name)) continue
      const file = join(folder, name)
      writeFileSync(file, readFileSync(join(from, issuer.name, name)), { mode: 0o600, flag: 'wx', flush: true })
      chmodSync(file, 0o600)
      written.push(file)
    }
  }
  return written
}

/**
 * `stapsteen backup <dir>`: makes `<dir>` (mode 0700) holding `stapsteen.db`, a consistent copy of
 * the database made while the service may run and write, and `keys/`, the issuers' private keys.
 * The directory is a complete DATA_DIR: restoring is copying it into place (README, "Backups and
 * restore"). It never overwrites: an existing `<dir>` is refused. Lists each file written on
 * stdout, a summary on stderr.
 * Exit codes: 0 written, 64 bad usage, 66 no database in DATA_DIR, 73 `<dir>` exists or cannot be
 * made, 74 the copy failed (what it had written is removed).
 */
export async function backupDataDir (config: AppConfig, target: string, io: Io): Promise<number> {
  if (config.databasePath === ':memory:' || !existsSync(config.databasePath)) {
    io.err(`stapsteen backup: no database at ${config.databasePath} (set DATA_DIR to the service's data folder)`)
    return 66
  }
  try {
    // mkdir fails if anything is there already: the check and the claim are one step
    mkdirSync(target, { mode: 0o700 })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    io.err(code === 'EEXIST'
      ? `stapsteen backup: ${target} exists; a backup never overwrites, name a new directory`
      : `stapsteen backup: cannot make ${target} (${code === 'ENOENT' ? 'its parent folder does not exist' : code ?? 'error'})`)
    return 73
  }
  try {
    chmodSync(target, 0o700)
    const database = join(target, 'stapsteen.db')
    await copyDatabase(config.databasePath, database)
    const keys = copyKeys(config.dataDir, target)
    io.out(`${database}\t${statSync(database).size} bytes`)
    for (const file of keys) io.out(file)
    const issuers = new Set(keys.map((file) => file.split(/[\\/]/).at(-2))).size
    io.err(`stapsteen backup: wrote the database and ${keys.length} private key(s) of ${issuers} issuer(s) to ${target}; ` +
      'it is a complete DATA_DIR (see "Backups and restore" in README.md)')
    return 0
  } catch (err) {
    rmSync(target, { recursive: true, force: true })
    io.err(`stapsteen backup: failed, nothing kept at ${target}: ${(err as Error).message}`)
    return 74
  }
}
