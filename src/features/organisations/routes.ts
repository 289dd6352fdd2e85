import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { principalOf } from '../../plugins/auth.ts'
import { Problem, conflict, forbidden, invalid, notFound } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { ROLES, type Principal } from '../../lib/principal.ts'
import { canSeeOrganisation, canSeeRegionRow, listScopeOf, regionOutsideReach } from '../../lib/access-policy.ts'
import { requireVisible } from '../../lib/require-visible.ts'
import { newId } from '../../lib/ids.ts'
import { toPage } from '../../lib/pagination.ts'
import { createRegionRepository } from '../regions/repository.ts'
import { createOrganisationRepository } from './repository.ts'
import { createApiKeyRepository } from './key-repository.ts'
import { issueApiKey, kindsForRole, roleFitsKind, toApiKeyView } from './keys.ts'
import {
  ApiKeyList, ApiKeyParams, ApiKeySchema, CreateApiKeyBody, CreateOrganisationBody, CreatedApiKeySchema,
  OrganisationList, OrganisationParams, OrganisationQuery, OrganisationSchema, UpdateOrganisationBody
} from './schemas.ts'

/** Organisations, the regions they are active in, and their API keys. */
const organisationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(OrganisationSchema)
  fastify.addSchema(ApiKeySchema)
  const organisations = createOrganisationRepository(fastify.db)
  const regions = createRegionRepository(fastify.db)
  const keys = createApiKeyRepository(fastify.db)

  /** Every region must exist and be one the admin governs; the pointer names the first that is not. */
  function checkRegions (principal: Principal, regionIds: string[]) {
    const known = new Set(regions.existing(regionIds))
    regionIds.forEach((id, i) => {
      if (!known.has(id) || canSeeRegionRow(principal, { id }) === 'hidden') {
        throw invalid('unknown-region', `region ${id} does not exist or is outside this key's regions`, `#/regionIds/${i}`)
      }
    })
  }

  function visibleOrganisation (principal: Principal, id: string) {
    const org = organisations.findById(id)
    return requireVisible('organisation', id, org, org && canSeeOrganisation(principal, org))
  }

  fastify.post('/organisations', {
    config: { roles: ['admin'], audit: 'organisation.create' },
    schema: {
      tags: ['access'],
      summary: 'Register an organisation active in one or more regions',
      body: CreateOrganisationBody,
      response: { 201: OrganisationSchema, ...problemResponses(400, 401, 403, 409) }
    }
  }, async (request, reply) => {
    const { name, kind, regionIds } = request.body
    checkRegions(principalOf(request), regionIds)
    if (organisations.findByName(name.trim())) throw conflict('duplicate-name', `an organisation named ${name} exists`, '#/name')
    const org = organisations.insert({ id: newId('org'), name: name.trim(), kind, createdAt: new Date().toISOString() }, regionIds)
    return reply.code(201).send(org)
  })

  fastify.get('/organisations', {
    config: { roles: ROLES },
    schema: {
      tags: ['access'],
      summary: 'List organisations active in the regions this key may see',
      querystring: OrganisationQuery,
      response: { 200: OrganisationList, ...problemResponses(400, 401) }
    }
  }, async (request) => {
    const { kind, regionId, limit, cursor } = request.query
    // an empty regionId asks for no region in particular
    const scope = listScopeOf(principalOf(request), regionId || undefined)
    return toPage(organisations.list({ regionIds: scope, kind, limit, cursor }), limit)
  })

  fastify.get('/organisations/:organisationId', {
    config: { roles: ROLES },
    schema: {
      tags: ['access'],
      summary: 'One organisation',
      params: OrganisationParams,
      response: { 200: OrganisationSchema, ...problemResponses(401, 404) }
    }
  }, async (request) => visibleOrganisation(principalOf(request), request.params.organisationId))

  fastify.patch('/organisations/:organisationId', {
    config: { roles: ['admin'], audit: 'organisation.update' },
    schema: {
      tags: ['access'],
      summary: 'Rename an organisation or change its regions',
      description: 'A region admin may add or remove only its own region.',
      params: OrganisationParams,
      body: UpdateOrganisationBody,
      response: { 200: OrganisationSchema, ...problemResponses(400, 401, 403, 404, 409) }
    }
  }, async (request) => {
    const principal = principalOf(request)
    const org = visibleOrganisation(principal, request.params.organisationId)
    const { name, regionIds } = request.body
    if (name !== undefined) {
      const other = organisations.findByName(name.trim())
      if (other && other.id !== org.id) throw conflict('duplicate-name', `an organisation named ${name} exists`, '#/name')
    }
    if (regionIds !== undefined) {
      const changed = [...regionIds.filter((r) => !org.regionIds.includes(r)), ...org.regionIds.filter((r) => !regionIds.includes(r))]
      const outside = regionOutsideReach(principal, changed)
      if (outside) throw forbidden(`region ${outside} is outside this key's regions`)
      checkRegions(principal, regionIds.filter((r) => !org.regionIds.includes(r)))
    }
    organisations.update(org.id, { name: name?.trim(), regionIds })
    return organisations.findById(org.id)!
  })

  fastify.post('/organisations/:organisationId/api-keys', {
    config: { roles: ['admin'], audit: 'api-key.create' },
    schema: {
      tags: ['access'],
      summary: 'Make an API key for the organisation (the key is shown once)',
      params: OrganisationParams,
      body: CreateApiKeyBody,
      response: { 201: CreatedApiKeySchema, ...problemResponses(400, 401, 403, 404) }
    }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const org = visibleOrganisation(principal, request.params.organisationId)
    const { role, label, regionId } = request.body
    if (!roleFitsKind(role, org.kind)) {
      throw invalid('role-not-for-organisation-kind', `role ${role} is for organisations of kind ${kindsForRole(role)}; this one is ${org.kind}`, '#/role')
    }
    // a region of the organisation that this key does not govern answers as one that does not exist
    if (regionId !== undefined && (!org.regionIds.includes(regionId) || canSeeRegionRow(principal, { id: regionId }) === 'hidden')) {
      throw invalid('unknown-region', `region ${regionId} is not one of the organisation's regions in this key's reach`, '#/regionId')
    }
    // a region admin cannot mint a key that sees more than it does itself
    const scope = regionId !== undefined ? [regionId] : org.regionIds
    if (regionOutsideReach(principal, scope) !== undefined) {
      throw new Problem('forbidden', 'the key would reach regions outside this key\'s own; give a regionId inside them')
    }
    const { key, row } = issueApiKey(keys, { role, label: label.trim(), organisationId: org.id, regionId: regionId ?? null })
    return reply.code(201).send({ ...toApiKeyView(row), key })
  })

  fastify.get('/organisations/:organisationId/api-keys', {
    config: { roles: ['admin'] },
    schema: {
      tags: ['access'],
      summary: 'List the organisation\'s API keys (never their secrets)',
      params: OrganisationParams,
      response: { 200: ApiKeyList, ...problemResponses(401, 403, 404) }
    }
  }, async (request) => {
    const org = visibleOrganisation(principalOf(request), request.params.organisationId)
    return { items: keys.listByOrganisation(org.id).map(toApiKeyView) }
  })

  fastify.delete('/organisations/:organisationId/api-keys/:keyId', {
    config: { roles: ['admin'], audit: 'api-key.revoke' },
    schema: {
      tags: ['access'],
      summary: 'Revoke an API key; it stops working at once',
      params: ApiKeyParams,
      response: { 200: ApiKeySchema, ...problemResponses(401, 403, 404) }
    }
  }, async (request) => {
    const org = visibleOrganisation(principalOf(request), request.params.organisationId)
    const row = keys.findById(request.params.keyId)
    if (!row || row.organisationId !== org.id) throw notFound('API key', request.params.keyId)
    return toApiKeyView(row.revokedAt ? row : keys.revoke(row.id, new Date().toISOString())!)
  })
}
export default organisationRoutes
