import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { principalOf } from '../../plugins/auth.ts'
import { Problem, invalid } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { PageQuery, toPage } from '../../lib/pagination.ts'
import { createOrganisationRepository } from '../organisations/repository.ts'
import { createParticipantRepository } from '../participants/repository.ts'
import { createParticipantAccess } from '../participants/access.ts'
import { BSN_REFUSED, looksLikeBsn, SHARE_CONSENT } from '../participants/rules.ts'
import { ParticipantParams } from '../participants/schemas.ts'
import { ACCESS_LINK_DAYS, SHARE_DAYS } from './rules.ts'
import { accessLinkView, shareView } from './views.ts'
import {
  AccessLinkSchema, CreateAccessLinkBody, CreateShareBody, CreatedAccessLink, CreatedShare, ShareList, ShareParams, ShareSchema
} from './schemas.ts'

const COACHES = ['admin', 'coach'] as const

const shareNotFound = (shareId: string) => new Problem('share-not-found', `share ${shareId} does not exist or is not this participant's`)

/**
 * The coach's side of personal links (`/p/{token}`) and share links (`/s/{token}`): make, read,
 * revoke or withdraw them for a participant of the key's regions. A link's URL holds its token and
 * is given only in the answer that makes it; only the token's hash is kept.
 */
const sharingRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(ShareSchema)
  const { sharing } = fastify
  const organisations = createOrganisationRepository(fastify.db)
  const visibleParticipant = createParticipantAccess(createParticipantRepository(fastify.db))

  /**
   * The employer a share is made for: an organisation of kind `employer` active in the
   * participant's region. One of another region is answered exactly as one that does not exist.
   */
  function checkEmployer (employerId: string, regionId: string) {
    const org = organisations.findById(employerId)
    if (!org || !org.regionIds.includes(regionId)) {
      throw invalid('unknown-employer', `organisation ${employerId} does not exist or is not active in the participant's region`, '#/employerId')
    }
    if (org.kind !== 'employer') throw invalid('not-an-employer', `organisation ${employerId} is a ${org.kind}, not an employer`, '#/employerId')
  }

  // ---- personal links ------------------------------------------------------------------------

  fastify.post('/participants/:participantId/access-link', {
    config: { roles: COACHES, audit: 'access-link.create' },
    schema: {
      tags: ['sharing'],
      summary: 'Make the participant\'s personal link (their own page, /p/{token})',
      description: 'The participant opens their own page with it, without a password; hand it over on paper with `sheetUrl` (an A4 sheet with a QR code). ' +
        `It works for ${ACCESS_LINK_DAYS.default} days unless \`expiresInDays\` says otherwise (at most ${ACCESS_LINK_DAYS.max}). ` +
        'Making a new link revokes the earlier one at once. The URL is shown only in this answer: only its hash is kept, so a lost link is replaced by making a new one.',
      params: ParticipantParams,
      body: CreateAccessLinkBody,
      response: { 201: CreatedAccessLink, ...problemResponses(400, 401, 403, 404, 410) }
    },
    // a link with the default expiry needs no body at all
    preValidation: async (request) => { request.body ??= {} }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const participant = visibleParticipant(principal, request.params.participantId)
    const { link, url, sheetUrl } = sharing.makeAccessLink(participant.id, { expiresInDays: request.body.expiresInDays, createdBy: principal.keyId })
    return reply.code(201).header('location', `/v1/participants/${participant.id}/access-link`)
      .send({ id: link.id, url, sheetUrl, createdAt: link.createdAt, expiresAt: link.expiresAt })
  })

  fastify.get('/participants/:participantId/access-link', {
    config: { roles: COACHES },
    schema: {
      tags: ['sharing'],
      summary: 'The state of the participant\'s newest personal link',
      description: 'When it was made, until when it works, whether it was revoked and when the participant last opened it. The URL itself is not kept and cannot be read again.',
      params: ParticipantParams,
      response: { 200: AccessLinkSchema, ...problemResponses(401, 403, 404, 410) }
    }
  }, async (request) => {
    const participant = visibleParticipant(principalOf(request), request.params.participantId)
    const link = sharing.repo.newestAccessLink(participant.id)
    if (!link) throw new Problem('access-link-not-found', `participant ${participant.id} has no personal link yet; make one with POST`)
    return accessLinkView(link, fastify.config.now())
  })

  fastify.delete('/participants/:participantId/access-link', {
    config: { roles: COACHES, audit: 'access-link.revoke' },
    schema: {
      tags: ['sharing'],
      summary: 'Revoke the participant\'s personal link; it stops working at once',
      description: 'Answers 204 also when there is no working link (revoking twice changes nothing). The participant\'s share links keep working.',
      params: ParticipantParams,
      response: { 204: Type.Null({ description: 'Revoked (or there was nothing to revoke)' }), ...problemResponses(401, 403, 404, 410) }
    }
  }, async (request, reply) => {
    const participant = visibleParticipant(principalOf(request), request.params.participantId)
    sharing.repo.revokeAccessLinks(participant.id, fastify.config.now().toISOString())
    return reply.code(204).send(null)
  })

  // ---- share links ---------------------------------------------------------------------------

  fastify.post('/participants/:participantId/shares', {
    config: { roles: COACHES, audit: 'share.create' },
    schema: {
      tags: ['sharing'],
      summary: 'Make a share link for an employer (/s/{token})',
      description: `Needs the participant's consent \`${SHARE_CONSENT}\` (409 \`consent-required\` without it); withdrawing that consent withdraws every share link. ` +
        `It works for ${SHARE_DAYS.default} days unless \`expiresInDays\` says otherwise (at most ${SHARE_DAYS.max}); a share expiring does not make the credentials expire. ` +
        'With `employerId` the employer\'s own API keys may read the portfolio through it too. The URL is shown only in this answer: only its hash is kept.',
      params: ParticipantParams,
      body: CreateShareBody,
      response: { 201: CreatedShare, ...problemResponses(400, 401, 403, 404, 409, 410) }
    }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const participant = visibleParticipant(principal, request.params.participantId)
    const { scope, credentialIds, expiresInDays, employerId } = request.body
    const label = request.body.label?.trim()
    if (label !== undefined && looksLikeBsn(label)) throw invalid('looks-like-bsn', BSN_REFUSED, '#/label')
    if (employerId !== undefined) checkEmployer(employerId, participant.regionId)
    const now = fastify.config.now()
    const { share, url } = sharing.makeShare(participant.id, { scope, credentialIds, expiresInDays, label, employerId, createdBy: principal.keyId }, now)
    return reply.code(201).header('location', `/v1/participants/${participant.id}/shares/${share.id}`)
      .send({ url, ...shareView(share, now) })
  })

  fastify.get('/participants/:participantId/shares', {
    config: { roles: COACHES },
    schema: {
      tags: ['sharing'],
      summary: 'The participant\'s share links, newest first',
      description: 'Made by a coach or by the participant on their own page; with how often and when each was last opened. URLs are not kept and cannot be read again.',
      params: ParticipantParams,
      querystring: PageQuery,
      response: { 200: ShareList, ...problemResponses(400, 401, 403, 404, 410) }
    }
  }, async (request) => {
    const participant = visibleParticipant(principalOf(request), request.params.participantId)
    const { limit, cursor } = request.query
    const now = fastify.config.now()
    return toPage(sharing.repo.sharesOf(participant.id, limit, cursor), limit, (row) => shareView(row, now))
  })

  fastify.get('/participants/:participantId/shares/:shareId', {
    config: { roles: COACHES },
    schema: {
      tags: ['sharing'],
      summary: 'One share link of the participant',
      params: ShareParams,
      response: { 200: ShareSchema, ...problemResponses(401, 403, 404, 410) }
    }
  }, async (request) => {
    const participant = visibleParticipant(principalOf(request), request.params.participantId)
    const share = sharing.repo.shareById(request.params.shareId)
    if (!share || share.participantId !== participant.id) throw shareNotFound(request.params.shareId)
    return shareView(share, fastify.config.now())
  })

  fastify.delete('/participants/:participantId/shares/:shareId', {
    config: { roles: COACHES, audit: 'share.withdraw' },
    schema: {
      tags: ['sharing'],
      summary: 'Withdraw a share link; it stops working at once',
      description: 'Answers with the share, withdrawn (`withdrawnReason` `coach`). Withdrawing it again changes nothing: the first withdrawal is kept.',
      params: ShareParams,
      response: { 200: ShareSchema, ...problemResponses(401, 403, 404, 410) }
    }
  }, async (request) => {
    const participant = visibleParticipant(principalOf(request), request.params.participantId)
    const now = fastify.config.now()
    const share = sharing.withdrawShare(participant.id, request.params.shareId, 'coach', now)
    if (!share) throw shareNotFound(request.params.shareId)
    return shareView(share, now)
  })
}
export default sharingRoutes
