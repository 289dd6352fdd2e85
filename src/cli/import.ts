import { readFileSync } from 'node:fs'
import { setTimeout as delay } from 'node:timers/promises'
import { wallClock, type AppConfig } from '../config.ts'
import { openDatabase, type Db } from '../db/client.ts'
import { createRecorder } from '../features/completions/recorder.ts'
import { storedRecordOf, type CompletionRepository, type StoredRecord } from '../features/completions/repository.ts'
import { createCredentialQueue } from '../features/credentials/queue.ts'
import { createCredentialRepository } from '../features/credentials/repository.ts'
import { createOutbox } from '../features/outbox/outbox.ts'
import { createApiKeyRepository } from '../features/organisations/key-repository.ts'
import { createOrganisationRepository } from '../features/organisations/repository.ts'
import { createAuditTrail, operatorEvent } from '../features/audit/trail.ts'
import type { Principal } from '../lib/principal.ts'
import { checkHeader, completionFromRow, CsvFileError, decodeCsvText, describeRowError, readCsv, type CsvColumn, type CsvRow, type RowError } from './csv-rows.ts'
import type { Io } from './index.ts'
import { createProgress } from './progress.ts'

/** Rows per transaction: a crash loses at most this many, and readers are never held up long. */
export const ROWS_PER_TRANSACTION = 1000

/**
 * After each transaction the import leaves the write lock free for as long as it held it. A
 * service writing to the same file waits for the lock (busy_timeout), but SQLite's wait looks
 * again only every 100 ms or so: an import that took the lock back at once would keep it from
 * the service until its wait ran out (an error, answered as a 500). Half the time free makes
 * every such wait end within a few looks.
 */
const lockShare = (heldMs: number) => delay(Math.max(1, heldMs))

export interface ImportOptions { file: string, provider: string, dryRun: boolean }
export interface ImportSummary { rows: number, created: number, duplicate: number, error: number, dryRun: boolean }

class DryRunRollback extends Error {}

/**
 * For a dry run whose transactions are rolled back one by one: what an earlier transaction would
 * have created stays known, so that a later row with the same externalId is a duplicate or a
 * conflict, as in the real import. Compared as stored (see `storedRecordOf`).
 */
function rememberAcrossRollbacks (repo: CompletionRepository): void {
  const created = new Map<string, StoredRecord>()
  const keyOf = (providerId: string, externalId: string) => `${providerId}\n${externalId}`
  const { insertNew, findByExternalId } = repo
  repo.insertNew = (row) => {
    const key = keyOf(row.providerId, row.externalId)
    if (created.has(key) || !insertNew(row)) return false
    created.set(key, storedRecordOf(row))
    return true
  }
  repo.findByExternalId = (providerId, externalId) => findByExternalId(providerId, externalId) ?? created.get(keyOf(providerId, externalId))
}

/** The provider organisation the import acts for, by id or by exact name, as a Principal. */
function providerPrincipal (db: Db, provider: string): Principal | string {
  const organisations = createOrganisationRepository(db)
  const org = organisations.findById(provider) ?? organisations.findByName(provider)
  if (!org) return `no organisation ${provider}`
  if (org.kind !== 'provider') return `organisation ${org.id} (${org.name}) is a ${org.kind}, not a provider`
  return {
    keyId: 'cli-import',
    role: 'provider',
    organisationId: org.id,
    regionIds: createApiKeyRepository(db).regionIdsOfOrganisation(org.id)
  }
}

/**
 * `stapsteen import <file.csv> --provider <id> [--dry-run]`: every row goes through the recorder
 * the API uses, in transactions of 1,000 rows; good rows are stored, bad rows reported on stderr.
 * A dry run does the same, but rolls each transaction back and remembers what it would have
 * created, so it reports exactly what the real import would (including duplicates within the
 * file) and stores nothing; like the import, it leaves the write lock free between transactions.
 * Exit codes: 0 every row fine, 65 bad rows or a bad file, 66 the file cannot be read.
 */
export async function importCompletions (config: AppConfig, options: ImportOptions, io: Io): Promise<number> {
  const fail = (message: string, code = 65) => { io.err(`stapsteen import: ${message}`); return code }
  let bytes: Buffer
  try {
    bytes = readFileSync(options.file)
  } catch (err) {
    return fail(`cannot read ${options.file}: ${(err as Error).message}`, 66)
  }
  let header: string[]
  let rows: CsvRow[]
  try {
    ({ header, rows } = readCsv(decodeCsvText(bytes)))
  } catch (err) {
    if (err instanceof CsvFileError) return fail(`${options.file}: ${err.message}`)
    throw err
  }
  const checked = checkHeader(header)
  if (!checked.ok) return fail(`${options.file}: nothing imported; ${checked.problems.join('; ')}`)

  const db = openDatabase(config.databasePath)
  try {
    const principal = providerPrincipal(db, options.provider)
    if (typeof principal === 'string') return fail(`--provider: ${principal}`)
    const summary = await runRows(db, principal, checked.columns, rows, options.dryRun, io, config.now)
    io.err(`stapsteen import: ${summary.rows} rows: ${summary.created} created, ${summary.duplicate} duplicate, ${summary.error} with errors` +
      (options.dryRun ? ' (dry run: nothing stored)' : ''))
    io.out(JSON.stringify(summary))
    return summary.error > 0 ? 65 : 0
  } finally {
    db.$client.close()
  }
}

async function runRows (db: Db, principal: Principal, columns: CsvColumn[], rows: CsvRow[], dryRun: boolean, io: Io, now?: () => Date): Promise<ImportSummary> {
  // as in the service: a completion that makes a credential due queues it in its transaction
  const queue = createCredentialQueue(createCredentialRepository(db), createOutbox(db))
  const { repo, recorder } = createRecorder(db, queue.completionRecorded, now)
  const audit = createAuditTrail(db)
  const importEvent = () => operatorEvent('completion.import', { targetType: 'completion', targetId: null }, principal.organisationId, (now ?? wallClock)())
  const progress = createProgress(rows.length, io.progress)
  const summary: ImportSummary = { rows: rows.length, created: 0, duplicate: 0, error: 0, dryRun }

  const report = (row: number, errors: RowError[]) => {
    summary.error++
    progress.clear()
    for (const error of errors) io.err(describeRowError(row, error))
  }
  let done = 0
  const runSlice = (start: number) => {
    for (const { row, cells } of rows.slice(start, start + ROWS_PER_TRANSACTION)) {
      const { body, errors } = completionFromRow(columns, cells)
      const outcome = errors.length > 0 ? { ok: false as const, errors } : recorder.record(principal, body, 'csv')
      if (outcome.ok) summary[outcome.status]++
      else report(row, outcome.errors)
      progress.update(++done)
    }
  }
  const rolledBack = (start: number) => {
    try {
      repo.transaction(() => { runSlice(start); throw new DryRunRollback() })
    } catch (err) {
      if (!(err instanceof DryRunRollback)) throw err
    }
  }
  if (dryRun) rememberAcrossRollbacks(repo)

  progress.update(0)
  for (let start = 0; start < rows.length; start += ROWS_PER_TRANSACTION) {
    const t0 = performance.now()
    if (dryRun) rolledBack(start)
    // one audit event per stored transaction, in it: as one for a batch request
    else repo.transaction(() => { runSlice(start); audit.append([importEvent()]) })
    if (start + ROWS_PER_TRANSACTION < rows.length) await lockShare(performance.now() - t0)
  }
  progress.clear()
  return summary
}
