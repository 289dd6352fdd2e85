import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { principalOf } from '../../plugins/auth.ts'
import { notFound } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { computePortfolio } from './compute.ts'
import { createPortfolioRepository } from './repository.ts'
import { createParticipantRepository } from '../participants/repository.ts'
import { createParticipantAccess } from '../participants/access.ts'
import { PortfolioParams, PortfolioQuery, PortfolioSchema } from './schemas.ts'

/**
 * The combined portfolio of a participant, computed on every request from the completions: nothing
 * of it is stored. A participant outside the key's regions is answered as unknown (404), so that
 * a key cannot probe which ids exist elsewhere. A provider sees only people it holds a reference for.
 */
const portfolioRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(PortfolioSchema)
  const portfolios = createPortfolioRepository(fastify.db)
  const visibleParticipant = createParticipantAccess(createParticipantRepository(fastify.db))

  fastify.get('/participants/:participantId/portfolio', {
    config: { roles: ['admin', 'coach', 'provider'] },
    schema: {
      tags: ['portfolio'],
      summary: 'The combined portfolio of a participant',
      description: 'Basic skills per domain and framework with the highest level, vocational skills, each with the ' +
        'completions that show it (workplace learning and host company named); modules done and in progress per version, ' +
        'with the units still to do; development paths with their requirement tree evaluated. Voided completions never count.',
      params: PortfolioParams,
      querystring: PortfolioQuery,
      response: { 200: PortfolioSchema, ...problemResponses(400, 401, 403, 404, 410) }
    }
  }, async (request) => {
    const { participantId } = request.params
    const { pathwayId } = request.query
    const principal = principalOf(request)
    // as for the participant itself: a provider reads only portfolios of people it holds a reference for
    visibleParticipant(principal, participantId)
    const input = portfolios.readInput(participantId)
    if (pathwayId !== undefined && !input.pathways.some((p) => p.id === pathwayId)) throw notFound('development path', pathwayId)
    const portfolio = computePortfolio(input)
    return {
      participantId,
      generatedAt: new Date().toISOString(),
      ...portfolio,
      pathways: pathwayId === undefined ? portfolio.pathways : portfolio.pathways.filter((p) => p.pathwayId === pathwayId)
    }
  })
}
export default portfolioRoutes
