import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import { problemResponses } from '../../plugins/problems.ts'
import { answerPublic, publicPageResponses } from '../../lib/public-page.ts'
import { createOrganisationRepository } from '../organisations/repository.ts'
import { createModuleRepository } from './module-repository.ts'
import { createSkillRepository } from './skill-repository.ts'
import { activityIdOf, type ActivityRef } from './module-rules.ts'
import { activityPageContent, toActivityView, type ActivityFacts } from './activity-page.ts'
import { ActivityParams, ActivityRevisionParams, UnitActivitySchema, VersionedActivityParams } from './activity-schemas.ts'

/**
 * What a unit's xAPI activity IRI resolves to, for anyone: JSON (xAPI Activity metadata and the
 * catalogue's facts) or, for a browser, a small page. Only units of published versions are shown.
 */
const activityRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(UnitActivitySchema)
  const modules = createModuleRepository(fastify.db)
  const skills = createSkillRepository(fastify.db)
  const organisations = createOrganisationRepository(fastify.db)
  const { publicUrl } = fastify.config
  const rateLimit = { max: fastify.config.rateLimitMax, timeWindow: '1 minute' }

  /** the facts of the identity an IRI names; undefined unless a published version holds it */
  function factsOf (ref: ActivityRef): ActivityFacts | undefined {
    if ('version' in ref && modules.findVersion(ref.moduleId, ref.version)?.status !== 'published') return undefined
    const found = modules.findUnitByActivity(ref)
    if (found?.version.status !== 'published') return undefined
    const { unit, version } = found
    return {
      iri: activityIdOf(publicUrl, version.moduleId, unit.key, unit.revision),
      moduleId: version.moduleId,
      moduleTitle: version.title,
      providerId: found.providerId,
      providerName: organisations.findById(found.providerId)?.name ?? '',
      key: unit.key,
      revision: unit.revision,
      title: unit.title,
      description: unit.description,
      skills: found.skillIds.flatMap((id) => {
        const s = skills.findById(id)
        return s ? [{ id: s.id, name: s.name, kind: s.kind, domain: s.domain, level: s.level, escoUri: s.escoUri }] : []
      }),
      versions: modules.publishedWithIdentity(version.moduleId, unit.key, unit.revision)
        .map((v) => ({ version: v.version, moduleTitle: v.moduleTitle, unitId: v.unitId, title: v.title, publishedAt: v.publishedAt! }))
    }
  }

  function answer (request: FastifyRequest, reply: FastifyReply, ref: ActivityRef) {
    return answerPublic(request, reply, factsOf(ref), { what: 'activity', id: `${publicUrl}${request.url.split('?')[0]}` },
      { json: toActivityView, page: activityPageContent })
  }

  const response = {
    ...publicPageResponses(Type.Ref('UnitActivity'), 'the unit: JSON by default, a page when the Accept header prefers text/html'),
    ...problemResponses(400)
  }
  const DESCRIPTION = 'The xAPI activity IRI of a unit identity resolves here. Public; only units of published versions.'

  fastify.get('/modules/:moduleId/units/:key', {
    config: { public: true, rateLimit },
    schema: { tags: ['catalogue'], summary: 'A unit activity (first revision of its key)', description: DESCRIPTION, params: ActivityParams, response }
  }, async (request, reply) => answer(request, reply, { ...request.params, revision: 1 }))

  fastify.get('/modules/:moduleId/units/:key/revisions/:revision', {
    config: { public: true, rateLimit },
    schema: { tags: ['catalogue'], summary: 'A unit activity (a later revision of its key)', description: DESCRIPTION, params: ActivityRevisionParams, response }
  }, async (request, reply) => answer(request, reply, request.params))

  fastify.get('/modules/:moduleId/versions/:version/units/:key', {
    config: { public: true, rateLimit },
    schema: {
      tags: ['catalogue'],
      summary: 'A unit activity in the older form that names a version',
      description: `${DESCRIPTION} Answers with the unit's identity; its \`id\` is the current IRI.`,
      params: VersionedActivityParams,
      response
    }
  }, async (request, reply) => answer(request, reply, request.params))
}
export default activityRoutes
