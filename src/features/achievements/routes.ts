import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { notFound } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { answerPublic, publicPageResponses } from '../../lib/public-page.ts'
import { sendSvg, svgResponse } from '../../lib/svg-reply.ts'
import { alignedSkill } from '../credentials/alignments.ts'
import { CONTEXTS, buildModuleAchievement, buildPathwayAchievement } from '../credentials/documents.ts'
import { PROGRAMME_ISSUER, type IssuerProfile } from '../issuers/profile.ts'
import { badgeImage } from './badge.ts'
import { describeCrebo, describeFrameworkLevel, describeSkill, describeWorkProcess } from './frameworks.ts'
import { achievementPage, frameworkLevelPage, referencePage, skillPage } from './pages.ts'
import { createAchievementRepository } from './repository.ts'
import {
  AchievementDocumentSchema, CodeParams, FrameworkLevelParams, FrameworkLevelSchema, ModuleAchievementParams,
  PathwayAchievementParams, ReferenceSchema, SkillDescriptionSchema, SkillParams
} from './schemas.ts'

/** A published version's badge never changes; a path's name may. */
const IMAGE_MAX_AGE = { version: 86_400, pathway: 300 }

/**
 * What the URLs in credentials point at, for anyone: the Achievement of each published module
 * version and development path (JSON, or a page for a browser) with its badge image, and the
 * framework levels, crebo qualifications, work processes and skills that alignments name.
 */
const achievementRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const repo = createAchievementRepository(fastify.db)
  const versions = fastify.issuance.repo
  const issuers = fastify.issuerKeys
  const publicUrl = fastify.config.publicUrl
  const config = { public: true, rateLimit: { max: fastify.config.rateLimitMax, timeWindow: '1 minute' } }

  function moduleAchievement (moduleId: string, version: number) {
    const versionId = repo.publishedVersionId(moduleId, version)
    const facts = versionId ? versions.versionFacts(versionId) : undefined
    const issuer = facts && issuers.profileOf(facts.providerId)
    if (!facts || !issuer) return undefined
    return { issuer, achievement: buildModuleAchievement({ issuer, module: facts.module, skills: facts.skills.map(alignedSkill), units: facts.units, publicUrl }) }
  }
  function pathwayAchievement (pathwayId: string) {
    const pathway = repo.findPathway(pathwayId)
    const issuer = issuers.profileOf(PROGRAMME_ISSUER)!
    return pathway && { issuer, achievement: buildPathwayAchievement({ issuer, pathway, publicUrl }) }
  }
  const views = {
    json: ({ achievement }: { achievement: object }) => ({ '@context': [CONTEXTS.vc, CONTEXTS.ob], ...achievement }),
    page: ({ achievement, issuer }: { achievement: Parameters<typeof achievementPage>[0], issuer: IssuerProfile }) => achievementPage(achievement, issuer.url)
  }

  fastify.get('/achievements/modules/:moduleId/versions/:version', {
    config,
    schema: {
      tags: ['achievements'],
      summary: 'The Achievement of a published module version, as its credentials embed it',
      description: 'JSON (OB 3.0 Achievement with its context), or a page when the client prefers `text/html`.',
      params: ModuleAchievementParams,
      response: publicPageResponses(AchievementDocumentSchema, 'the Achievement')
    }
  }, async (request, reply) => {
    const { moduleId, version } = request.params
    return answerPublic(request, reply, moduleAchievement(moduleId, version), { what: 'module version', id: `${moduleId} ${version}` }, views)
  })

  fastify.get('/achievements/modules/:moduleId/versions/:version/image.svg', {
    config,
    schema: {
      tags: ['achievements'],
      summary: 'The badge image of a published module version',
      params: ModuleAchievementParams,
      response: { 200: svgResponse('the badge, generated'), ...problemResponses(404, 429) }
    }
  }, async (request, reply) => {
    const { moduleId, version } = request.params
    const achievement = moduleAchievement(moduleId, version)?.achievement
    if (!achievement) throw notFound('module version', `${moduleId} ${version}`)
    return sendSvg(reply, badgeImage({ id: achievement.id, title: achievement.name, label: achievement.humanCode }), IMAGE_MAX_AGE.version)
  })

  fastify.get('/achievements/pathways/:pathwayId', {
    config,
    schema: {
      tags: ['achievements'],
      summary: 'The Achievement of a development path, as its credentials embed it',
      description: 'JSON (OB 3.0 Achievement with its context), or a page when the client prefers `text/html`.',
      params: PathwayAchievementParams,
      response: publicPageResponses(AchievementDocumentSchema, 'the Achievement')
    }
  }, async (request, reply) => answerPublic(request, reply, pathwayAchievement(request.params.pathwayId),
    { what: 'development path', id: request.params.pathwayId },
    views))

  fastify.get('/achievements/pathways/:pathwayId/image.svg', {
    config,
    schema: {
      tags: ['achievements'],
      summary: 'The badge image of a development path',
      params: PathwayAchievementParams,
      response: { 200: svgResponse('the badge, generated'), ...problemResponses(404, 429) }
    }
  }, async (request, reply) => {
    const achievement = pathwayAchievement(request.params.pathwayId)?.achievement
    if (!achievement) throw notFound('development path', request.params.pathwayId)
    return sendSvg(reply, badgeImage({ id: achievement.id, title: achievement.name, label: 'ontwikkelpad' }), IMAGE_MAX_AGE.pathway)
  })

  // crebo qualifications and work processes: known by the published modules that name them
  const references = [
    { path: 'crebo', what: 'crebo qualification', noun: 'the qualification', describe: describeCrebo, modules: repo.modulesWithCrebo },
    { path: 'werkprocessen', what: 'work process', noun: 'the work process', describe: describeWorkProcess, modules: repo.modulesWithWorkProcess }
  ]
  for (const ref of references) {
    fastify.get(`/frameworks/${ref.path}/:code`, {
      config,
      schema: {
        tags: ['achievements'],
        summary: `A ${ref.what} that published modules align to, with those modules`,
        params: CodeParams,
        response: publicPageResponses(ReferenceSchema, ref.noun)
      }
    }, async (request, reply) => {
      const { code } = request.params
      return answerPublic(request, reply, ref.describe(publicUrl, code, ref.modules(code)), { what: ref.what, id: code },
        { json: (d) => d, page: referencePage })
    })
  }

  fastify.get('/frameworks/:framework/:level', {
    config,
    schema: {
      tags: ['achievements'],
      summary: 'A level of a basic-skill framework (referentiekader, cefr, digitale-basisvaardigheden, digcomp)',
      params: FrameworkLevelParams,
      response: publicPageResponses(FrameworkLevelSchema, 'the level')
    }
  }, async (request, reply) => {
    const { framework, level } = request.params
    return answerPublic(request, reply, describeFrameworkLevel(publicUrl, framework, level), { what: 'framework level', id: `${framework} ${level}` },
      { json: (d) => d, page: frameworkLevelPage })
  })

  fastify.get('/skills/:skillId', {
    config,
    schema: {
      tags: ['achievements'],
      summary: 'A skill of the catalogue, with the published modules that train it',
      params: SkillParams,
      response: publicPageResponses(SkillDescriptionSchema, 'the skill')
    }
  }, async (request, reply) => {
    const skill = repo.findSkill(request.params.skillId)
    return answerPublic(request, reply, skill && describeSkill(publicUrl, skill, repo.modulesWithSkill(skill.id)),
      { what: 'skill', id: request.params.skillId }, { json: (d) => d, page: skillPage })
  })
}
export default achievementRoutes
