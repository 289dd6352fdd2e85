import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { preValidationHookHandler } from 'fastify'
import { Problem, conflict, notFound } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { ROLES } from '../../lib/principal.ts'
import { newId } from '../../lib/ids.ts'
import { toPage } from '../../lib/pagination.ts'
import { PathwayBody, PathwayList, PathwayParams, PathwayQuery, PathwaySchema, RequirementNodeSchema, type PathwayInput } from './schemas.ts'
import { createPathwayRepository } from './repository.ts'
import { MAX_DEPTH, collectReferences, findCycle, findTooDeep, pointerToPathway, validateRequirement } from './requirements.ts'

const TOO_DEEP = `the requirement tree nests deeper than ${MAX_DEPTH} levels`

/**
 * Runs before the schema check, which validates the tree recursively: a body nested thousands of
 * levels deep is refused here instead of exhausting the validator's stack.
 */
const refuseDeepTrees: preValidationHookHandler = async (request) => {
  const requirement = (request.body as { requirement?: unknown } | null)?.requirement
  const pointer = findTooDeep(requirement)
  if (pointer) throw new Problem('too-deep', TOO_DEEP, [{ pointer, detail: TOO_DEEP, code: 'too-deep', in: 'body' }])
}

/**
 * Development paths (ontwikkelpaden): a programme-wide catalogue, not owned by a region. Every
 * role may read them; admins (service-wide or of a region) write them.
 */
const pathwayRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(RequirementNodeSchema)
  fastify.addSchema(PathwaySchema)
  const pathways = createPathwayRepository(fastify.db)

  /**
   * Checks a body against the catalogue and the stored paths; throws a 400 listing every problem
   * (the code of the problems when they share one, else `invalid-requirement`), then a 409 for a
   * taken name. `pathwayId` is the path being replaced, if any.
   */
  function checkBody (body: PathwayInput, pathwayId?: string) {
    const refs = collectReferences(body.requirement)
    const modules = new Set(pathways.publishedModuleIds(refs.moduleIds))
    const skills = new Set(pathways.existingSkillIds(refs.skillIds))
    const known = new Set(pathways.existingPathwayIds(refs.pathwayIds))
    const errors = validateRequirement(body.requirement, {
      moduleExists: (id) => modules.has(id),
      skillExists: (id) => skills.has(id),
      pathwayExists: (id) => known.has(id)
    })
    if (errors.length > 0) {
      const codes = new Set(errors.map((e) => e.code!))
      const code = codes.size === 1 ? errors[0]!.code! : 'invalid-requirement'
      const detail = errors.length === 1 ? errors[0]!.detail : `the requirement has ${errors.length} problems; see errors`
      throw new Problem(code, detail, errors)
    }
    if (pathwayId) {
      const cycle = findCycle(pathwayId, body.requirement, pathways.referencedPathwayIds)
      if (cycle) {
        const detail = `the development path would require itself: ${cycle.join(' → ')}`
        const pointer = pointerToPathway(body.requirement, cycle[1]!)!
        throw new Problem('pathway-cycle', detail, [{ pointer, detail, code: 'pathway-cycle', in: 'body' }])
      }
    }
    if (pathways.findByName(body.name.trim(), pathwayId)) {
      throw conflict('duplicate-name', `a development path named ${body.name.trim()} exists`, '#/name')
    }
  }

  const fields = (body: PathwayInput) => ({
    name: body.name.trim(),
    sector: body.sector,
    description: body.description?.trim() ?? null,
    requirement: body.requirement
  })

  fastify.post('/pathways', {
    config: { roles: ['admin'], audit: 'pathway.create' },
    preValidation: refuseDeepTrees,
    schema: {
      tags: ['pathways'],
      summary: 'Create a development path',
      description: 'Every module, skill and development path the requirement names must exist; a module needs a published version.',
      body: PathwayBody,
      response: { 201: PathwaySchema, ...problemResponses(400, 401, 403, 409) }
    }
  }, async (request, reply) => {
    checkBody(request.body)
    const now = new Date().toISOString()
    const row = pathways.insert({ id: newId('pwy'), ...fields(request.body), createdAt: now, updatedAt: now })
    return reply.code(201).send(row)
  })

  fastify.get('/pathways', {
    config: { roles: ROLES },
    schema: {
      tags: ['pathways'],
      summary: 'List development paths, optionally of one sector',
      querystring: PathwayQuery,
      response: { 200: PathwayList, ...problemResponses(400, 401) }
    }
  }, async (request) => {
    const { sector, limit, cursor } = request.query
    return toPage(pathways.list({ sector, limit, cursor }), limit)
  })

  fastify.get('/pathways/:pathwayId', {
    config: { roles: ROLES },
    schema: {
      tags: ['pathways'],
      summary: 'One development path',
      params: PathwayParams,
      response: { 200: PathwaySchema, ...problemResponses(401, 404) }
    }
  }, async (request) => {
    const row = pathways.findById(request.params.pathwayId)
    if (!row) throw notFound('development path', request.params.pathwayId)
    return row
  })

  fastify.put('/pathways/:pathwayId', {
    config: { roles: ['admin'], audit: 'pathway.update' },
    preValidation: refuseDeepTrees,
    schema: {
      tags: ['pathways'],
      summary: 'Replace a development path',
      description: 'The same checks as on create; a requirement that would make the path require itself, directly or through others, is refused.',
      params: PathwayParams,
      body: PathwayBody,
      response: { 200: PathwaySchema, ...problemResponses(400, 401, 403, 404, 409) }
    }
  }, async (request) => {
    const { pathwayId } = request.params
    if (!pathways.findById(pathwayId)) throw notFound('development path', pathwayId)
    checkBody(request.body, pathwayId)
    return pathways.update(pathwayId, { ...fields(request.body), updatedAt: new Date().toISOString() })
  })
}
export default pathwayRoutes
