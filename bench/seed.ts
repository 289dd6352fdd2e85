import type Database from 'better-sqlite3'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { buildApp } from '../src/app.ts'
import type { AppConfig } from '../src/config.ts'
import { RAW_SQL, completionParams } from '../src/db/raw-sql.ts'
import { createApiKeyRepository } from '../src/features/organisations/key-repository.ts'
import { issueApiKey } from '../src/features/organisations/keys.ts'
import { newId } from '../src/lib/ids.ts'
import { BATCH_SIZE, PARTICIPANTS, UNITS, completionItem, type BenchUnit } from './workload.ts'

export interface Seeded {
  providerKey: string
  providerKeyId: string
  providerId: string
  coachKey: string
  analystKey: string
  units: BenchUnit[]
  participantIds: string[]
}

const MODULES = 4

/** The Node flags `npm start` runs the service with: the forked server runs as the service does. */
export const SERVICE_NODE_FLAGS = ['--max-old-space-size=256']

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export function benchConfig (databasePath: string, dataDir: string): AppConfig {
  const level = process.env.BENCH_LOG ?? 'silent'
  return {
    databasePath,
    dataDir,
    publicUrl: 'http://127.0.0.1:3000',
    logLevel: (LOG_LEVELS as readonly string[]).includes(level) ? level as AppConfig['logLevel'] : 'silent',
    bodyLimit: 1_048_576,
    trustProxy: false,
    rateLimitMax: 1_000_000
  }
}

