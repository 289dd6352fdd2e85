/*
 * Whether a statement written in SQL by hand (src/db/raw-sql.ts) earns its place: each one beside
 * the same statement as a drizzle prepared statement with placeholders, on the same rows, in one
 * process. Not a test: figures go to stdout, progress to stderr. `npm run bench:data-access`,
 * about a minute on 2 cores (DATA_ROUNDS=5 for a quicker look).
 *
 * The world: the credential benches' provider and one-unit module, plus a ten-unit module, with
 * 256 participants who each hold 11 completions of the two versions (a portfolio's reads).
 * Figures are CPU µs of the process per call, the median of interleaved rounds; the ratio is the
 * median of each round's own drizzle/raw.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { buildApp } from '../src/app.ts'
import { completions, moduleVersions, modules, participants } from '../src/db/schema/index.ts'
import { RAW_SQL, completionParams } from '../src/db/raw-sql.ts'
import { createApiKeyRepository } from '../src/features/organisations/key-repository.ts'
import { issueApiKey } from '../src/features/organisations/keys.ts'
import { newId } from '../src/lib/ids.ts'
import { earnCredentials, publishWarehouseModule, seedCredentialWorld, send } from './credential-seed.ts'
import { benchConfig } from './seed.ts'
import { log } from './report.ts'
import { median } from './workload.ts'

const HOLDERS = 256
const CALLS = 2_000

function cpuPerCall (count: number, run: (i: number) => unknown): number {
  const before = process.cpuUsage()
  for (let i = 0; i < count; i++) run(i)
  const used = process.cpuUsage(before)
  return (used.user + used.system) / count
}

const dir = mkdtempSync(join(tmpdir(), 'stapsteen-bench-data-'))
const app = await buildApp(benchConfig(join(dir, 'stapsteen.db'), dir))
try {
  const world = await seedCredentialWorld(app, HOLDERS)
  await earnCredentials(app, world, world.participantIds, 'holders')
  const admin = issueApiKey(createApiKeyRepository(app.db), { role: 'admin', label: 'bench data access', organisationId: null, regionId: null }).key
  const { units } = await publishWarehouseModule(app, world, admin)
  for (const [u, unitId] of units.entries()) {
    const items = world.participantIds.map((participantId, i) => ({ externalId: `mag-${u}-${i}`, participantId, unitId, completedOn: '2026-10-15', assessment: 'practical' }))
    await send(app, world.key, 'POST', '/v1/completions/batch', { items }, 200)
  }
  // the credentials those completions earned, issued now: no signing in the background while measuring
  await app.issuance.drain()
  const db = app.db
  const sqlite = db.$client
  const sample = sqlite.prepare('select * from completions limit 1').get() as Record<string, unknown>
  const providerId = sample.provider_id as string
  const versionId = sample.module_version_id as string
  const people = world.participantIds

  // the same statements by hand, as they were before they moved to drizzle (the insert still is)
  const raw = {
    participant: sqlite.prepare(RAW_SQL.participantById),
    byExternal: sqlite.prepare(`select id, module_version_id as moduleVersionId, participant_id as participantId, unit_id as unitId,
      completed_on as completedOn, assessment, host_company as hostCompany, workplace_attestation as workplaceAttestation,
      evidence_url as evidenceUrl, result from completions where provider_id = ? and external_id = ?`),
    portfolio: sqlite.prepare(`select id, unit_id as unitId, module_version_id as moduleVersionId, completed_on as completedOn, assessment,
      host_company as hostCompany, workplace_attestation as workplaceAttestation, provider_id as providerId
      from completions where participant_id = ? and voided_at is null`),
    version: sqlite.prepare(`select v.id, v.module_id as moduleId, v.version, v.title, v.kind, v.hours, m.provider_id as providerId
      from module_versions v join modules m on m.id = v.module_id where v.id = ?`),
    insert: sqlite.prepare(RAW_SQL.insertCompletion),
    validUnits: sqlite.prepare(RAW_SQL.validUnitsOfParticipant).pluck()
  }
  const drizzled = {
    validUnits: db.select({ unitId: completions.unitId }).from(completions)
      .where(and(eq(completions.participantId, sql.placeholder('id')), isNull(completions.voidedAt))).prepare(),
    participant: db.select({ id: participants.id, regionId: participants.regionId }).from(participants)
      .where(eq(participants.id, sql.placeholder('id'))).prepare(),
    byExternal: db.select().from(completions)
      .where(and(eq(completions.providerId, sql.placeholder('provider')), eq(completions.externalId, sql.placeholder('external')))).prepare(),
    portfolio: db.select({
      id: completions.id,
      unitId: completions.unitId,
      moduleVersionId: completions.moduleVersionId,
      completedOn: completions.completedOn,
      assessment: completions.assessment,
      hostCompany: completions.hostCompany,
      workplaceAttestation: completions.workplaceAttestation,
      providerId: completions.providerId
    }).from(completions).where(and(eq(completions.participantId, sql.placeholder('id')), isNull(completions.voidedAt))).prepare(),
    version: db.select({
      id: moduleVersions.id,
      moduleId: moduleVersions.moduleId,
      version: moduleVersions.version,
      title: moduleVersions.title,
      kind: moduleVersions.kind,
      hours: moduleVersions.hours,
      providerId: modules.providerId
    }).from(moduleVersions).innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
      .where(eq(moduleVersions.id, sql.placeholder('id'))).prepare(),
    insert: db.insert(completions).values(Object.fromEntries(Object.keys(newRow(0, 'x'))
      .map((k) => [k, sql.placeholder(k)])) as never).onConflictDoNothing().prepare()
  }
  function newRow (i: number, tag: string) {
    return {
      id: newId('cmp'),
      participantId: people[i % people.length]!,
      unitId: units[i % units.length]!,
      moduleVersionId: sample.module_version_id as string,
      providerId,
      completedOn: '2026-10-16',
      assessment: 'test' as const,
      hostCompany: { name: 'Bakkerij Jansen' },
      workplaceAttestation: null,
      evidenceUrl: null,
      result: null,
      externalId: `${tag}-${i}`,
      source: 'api' as const,
      createdAt: new Date().toISOString(),
      createdBy: null
    }
  }
  // the insert's unit must belong to the version it names: the ten-unit module's
  const magVersion = sqlite.prepare('select module_version_id from units where id = ?').pluck().get(units[0]) as string
  let inserted = 0
  const insertBatch = (insert: (row: ReturnType<typeof newRow>) => unknown) => (i: number) => {
    const row = { ...newRow(i, `ins-${inserted++}`), unitId: units[0]!, moduleVersionId: magVersion }
    insert(row)
  }
  const pairs: Array<{ name: string, raw: (i: number) => unknown, drizzle: (i: number) => unknown }> = [
    { name: 'participant by id', raw: (i) => raw.participant.get(people[i % HOLDERS]), drizzle: (i) => drizzled.participant.get({ id: people[i % HOLDERS] }) },
    { name: 'completion by externalId', raw: (i) => raw.byExternal.get(providerId, `mag-0-${i % HOLDERS}`), drizzle: (i) => drizzled.byExternal.get({ provider: providerId, external: `mag-0-${i % HOLDERS}` }) },
    { name: 'portfolio completions (11)', raw: (i) => raw.portfolio.all(people[i % HOLDERS]), drizzle: (i) => drizzled.portfolio.all({ id: people[i % HOLDERS] }) },
    {
      name: 'valid units of a participant (11)',
      raw: (i) => raw.validUnits.all(people[i % HOLDERS]),
      drizzle: (i) => drizzled.validUnits.all({ id: people[i % HOLDERS] }).map((r) => r.unitId)
    },
    { name: 'module version', raw: () => raw.version.get(versionId), drizzle: () => drizzled.version.get({ id: versionId }) },
    {
      name: 'insert completion',
      raw: insertBatch((row) => raw.insert.run(...completionParams(row))),
      drizzle: insertBatch((row) => drizzled.insert.run(row))
    }
  ]
  const rounds = Number(process.env.DATA_ROUNDS ?? 11)
  const figures = pairs.map((p) => ({ name: p.name, raw: [] as number[], drizzle: [] as number[], ratios: [] as number[] }))
  for (let r = 0; r < rounds; r++) {
    log(`round ${r + 1} of ${rounds}`)
    for (const [k, p] of pairs.entries()) {
      // the insert runs in one transaction per measurement, as a batch does
      const measure = (fn: (i: number) => unknown) => p.name.startsWith('insert') ? sqlite.transaction(() => cpuPerCall(CALLS, fn))() : cpuPerCall(CALLS, fn)
      const first = r % 2 === 0 ? 'raw' : 'drizzle'
      const a = measure(p[first])
      const b = measure(p[first === 'raw' ? 'drizzle' : 'raw'])
      const [rawUs, drizzleUs] = first === 'raw' ? [a, b] : [b, a]
      const figure = figures[k]!
      figure.raw.push(rawUs)
      figure.drizzle.push(drizzleUs)
      figure.ratios.push(drizzleUs / rawUs)
    }
  }
  for (const f of figures) {
    process.stdout.write(`${f.name.padEnd(28)} raw ${median(f.raw).toFixed(1).padStart(6)} µs   drizzle ${median(f.drizzle).toFixed(1).padStart(6)} µs   ×${median(f.ratios).toFixed(2)}\n`)
  }
} finally {
  await app.close()
  rmSync(dir, { recursive: true, force: true })
}
