import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Problem, conflict, notFound } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { ROLES } from '../../lib/principal.ts'
import { newId } from '../../lib/ids.ts'
import { toPage } from '../../lib/pagination.ts'
import { checkSkillLevel } from './levels.ts'
import { CreateSkillBody, SkillList, SkillParams, SkillQuery, SkillSchema } from './schemas.ts'
import { createSkillRepository, toSkillView } from './skill-repository.ts'

/** Skills: vocational skills and basic skills (language, numeracy, digital) at a framework level. */
const skillRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(SkillSchema)
  const skills = createSkillRepository(fastify.db)

  fastify.post('/skills', {
    config: { roles: ['admin', 'provider'], audit: 'skill.create' },
    schema: {
      tags: ['catalogue'],
      summary: 'Add a skill to the shared catalogue',
      description: 'A basic skill needs a domain and a level of that domain; a vocational skill has neither. Names are unique, case-insensitive.',
      body: CreateSkillBody,
      response: { 201: SkillSchema, ...problemResponses(400, 401, 403, 409) }
    }
  }, async (request, reply) => {
    const { name, kind, domain, level, escoUri, description } = request.body
    const issues = checkSkillLevel(kind, domain, level)
    if (issues.length > 0) {
      throw new Problem(issues[0]!.code, issues.map((i) => i.detail).join('; '), issues.map((i) => ({ ...i, in: 'body' as const })))
    }
    if (skills.findByName(name.trim())) throw conflict('duplicate-name', `a skill named ${name.trim()} exists`, '#/name')
    const row = skills.insert({
      id: newId('skl'),
      name: name.trim(),
      kind,
      domain: domain ?? null,
      level: level ?? null,
      escoUri: escoUri ?? null,
      description: description?.trim() ?? null,
      createdAt: new Date().toISOString()
    })
    return reply.code(201).send(toSkillView(row))
  })

  fastify.get('/skills', {
    config: { roles: ROLES },
    schema: {
      tags: ['catalogue'],
      summary: 'List skills',
      querystring: SkillQuery,
      response: { 200: SkillList, ...problemResponses(400, 401) }
    }
  }, async (request) => {
    const { limit } = request.query
    return toPage(skills.list(request.query), limit, toSkillView)
  })

  fastify.get('/skills/:skillId', {
    config: { roles: ROLES },
    schema: {
      tags: ['catalogue'],
      summary: 'One skill',
      params: SkillParams,
      response: { 200: SkillSchema, ...problemResponses(401, 404) }
    }
  }, async (request) => {
    const row = skills.findById(request.params.skillId)
    if (!row) throw notFound('skill', request.params.skillId)
    return toSkillView(row)
  })
}
export default skillRoutes
