import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { principalOf } from '../../plugins/auth.ts'
import { Problem, conflict, forbidden, invalid } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { ROLES, type Principal } from '../../lib/principal.ts'
import { actsForOwnOrganisation, canSeeModule, canSeeOrganisation, draftScopeOf } from '../../lib/access-policy.ts'
import { requireVisible } from '../../lib/require-visible.ts'
import { newId } from '../../lib/ids.ts'
import { PageQuery, toPage } from '../../lib/pagination.ts'
import { createOrganisationRepository } from '../organisations/repository.ts'
import { createSkillRepository } from './skill-repository.ts'
import { createModuleRepository, type ModuleRow, type VersionRow } from './module-repository.ts'
import { checkPublishable, findDuplicateUnitKey, findUnknownSkill } from './module-rules.ts'
import { mergeValues, toModuleView, toVersionView, unitValuesFrom, valuesFromCreate } from './module-views.ts'
import {
  CreateModuleBody, ModuleList, ModuleParams, ModuleQuery, ModuleSchema, ModuleVersionList, ModuleVersionParams,
  ModuleVersionSchema, UpdateModuleBody, type UnitInput
} from './schemas.ts'

const WRITERS = ['admin', 'provider'] as const

/**
 * Modules and their versions. Version 1 starts as a draft; publishing freezes a version, and a
 * change to a published module makes a new draft version. Drafts are seen only by those who manage
 * the module: the provider's own keys and admins sharing one of its regions.
 */
const moduleRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(ModuleVersionSchema)
  fastify.addSchema(ModuleSchema)
  const modules = createModuleRepository(fastify.db)
  const skills = createSkillRepository(fastify.db)
  const organisations = createOrganisationRepository(fastify.db)
  const { publicUrl } = fastify.config

  /** The provider a new module belongs to: an admin names it; a provider key is its own provider. */
  function resolveProvider (principal: Principal, providerId: string | undefined): string {
    if (actsForOwnOrganisation(principal) && providerId !== undefined && providerId !== principal.organisationId) {
      throw forbidden('a provider key makes modules only for its own organisation')
    }
    const id = actsForOwnOrganisation(principal) ? principal.organisationId! : providerId
    if (id === undefined) throw invalid('provider-required', 'an admin names the provider the module belongs to', '#/providerId')
    const org = organisations.findById(id)
    if (!org || org.kind !== 'provider' || canSeeOrganisation(principal, org) === 'hidden') {
      throw invalid('unknown-provider', `provider ${id} does not exist or is outside this key's regions`, '#/providerId')
    }
    return org.id
  }

  /** Unit keys unique, every skill known; throws the first problem. */
  function checkUnits (units: readonly UnitInput[]) {
    const issue = findDuplicateUnitKey(units) ??
      findUnknownSkill(units, new Set(skills.kindsOf(units.flatMap((u) => u.skillIds)).keys()))
    if (issue) throw invalid(issue.code, issue.detail, issue.pointer)
  }

  /** A module and the newest version the key may see; 404 when it may see none. */
  function visibleModule (principal: Principal, moduleId: string) {
    const module = modules.findModule(moduleId)
    const provider = module && organisations.findById(module.providerId)
    const published = module && modules.findNewestVersion(module.id, false)
    const access = provider && canSeeModule(principal, { provider, published: published !== undefined })
    const found = requireVisible('module', moduleId, module && provider && { module, provider }, access)
    const managed = access === 'managed'
    // every module has its version 1, and one visible but not managed has a published version
    const current = managed ? modules.findNewestVersion(found.module.id, true)! : published!
    return { ...found, current, managed }
  }

  /** As visibleModule, but 403 unless the key manages the module. */
  function managedModule (principal: Principal, moduleId: string) {
    const found = visibleModule(principal, moduleId)
    if (!found.managed) throw forbidden(`module ${moduleId} belongs to a provider this key does not manage`)
    return found
  }

  const moduleView = (module: ModuleRow, current: VersionRow) =>
    toModuleView(module, current, modules.unitsOf([current.id]).get(current.id)!, modules.publishedVersionOf(module.id), publicUrl)

  fastify.post('/modules', {
    config: { roles: WRITERS, audit: 'module.create' },
    schema: {
      tags: ['catalogue'],
      summary: 'Create a module; version 1 is a draft',
      body: CreateModuleBody,
      response: { 201: ModuleSchema, ...problemResponses(400, 401, 403, 409) }
    }
  }, async (request, reply) => {
    const body = request.body
    const providerId = resolveProvider(principalOf(request), body.providerId)
    checkUnits(body.units)
    if (modules.findByCode(providerId, body.code)) {
      throw conflict('duplicate-code', `the provider already has a module with code ${body.code}`, '#/code')
    }
    const module = { id: newId('mod'), providerId, code: body.code, createdAt: new Date().toISOString() }
    const version = modules.create(module, valuesFromCreate(body), unitValuesFrom(body.units))
    return reply.code(201).send(moduleView(module, version))
  })

  fastify.get('/modules', {
    config: { roles: ROLES },
    schema: {
      tags: ['catalogue'],
      summary: 'List modules',
      description: 'Filters (kind, q) apply to the version each module shows as current. Modules without a published version appear only for those who manage them.',
      querystring: ModuleQuery,
      response: { 200: ModuleList, ...problemResponses(400, 401) }
    }
  }, async (request) => {
    const { limit } = request.query
    const page = toPage(modules.list({ ...request.query, scope: draftScopeOf(principalOf(request)) }), limit)
    const units = modules.unitsOf(page.items.map((m) => m.current.id))
    return {
      items: page.items.map((m) => toModuleView(m, m.current, units.get(m.current.id)!, m.publishedVersion, publicUrl)),
      nextCursor: page.nextCursor
    }
  })

  fastify.get('/modules/:moduleId', {
    config: { roles: ROLES },
    schema: {
      tags: ['catalogue'],
      summary: 'One module with its current version',
      params: ModuleParams,
      response: { 200: ModuleSchema, ...problemResponses(401, 404) }
    }
  }, async (request) => {
    const { module, current } = visibleModule(principalOf(request), request.params.moduleId)
    return moduleView(module, current)
  })

  fastify.patch('/modules/:moduleId', {
    config: { roles: WRITERS, audit: 'module.update' },
    schema: {
      tags: ['catalogue'],
      summary: 'Change a module',
      description: 'A draft changes in place. A published version never changes: the change makes a new draft version from it. `units` replaces every unit.',
      params: ModuleParams,
      body: UpdateModuleBody,
      response: { 200: ModuleSchema, ...problemResponses(400, 401, 403, 404) }
    }
  }, async (request) => {
    const { module, current } = managedModule(principalOf(request), request.params.moduleId)
    const body = request.body
    if (body.units) checkUnits(body.units)
    const values = mergeValues(current, body)
    const units = body.units && unitValuesFrom(body.units)
    const at = new Date().toISOString()
    const version = current.status === 'draft'
      ? modules.updateDraft(current, values, units, at)
      : modules.addDraft(current, values, units ?? modules.unitsOf([current.id]).get(current.id)!, at)
    return moduleView(module, version)
  })

  fastify.post('/modules/:moduleId/publish', {
    config: { roles: WRITERS, audit: 'module.publish' },
    schema: {
      tags: ['catalogue'],
      summary: 'Publish the draft version; from then on it never changes',
      description: 'Problem pointers (`#/units/0/skillIds/1`, `#/kind`) point into the draft version.',
      params: ModuleParams,
      response: { 200: ModuleVersionSchema, ...problemResponses(400, 401, 403, 404, 409) }
    }
  }, async (request) => {
    const { current } = managedModule(principalOf(request), request.params.moduleId)
    if (current.status !== 'draft') {
      throw conflict('nothing-to-publish', `version ${current.version} is already published; change the module to make a new draft`)
    }
    const units = modules.unitsOf([current.id]).get(current.id)!
    const issue = checkPublishable({ kind: current.kind, units }, skills.kindsOf(units.flatMap((u) => u.skillIds)))
    if (issue) throw new Problem(issue.code, issue.detail, [{ pointer: issue.pointer, detail: issue.detail, code: issue.code }])
    const published = modules.publish(current, new Date().toISOString())!
    return toVersionView(published, units, publicUrl)
  })

  fastify.get('/modules/:moduleId/versions', {
    config: { roles: ROLES },
    schema: {
      tags: ['catalogue'],
      summary: 'The versions of a module, oldest first',
      description: 'Drafts are listed only for those who manage the module.',
      params: ModuleParams,
      querystring: PageQuery,
      response: { 200: ModuleVersionList, ...problemResponses(400, 401, 404) }
    }
  }, async (request) => {
    const { module, managed } = visibleModule(principalOf(request), request.params.moduleId)
    const { limit, cursor } = request.query
    const page = toPage(modules.listVersions(module.id, managed, limit, cursor), limit)
    const units = modules.unitsOf(page.items.map((v) => v.id))
    return { items: page.items.map((v) => toVersionView(v, units.get(v.id)!, publicUrl)), nextCursor: page.nextCursor }
  })

  fastify.get('/modules/:moduleId/versions/:version', {
    config: { roles: ROLES },
    schema: {
      tags: ['catalogue'],
      summary: 'One version of a module',
      params: ModuleVersionParams,
      response: { 200: ModuleVersionSchema, ...problemResponses(400, 401, 404) }
    }
  }, async (request) => {
    const { moduleId, version } = request.params
    const principal = principalOf(request)
    const { module, provider } = visibleModule(principal, moduleId)
    const found = modules.findVersion(module.id, version)
    const row = requireVisible('module version', `${moduleId}/${version}`, found, found && canSeeModule(principal, { provider, published: found.status === 'published' }))
    return toVersionView(row, modules.unitsOf([row.id]).get(row.id)!, publicUrl)
  })
}
export default moduleRoutes