async function send (app: FastifyInstance, key: string, method: InjectOptions['method'], url: string, payload?: object, expect = 201) {
  const res = await app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) })
  if (res.statusCode !== expect) throw new Error(`seeding ${method} ${url} failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

/**
 * The catalogue through the API (two regions, a provider and a municipality serving both, five
 * skills, four published modules of five units, one development path), then 100,000 participants
 * inserted directly in one transaction: the bench is about completions, not enrolment.
 */
async function seedCatalogue (app: FastifyInstance) {
  const admin = issueApiKey(createApiKeyRepository(app.db), { role: 'admin', label: 'bench', organisationId: null, regionId: null }).key
  const regionA = (await send(app, admin, 'POST', '/v1/regions', { slug: 'twente', name: 'Twente' })).id as string
  const regionB = (await send(app, admin, 'POST', '/v1/regions', { slug: 'achterhoek', name: 'Achterhoek' })).id as string
  const regionIds = [regionA, regionB]
  const providerId = (await send(app, admin, 'POST', '/v1/organisations', { name: 'ROC van Twente', kind: 'provider', regionIds })).id as string
  const municipalityId = (await send(app, admin, 'POST', '/v1/organisations', { name: 'Gemeente Enschede', kind: 'municipality', regionIds })).id as string
  const providerKey = (await send(app, admin, 'POST', `/v1/organisations/${providerId}/api-keys`, { role: 'provider', label: 'bench lms' })).key as string
  const coachKey = (await send(app, admin, 'POST', `/v1/organisations/${municipalityId}/api-keys`, { role: 'coach', label: 'bench coach' })).key as string
  const analystKey = (await send(app, admin, 'POST', `/v1/organisations/${municipalityId}/api-keys`, { role: 'analyst', label: 'bench analyst' })).key as string

  const skill = async (body: object) => (await send(app, admin, 'POST', '/v1/skills', body)).id as string
  const skills = [
    await skill({ name: 'Lezen op 1F', kind: 'basic', domain: 'language', level: '1F' }),
    await skill({ name: 'Rekenen op 1F', kind: 'basic', domain: 'numeracy', level: '1F' }),
    await skill({ name: 'Heftruck rijden', kind: 'vocational' }),
    await skill({ name: 'Orderpicken', kind: 'vocational' }),
    await skill({ name: 'Veilig werken volgens VCA', kind: 'vocational' })
  ]
  const perModule = UNITS / MODULES
  const moduleIds: string[] = []
  for (let m = 0; m < MODULES; m++) {
    const mod = await send(app, providerKey, 'POST', '/v1/modules', {
      code: `BENCH-${m + 1}`,
      title: `Magazijn module ${m + 1}`,
      kind: 'combined',
      hours: 16,
      learningOutcomes: ['Werkt veilig in het magazijn'],
      units: Array.from({ length: perModule }, (_, u) => ({
        key: `les-${u + 1}`,
        title: `Les ${u + 1}`,
        skillIds: [skills[(m + u) % skills.length]!, skills[(m + u + 1) % skills.length]!]
      }))
    })
    await send(app, providerKey, 'POST', `/v1/modules/${mod.id}/publish`, undefined, 200)
    moduleIds.push(mod.id)
  }
  await send(app, admin, 'POST', '/v1/pathways', {
    name: 'Ontwikkelpad logistiek medewerker',
    sector: 'logistiek',
    requirement: {
      type: 'all',
      parts: [
        { type: 'module', moduleId: moduleIds[0] },
        { type: 'any', n: 2, parts: moduleIds.slice(1).map((moduleId) => ({ type: 'module', moduleId })) },
        { type: 'level', domain: 'language', level: '1F' }
      ]
    }
  })
  const units = app.db.$client.prepare(`select u.id as unitId, u.module_version_id as moduleVersionId
    from units u join module_versions v on v.id = u.module_version_id where v.status = 'published'
    order by v.module_id, u.position`).all() as BenchUnit[]
  if (units.length !== UNITS) throw new Error(`expected ${UNITS} published units, found ${units.length}`)
  return { providerKey, providerId, coachKey, analystKey, regionIds, units }
}

function insertParticipants (app: FastifyInstance, regionIds: readonly string[]): string[] {
  const sqlite = app.db.$client
  const insert = sqlite.prepare(`insert into participants (id, region_id, display_name, created_at, updated_at)
    values (?, ?, ?, ?, ?)`)
  const ids: string[] = []
  const now = new Date().toISOString()
  sqlite.transaction(() => {
    for (let i = 0; i < PARTICIPANTS; i++) {
      const id = newId('ppt')
      insert.run(id, regionIds[i % regionIds.length], `Deelnemer ${i + 1}`, now, now)
      ids.push(id)
    }
  })()
  return ids
}

/**
 * Seeds the database file and, before any completion exists, copies it to `scratchPath` when one
 * is given, for the raw insert baseline (same schema, participants and catalogue, so foreign keys
 * and indexes match).
 */
export async function seedDatabase (config: AppConfig, scratchPath?: string): Promise<Seeded> {
  const app = await buildApp(config)
  try {
    const catalogue = await seedCatalogue(app)
    const participantIds = insertParticipants(app, catalogue.regionIds)
    if (scratchPath) app.db.$client.prepare('vacuum into ?').run(scratchPath)
    const providerKeyId = /^stp_(key_[0-9a-z]{20})\./.exec(catalogue.providerKey)![1]!
    return { ...catalogue, providerKeyId, participantIds }
  } finally {
    await app.close()
  }
}

/**
 * The `BATCH_SIZE` completions from the k-th on as rows of `RAW_SQL.insertCompletion`: what the batch API
 * would store for them, written straight to the database (the raw baseline, a seeded database).
 */
export function completionRows (seeded: Seeded, start: number): unknown[][] {
  const versionOf = new Map(seeded.units.map((u) => [u.unitId, u.moduleVersionId]))
  const createdAt = new Date().toISOString()
  const rows = []
  for (let k = start; k < start + BATCH_SIZE; k++) {
    const item = completionItem(k, seeded.participantIds, seeded.units)
    rows.push(completionParams({
      id: newId('cmp'),
      participantId: item.participantId,
      unitId: item.unitId,
      moduleVersionId: versionOf.get(item.unitId)!,
      providerId: seeded.providerId,
      completedOn: item.completedOn,
      assessment: item.assessment,
      hostCompany: item.hostCompany,
      workplaceAttestation: item.workplaceAttestation,
      evidenceUrl: item.evidenceUrl,
      result: item.result,
      externalId: item.externalId,
      source: 'batch',
      createdAt,
      createdBy: seeded.providerKeyId
    }))
  }
  return rows
}

/** Inserts rows of `completionRows` in one transaction, with the service's prepared statement. */
export function completionInserter (sqlite: Database.Database): (rows: unknown[][]) => void {
  const insert = sqlite.prepare(RAW_SQL.insertCompletion)
  return sqlite.transaction((rows: unknown[][]) => { for (const row of rows) insert.run(...row) })
}
