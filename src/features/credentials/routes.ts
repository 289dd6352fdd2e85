import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { principalOf } from '../../plugins/auth.ts'
import { Problem } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import type { Principal } from '../../lib/principal.ts'
import { canSeeCredential } from '../../lib/access-policy.ts'
import { requireNotErased, requireVisible } from '../../lib/require-visible.ts'
import { createParticipantRepository, type ParticipantRow } from '../participants/repository.ts'
import { createParticipantAccess } from '../participants/access.ts'
import type { CredentialRow } from './repository.ts'
import { credentialSummary, credentialView } from './views.ts'
import { CredentialList, CredentialParams, CredentialSchema, CredentialSummarySchema, ParticipantParams, PendingSchema, PortfolioCredentialSchema, RevokeBody } from './schemas.ts'

const READERS = ['admin', 'coach', 'provider'] as const

/** Participants' credentials: read, download, revoke; the portfolio credential on request. */
const credentialRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(CredentialSummarySchema)
  fastify.addSchema(CredentialSchema)
  fastify.addSchema(PendingSchema)
  const issuance = fastify.issuance
  const credentials = issuance.repo
  const participants = createParticipantRepository(fastify.db)
  const publicUrl = fastify.config.publicUrl

  const summary = (row: CredentialRow) => credentialSummary(row, publicUrl)
  const full = (row: CredentialRow) => credentialView(row, publicUrl)
  /** What the outbox still holds for the participant: the credentials the key will see once issued (a module's are its provider's). */
  const pendingFor = (principal: Principal, participant: ParticipantRow) => credentials.pendingOf(participant.id).flatMap((e) => {
    const version = credentials.versionFacts(e.moduleVersionId)
    if (!version || canSeeCredential(principal, { issuerId: version.providerId, regionId: participant.regionId }) === 'hidden') return []
    return [{ event: e.type as 'module.completed' | 'completion.voided', moduleId: version.module.moduleId, moduleVersion: version.module.version, since: e.since }]
  })

  const visibleParticipant = createParticipantAccess(participants)
  /**
   * The credential, when the key may see it. `asJwt`: also refused (410) once its participant's
   * personal data was erased, for the erasure blanked the JWT; its status and what it was stay readable.
   */
  function visibleCredential (principal: Principal, id: string, asJwt = false): CredentialRow {
    const row = credentials.findById(id)
    const participant = row && participants.findById(row.participantId)
    const visible = requireVisible('credential', id, row, row && participant && canSeeCredential(principal, { issuerId: row.issuerId, regionId: participant.regionId }))
    if (asJwt) requireNotErased(participant!)
    return visible
  }

  fastify.get('/participants/:participantId/credentials', {
    config: { roles: READERS },
    schema: {
      tags: ['credentials'],
      summary: 'The participant\'s credentials, revoked ones included',
      description: 'Answers at once with what is issued; `pending` lists what is still being issued for the participant.',
      params: ParticipantParams,
      response: { 200: CredentialList, ...problemResponses(401, 403, 404, 410) }
    }
  }, async (request) => {
    const principal = principalOf(request)
    const participant = visibleParticipant(principal, request.params.participantId)
    const pending = pendingFor(principal, participant)
    const rows = credentials.listByParticipant(participant.id)
      .filter((r: CredentialRow) => canSeeCredential(principal, { issuerId: r.issuerId, regionId: participant.regionId }) === 'visible')
    return { items: rows.map(summary), pending }
  })

  fastify.get('/credentials/:credentialId', {
    config: { roles: READERS },
    schema: {
      tags: ['credentials'],
      summary: 'A credential, its JWT and its current status',
      description: 'With `Accept: application/vc+jwt` the answer is the compact JWT alone. Once the participant\'s personal data was erased, ' +
        'the credential shows as revoked (`participant-request`) with only what it was and `jwt` null, and the JWT alone answers 410 `participant-erased`.',
      params: CredentialParams,
      response: { 200: CredentialSchema, ...problemResponses(401, 403, 404, 410) }
    }
  }, async (request, reply) => {
    const asJwt = /application\/vc\+jwt/.test(String(request.headers.accept ?? ''))
    const row = visibleCredential(principalOf(request), request.params.credentialId, asJwt)
    if (asJwt) {
      return reply.type('application/vc+jwt').serializer((x: unknown) => String(x)).send(row.jwt as never)
    }
    return full(row)
  })

  fastify.get('/credentials/:credentialId/download', {
    config: { roles: READERS },
    schema: {
      tags: ['credentials'],
      summary: 'The credential as a file (.jwt), for a wallet or an e-mail',
      description: 'Once the participant\'s personal data was erased there is no JWT left: 410 `participant-erased`.',
      params: CredentialParams,
      response: { 200: { description: 'the compact JWT', content: { 'application/vc+jwt': { schema: { type: 'string' } } } }, ...problemResponses(401, 403, 404, 410) }
    }
  }, async (request, reply) => {
    const row = visibleCredential(principalOf(request), request.params.credentialId, true)
    return reply.type('application/vc+jwt')
      .header('content-disposition', `attachment; filename="stapsteen-${row.kind}-${row.id}.jwt"`)
      .serializer((x: unknown) => String(x)).send(row.jwt as never)
  })

  fastify.post('/credentials/:credentialId/revoke', {
    config: { roles: ['admin', 'provider'], audit: 'credential.revoke' },
    schema: {
      tags: ['credentials'],
      summary: 'Revoke a credential for good, with a reason verifiers will see',
      params: CredentialParams,
      body: RevokeBody,
      response: { 200: CredentialSchema, ...problemResponses(400, 401, 403, 404, 409) }
    }
  }, async (request) => {
    const principal = principalOf(request)
    const row = visibleCredential(principal, request.params.credentialId)
    if (row.revokedAt) throw new Problem('already-revoked', `the credential was revoked on ${row.revokedAt}`)
    // the note is free text about a person: it is not logged
    request.log.info({ credentialId: row.id, reason: request.body.reason }, 'credential revoked')
    return full(issuance.revoke(row, request.body.reason))
  })

  fastify.post('/participants/:participantId/portfolio-credential', {
    config: { roles: ['admin', 'coach'], audit: 'credential.issue-portfolio' },
    schema: {
      tags: ['credentials'],
      summary: 'Issue a CLR 2.0 portfolio credential holding the participant\'s valid credentials',
      description: 'Holds the credentials issued at the moment of the request; `pending` lists those still being issued, which a later portfolio credential will hold.',
      params: ParticipantParams,
      response: { 201: PortfolioCredentialSchema, ...problemResponses(401, 403, 404, 409, 410) }
    }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const participant = visibleParticipant(principal, request.params.participantId)
    const pending = pendingFor(principal, participant)
    const row = await issuance.issuePortfolio(participant.id)
    if (!row) {
      throw new Problem('no-credentials', 'the participant holds no valid credential yet to put in a portfolio credential' +
        (pending.length > 0 ? `; ${pending.length} still being issued, try again shortly` : ''))
    }
    return reply.code(201).send({ ...full(row), pending })
  })
}
export default credentialRoutes
