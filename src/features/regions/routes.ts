import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { principalOf } from '../../plugins/auth.ts'
import { conflict, forbidden } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { ROLES } from '../../lib/principal.ts'
import { canManageProgramme, canSeeRegionRow } from '../../lib/access-policy.ts'
import { requireVisible } from '../../lib/require-visible.ts'
import { newId } from '../../lib/ids.ts'
import { PageQuery, toPage } from '../../lib/pagination.ts'
import { CreateRegionBody, RegionList, RegionParams, RegionSchema } from './schemas.ts'
import { createRegionRepository } from './repository.ts'

/** Regions (collectieven) are the tenants; only a service-wide admin makes them. */
const regionRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(RegionSchema)
  const regions = createRegionRepository(fastify.db)

  fastify.post('/regions', {
    config: { roles: ['admin'], audit: 'region.create' },
    schema: {
      tags: ['access'],
      summary: 'Create a region (service-wide admin only)',
      body: CreateRegionBody,
      response: { 201: RegionSchema, ...problemResponses(400, 401, 403, 409) }
    }
  }, async (request, reply) => {
    if (!canManageProgramme(principalOf(request))) throw forbidden('only a service-wide admin creates regions')
    const { slug, name } = request.body
    if (regions.findBySlug(slug)) throw conflict('duplicate-slug', `a region with slug ${slug} exists`, '#/slug')
    if (regions.findByName(name)) throw conflict('duplicate-name', `a region named ${name} exists`, '#/name')
    const row = regions.insert({ id: newId('reg'), slug, name: name.trim(), createdAt: new Date().toISOString() })
    return reply.code(201).send(row)
  })

  fastify.get('/regions', {
    config: { roles: ROLES },
    schema: {
      tags: ['access'],
      summary: 'List the regions this key may see',
      querystring: PageQuery,
      response: { 200: RegionList, ...problemResponses(401) }
    }
  }, async (request) => {
    const { limit, cursor } = request.query
    return toPage(regions.list(principalOf(request).regionIds, limit, cursor), limit)
  })

  fastify.get('/regions/:regionId', {
    config: { roles: ROLES },
    schema: {
      tags: ['access'],
      summary: 'One region',
      params: RegionParams,
      response: { 200: RegionSchema, ...problemResponses(401, 404) }
    }
  }, async (request) => {
    const { regionId } = request.params
    const row = regions.findById(regionId)
    return requireVisible('region', regionId, row, row && canSeeRegionRow(principalOf(request), row))
  })
}
export default regionRoutes
