/*
 * The smallest world that earns real credentials, shared by the credential benches: a region, a
 * provider with an API key, one skill and a published one-unit module (so each completion
 * completes a module), and participants inserted directly. Credentials come from the real path:
 * completions posted through the batch API, the issuance outbox drained.
 */
import type { FastifyInstance } from 'fastify'
import { createApiKeyRepository } from '../src/features/organisations/key-repository.ts'
import { issueApiKey } from '../src/features/organisations/keys.ts'
import { newId } from '../src/lib/ids.ts'

export interface CredentialWorld {
  /** the provider's API key */
  key: string
  unitId: string
  participantIds: string[]
}

export async function send (app: FastifyInstance, key: string, method: 'POST' | 'GET', url: string, payload?: object, expect = 201) {
  const res = await app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) })
  if (res.statusCode !== expect) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

/** A provider with a published one-unit module and `participants` participants. */
export async function seedCredentialWorld (app: FastifyInstance, participants: number): Promise<CredentialWorld> {
  const admin = issueApiKey(createApiKeyRepository(app.db), { role: 'admin', label: 'bench', organisationId: null, regionId: null }).key
  const region = (await send(app, admin, 'POST', '/v1/regions', { slug: 'twente', name: 'Twente' })).id
  const provider = (await send(app, admin, 'POST', '/v1/organisations', { name: 'ROC van Twente', kind: 'provider', regionIds: [region] })).id
  const key = (await send(app, admin, 'POST', `/v1/organisations/${provider}/api-keys`, { role: 'provider', label: 'bench' })).key
  const skill = (await send(app, admin, 'POST', '/v1/skills', { name: 'Lezen op 1F', kind: 'basic', domain: 'language', level: '1F' })).id
  const mod = await send(app, key, 'POST', '/v1/modules', {
    code: 'VWM',
    title: 'Veilig werken in het magazijn',
    kind: 'basic',
    hours: 16,
    nlqfLevel: '2',
    learningOutcomes: ['Leest veiligheidsborden'],
    units: [{ key: 'les-1', title: 'Borden en instructies lezen', skillIds: [skill] }]
  })
  const version = await send(app, key, 'POST', `/v1/modules/${mod.id}/publish`, undefined, 200)
  const insert = app.db.$client.prepare('insert into participants (id, region_id, display_name, created_at, updated_at) values (?, ?, ?, ?, ?)')
  const ids: string[] = []
  const now = new Date().toISOString()
  app.db.$client.transaction(() => {
    for (let i = 0; i < participants; i++) { const id = newId('ppt'); insert.run(id, region, `Deelnemer ${i + 1}`, now, now); ids.push(id) }
  })()
  return { key, unitId: version.units[0].id as string, participantIds: ids }
}

/**
 * Completes the module for `participantIds` (one batch) and drains the outbox, so each of them
 * holds one issued credential. `tag` keeps the completions' external ids apart between calls.
 */
export async function earnCredentials (app: FastifyInstance, world: CredentialWorld, participantIds: readonly string[], tag: string): Promise<void> {
  const items = participantIds.map((participantId, i) =>
    ({ externalId: `bench-${tag}-${i}`, participantId, unitId: world.unitId, completedOn: '2026-10-14', assessment: 'test' }))
  await send(app, world.key, 'POST', '/v1/completions/batch', { items }, 200)
  await app.issuance.drain()
}

/**
 * The provider's warehouse module of `units` units over three vocational skills (made with the
 * admin key `admin`), published: its id, its unit ids in order and the skill ids.
 */
export async function publishWarehouseModule (app: FastifyInstance, world: CredentialWorld, admin: string, units = 10) {
  const skillIds: string[] = []
  for (const name of ['Heftruck rijden', 'Orderpicken', 'Veilig werken']) skillIds.push((await send(app, admin, 'POST', '/v1/skills', { name, kind: 'vocational' })).id)
  const mod = await send(app, world.key, 'POST', '/v1/modules', {
    code: 'MAG',
    title: 'Magazijn',
    kind: 'vocational',
    hours: 40,
    nlqfLevel: '2',
    learningOutcomes: ['Werkt veilig'],
    units: Array.from({ length: units }, (_, u) => ({ key: `les-${u + 1}`, title: `Les ${u + 1}`, skillIds: [skillIds[u % skillIds.length]] }))
  })
  const published = await send(app, world.key, 'POST', `/v1/modules/${mod.id}/publish`, undefined, 200)
  return { moduleId: mod.id as string, units: published.units.map((u: { id: string }) => u.id) as string[], skillIds }
}
