import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app.ts'
import type { AppConfig } from '../config.ts'
import { createApiKeyRepository } from '../features/organisations/key-repository.ts'
import { issueApiKey } from '../features/organisations/keys.ts'
import type { Io } from './index.ts'
import { DEMO_KEYS, DEMO_MODULES, DEMO_ORGANISATIONS, DEMO_REGION, DEMO_SKILLS, demoPathway } from './demo-data.ts'

type Json = Record<string, any>

/** Calls the app's own API, so the demo passes the same checks as any client. */
function client (app: FastifyInstance, key: string) {
  const request = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<Json> => {
    const res = await app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload === undefined ? {} : { payload: payload as Json }) })
    if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`)
    return res.json()
  }
  /** every item of a paginated list */
  const all = async (url: string): Promise<Json[]> => {
    const items: Json[] = []
    let cursor: string | null = null
    do {
      const sep = url.includes('?') ? '&' : '?'
      const page: Json = await request('GET', `${url}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      items.push(...page.items)
      cursor = page.nextCursor
    } while (cursor)
    return items
  }
  /** the item `match` finds in the list, or a new one made with `create` */
  const ensure = async (listUrl: string, match: (item: Json) => boolean, create: () => Promise<Json>): Promise<[Json, boolean]> => {
    const found = (await all(listUrl)).find(match)
    return found ? [found, false] : [await create(), true]
  }
  return { request, all, ensure }
}

/**
 * `npm run demo`: seeds the Twente demo through the API. Running it again finds what exists and
 * makes nothing twice; keys are printed when made (with --new-keys the old demo keys are revoked).
 */
export async function runDemo (config: AppConfig, options: { newKeys: boolean }, io: Io): Promise<number> {
  const app = await buildApp(config)
  const keys = createApiKeyRepository(app.db)
  // a short-lived key for the seeding itself, removed again at the end
  const seeder = issueApiKey(keys, { role: 'admin', label: 'demo seeding (temporary)', organisationId: null, regionId: null })
  const made: string[] = []
  try {
    const api = client(app, seeder.key)
    const note = (what: string, created: boolean) => { if (created) made.push(what) }

    const [region, regionNew] = await api.ensure('/v1/regions', (r) => r.slug === DEMO_REGION.slug,
      () => api.request('POST', '/v1/regions', DEMO_REGION))
    note(`region ${region.name}`, regionNew)

    const orgs: Record<string, Json> = {}
    for (const [key, org] of Object.entries(DEMO_ORGANISATIONS)) {
      const [row, isNew] = await api.ensure(`/v1/organisations?regionId=${region.id}`, (o) => o.name === org.name,
        () => api.request('POST', '/v1/organisations', { ...org, regionIds: [region.id] }))
      orgs[key] = row
      note(`organisation ${org.name}`, isNew)
    }

    const skillIds: Record<string, string> = {}
    for (const [key, skill] of Object.entries(DEMO_SKILLS)) {
      const [row, isNew] = await api.ensure(`/v1/skills?q=${encodeURIComponent(skill.name)}`, (s) => s.name === skill.name,
        () => api.request('POST', '/v1/skills', skill))
      skillIds[key] = row.id
      note(`skill ${skill.name}`, isNew)
    }

    const moduleIds: Record<string, string> = {}
    for (const [key, mod] of Object.entries(DEMO_MODULES)) {
      const body = { ...mod, providerId: orgs.provider!.id, units: mod.units.map((u) => ({ key: u.key, title: u.title, skillIds: u.skills.map((s) => skillIds[s]) })) }
      const [row, isNew] = await api.ensure(`/v1/modules?providerId=${orgs.provider!.id}`, (m) => m.code === mod.code,
        () => api.request('POST', '/v1/modules', body))
      if (row.publishedVersion === null) await api.request('POST', `/v1/modules/${row.id}/publish`)
      moduleIds[key] = row.id
      note(`module ${mod.title}`, isNew)
    }

    const pathway = demoPathway(moduleIds)
    const [, pathwayNew] = await api.ensure(`/v1/pathways?sector=${pathway.sector}`, (p) => p.name === pathway.name,
      () => api.request('POST', '/v1/pathways', pathway))
    note(`pathway ${pathway.name}`, pathwayNew)

    io.err(made.length > 0 ? `demo: made ${made.length} things:\n  ${made.join('\n  ')}` : 'demo: everything was already there; nothing made')

    const lines: string[] = []
    for (const spec of DEMO_KEYS) {
      const org = orgs[spec.org]!
      const existing = (await api.request('GET', `/v1/organisations/${org.id}/api-keys`)).items
        .filter((k: Json) => k.label === spec.label && k.revokedAt === null)
      if (existing.length > 0 && !options.newKeys) {
        lines.push(`${spec.role.padEnd(9)} (made earlier; run \`npm run demo -- --new-keys\` for a fresh one)`)
        continue
      }
      for (const old of existing) await api.request('DELETE', `/v1/organisations/${org.id}/api-keys/${old.id}`)
      const created = await api.request('POST', `/v1/organisations/${org.id}/api-keys`,
        { role: spec.role, label: spec.label, ...('regionScoped' in spec ? { regionId: region.id } : {}) })
      lines.push(`${spec.role.padEnd(9)} ${created.key}   (${org.name})`)
    }
    io.out('Demo API keys for region Twente (shown once; stored only as hashes):')
    for (const line of lines) io.out(`  ${line}`)
    io.out(`Try: curl -H "Authorization: Bearer <provider key>" ${config.publicUrl}/v1/modules`)
    return 0
  } finally {
    keys.remove(seeder.row.id)
    await app.close()
  }
}
