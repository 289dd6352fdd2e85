import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { createApiKeyRepository } from '../features/organisations/key-repository.ts'
import { boundedCache } from '../lib/cache.ts'
import { parseApiKey, secretMatches } from '../lib/secrets.ts'
import type { Principal, Role } from '../lib/principal.ts'
import { Problem } from '../lib/problems.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** roles that may call the route; every /v1 route must say, or say `public: true` */
    roles?: readonly Role[]
    public?: boolean
  }
  interface FastifyRequest {
    principal: Principal | null
  }
}

/**
 * Last-used times are written at most once a minute per key (of the 10,000 keys used last), to
 * keep writes off the hot path: bench/caches.ts, `GET /v1/skills/{id}` 150 µs of CPU, 176 writing each time.
 */
const TOUCH_INTERVAL_MS = 60_000

/** The principal of a request on a route that declares roles: it is always set there. */
export function principalOf (request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('principalOf called on a route without roles')
  return request.principal
}

/**
 * Bearer API keys. Each route declares its roles in `config.roles` (checked at start-up for every
 * /v1 route); the hook answers 401 for a missing or unknown key and 403 for a role not listed,
 * before the body is read.
 */
export default fp(async function auth (fastify) {
  const keys = createApiKeyRepository(fastify.db)
  const touched = boundedCache<string, number>(10_000)

  fastify.decorateRequest('principal', null)

  fastify.addHook('onRoute', (route) => {
    const config = route.config as { roles?: readonly Role[], public?: boolean } | undefined
    if (route.url.startsWith('/v1') && !config?.roles && !config?.public) {
      throw new Error(`route ${route.method} ${route.url} declares neither roles nor public`)
    }
    if (config?.roles && route.schema) {
      const roles = config.roles.join(', ')
      route.schema = {
        ...route.schema,
        security: [{ apiKey: [] }],
        description: `${route.schema.description ? route.schema.description + '\n\n' : ''}Roles: ${roles}.`
      }
    }
  })

  fastify.addHook('onRequest', async (request, reply) => {
    const roles = request.routeOptions.config.roles
    if (!roles) return
    const header = request.headers.authorization
    if (!header) {
      reply.header('www-authenticate', 'Bearer')
      throw new Problem('unauthenticated', 'send an API key as `Authorization: Bearer <key>`')
    }
    const parsed = /^Bearer\s+(\S+)$/i.exec(header)
    const key = parsed ? parseApiKey(parsed[1]!) : undefined
    const row = key ? keys.findActive(key.keyId) : undefined
    if (!key || !row || !secretMatches(key.secret, row.secretHash)) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"')
      throw new Problem('invalid-api-key', 'the API key is unknown or revoked')
    }
    const regionIds = row.regionId
      ? [row.regionId]
      : row.organisationId ? keys.regionIdsOfOrganisation(row.organisationId) : null
    request.principal = { keyId: row.id, role: row.role, organisationId: row.organisationId, regionIds }
    const now = Date.now()
    if ((touched.get(row.id) ?? 0) < now - TOUCH_INTERVAL_MS) {
      touched.set(row.id, now)
      keys.touch(row.id, new Date(now).toISOString())
    }
    if (!roles.includes(row.role)) {
      throw new Problem('forbidden-role', `this route is for ${roles.join(', ')}; the key has role ${row.role}`)
    }
  })
}, { name: 'auth', dependencies: ['problems'] })
