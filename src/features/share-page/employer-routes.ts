import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { StringEnum } from '../../lib/typebox.ts'
import { SHARE_SCOPES } from '../../lib/vocabulary.ts'
import { principalOf } from '../../plugins/auth.ts'
import { Problem } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { portfolioDocument, shareChecker } from './checked-share.ts'
import { SharedPortfolioSchema } from './schemas.ts'
import { createParticipantRepository } from '../participants/repository.ts'
import { canSeeShare } from '../../lib/access-policy.ts'
import { linkState } from '../sharing/rules.ts'
import { actorOf } from '../audit/plugin.ts'

const EmployerShareSchema = Type.Object({
  id: Type.String(),
  participant: Type.Object({ displayName: Type.String() }, { additionalProperties: false }),
  label: Type.Union([Type.String(), Type.Null()], { description: 'who it is for, in the participant\'s or coach\'s words' }),
  scope: StringEnum(SHARE_SCOPES),
  sharedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' })
}, { additionalProperties: false })

const notFound = (shareId: string) => new Problem('share-not-found', `no share ${shareId} is open to this organisation`)

/**
 * The employer role's view of shares made for its organisation: the list of those still open,
 * and each one's portfolio (the same document as /s/{token}/portfolio.json). Only the
 * organisation a share names may read it; any other share, or one expired or withdrawn, is
 * answered exactly as an unknown id. Admins are not let in: a share is the participant's gift to
 * one employer, and coaches and admins already see the participant's shares through
 * /v1/participants/{id}/shares.
 */
const employerShareRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const participants = createParticipantRepository(fastify.db)
  const check = shareChecker(fastify)

  fastify.get('/shares', {
    config: { roles: ['employer'] },
    schema: {
      tags: ['sharing'],
      summary: 'The open shares made for the key\'s organisation',
      description: 'Shares participants made for this employer that are neither expired nor withdrawn, newest first.',
      response: { 200: Type.Object({ items: Type.Array(EmployerShareSchema) }, { additionalProperties: false }), ...problemResponses(401, 403) }
    }
  }, async (request) => {
    const principal = principalOf(request)
    const rows = principal.organisationId ? fastify.sharing.repo.activeSharesFor(principal.organisationId, fastify.config.now().toISOString()) : []
    const items = rows.flatMap((share) => {
      const participant = participants.findById(share.participantId)
      if (!participant) return []
      return [{ id: share.id, participant: { displayName: participant.displayName }, label: share.label, scope: share.scope, sharedAt: share.createdAt, expiresAt: share.expiresAt }]
    })
    return { items }
  })

  fastify.get('/shares/:shareId/portfolio', {
    config: { roles: ['employer'] },
    schema: {
      tags: ['sharing'],
      summary: 'The portfolio of a share made for the key\'s organisation',
      description: 'The same document as GET /s/{token}/portfolio.json, each credential verified just now; recorded as a view. ' +
        '404 `share-not-found` for a share not made for this organisation, expired or withdrawn.',
      params: Type.Object({ shareId: Type.String({ maxLength: 64 }) }),
      response: { 200: SharedPortfolioSchema, ...problemResponses(401, 403, 404) }
    }
  }, async (request) => {
    const { shareId } = request.params
    const principal = principalOf(request)
    const now = fastify.config.now()
    const share = fastify.sharing.repo.shareById(shareId)
    if (!share || canSeeShare(principal, { employerId: share.employerId, active: linkState(share, now) === 'active' }) === 'hidden') throw notFound(shareId)
    const participant = participants.findById(share.participantId)
    if (!participant) throw notFound(shareId)
    fastify.sharing.repo.recordView(share.id, now.toISOString(), 'api', actorOf(request))
    return portfolioDocument(await check(share, participant, now))
  })
}
export default employerShareRoutes
