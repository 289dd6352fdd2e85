import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { principalOf } from '../../plugins/auth.ts'
import { Problem, conflict, forbidden, invalid } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import type { Principal } from '../../lib/principal.ts'
import { actsForOwnOrganisation, canSeeRegionRow, listScopeOf, referenceScopeOf } from '../../lib/access-policy.ts'
import { newId } from '../../lib/ids.ts'
import { PageQuery, toPage } from '../../lib/pagination.ts'
import { createRegionRepository } from '../regions/repository.ts'
import { createOrganisationRepository } from '../organisations/repository.ts'
import { createParticipantRepository, type ParticipantRow } from './repository.ts'
import { BSN_REFUSED, SHARE_CONSENT, checkConsentParty, looksLikeBsn, nextTimestamp } from './rules.ts'
import { toParticipantViews } from './views.ts'
import { createParticipantAccess } from './access.ts'
import {
  ConsentList, ConsentSchema, CreateConsentBody, CreateParticipantBody, CreateReferenceBody, ParticipantList,
  ParticipantParams, ParticipantQuery, ParticipantSchema, ReferenceSchema, UpdateParticipantBody
} from './schemas.ts'

const READERS = ['admin', 'coach', 'provider'] as const
const WRITERS = ['admin', 'coach'] as const

/** Refuses free text that looks like a BSN, wherever it is given. */
function refuseBsn (text: string, pointer: string, part: 'body' | 'querystring' = 'body') {
  if (looksLikeBsn(text)) throw new Problem('looks-like-bsn', BSN_REFUSED, [{ pointer, detail: BSN_REFUSED, code: 'looks-like-bsn', in: part }])
}

/**
 * Participants (deelnemers) of a region, the references organisations hold for them, and their
 * consents. A participant outside the key's regions is answered as unknown. A provider key sees
 * only participants its organisation holds a reference for.
 */
const participantRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(ParticipantSchema)
  fastify.addSchema(ConsentSchema)
  const participants = createParticipantRepository(fastify.db)
  const regions = createRegionRepository(fastify.db)
  const organisations = createOrganisationRepository(fastify.db)

  const visibleParticipant = createParticipantAccess(participants)

  /** An organisation named in a body must be active in the participant's region; another region's is answered as unknown. */
  function organisationInRegion (organisationId: string, regionId: string) {
    const org = organisations.findById(organisationId)
    if (!org || !org.regionIds.includes(regionId)) {
      throw invalid('unknown-organisation', `organisation ${organisationId} does not exist or is not active in the participant's region`, '#/organisationId')
    }
    return org
  }

  const view = (principal: Principal, row: ParticipantRow) => toParticipantViews(participants, principal, [row])[0]!

  fastify.post('/participants', {
    config: { roles: WRITERS, audit: 'participant.create' },
    schema: {
      tags: ['participants'],
      summary: 'Enrol a participant in a region',
      description: 'No national ID number (BSN) is ever stored: there is no field for it, and a display name or reference that looks like one is refused. ' +
        '`reference` is the enrolling organisation\'s own reference for the participant.',
      body: CreateParticipantBody,
      response: { 201: ParticipantSchema, ...problemResponses(400, 401, 403, 409) }
    }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const { regionId, contact } = request.body
    if (!regions.findById(regionId) || canSeeRegionRow(principal, { id: regionId }) === 'hidden') {
      throw invalid('unknown-region', `region ${regionId} does not exist or is outside this key's regions`, '#/regionId')
    }
    const displayName = request.body.displayName.trim()
    refuseBsn(displayName, '#/displayName')
    const reference = request.body.reference?.trim()
    if (reference !== undefined) {
      refuseBsn(reference, '#/reference')
      if (principal.organisationId === null) {
        throw invalid('reference-needs-organisation', 'a reference belongs to an organisation; a service-wide admin key has none', '#/reference')
      }
      if (participants.findByReference(principal.organisationId, reference)) {
        throw conflict('duplicate-reference', `the organisation already uses reference ${reference} for another participant`, '#/reference')
      }
    }
    const now = fastify.config.now().toISOString()
    const row = participants.insert({
      id: newId('ppt'),
      regionId,
      displayName,
      contactEmail: contact?.email ?? null,
      contactPhone: contact?.phone ?? null,
      enrolledBy: principal.organisationId,
      createdAt: now,
      updatedAt: now
    }, reference)
    return reply.code(201).send(view(principal, row))
  })

  fastify.get('/participants', {
    config: { roles: READERS },
    schema: {
      tags: ['participants'],
      summary: 'List participants in the regions this key may see',
      description: 'A provider key lists only participants its organisation holds a reference for. ' +
        '`reference` finds a participant by the calling organisation\'s own reference.',
      querystring: ParticipantQuery,
      response: { 200: ParticipantList, ...problemResponses(400, 401, 403) }
    }
  }, async (request) => {
    const principal = principalOf(request)
    const { regionId, reference, limit, cursor } = request.query
    const scope = listScopeOf(principal, regionId)
    let byReference: { organisationId: string, reference: string } | undefined
    if (reference !== undefined) {
      refuseBsn(reference.trim(), '#/reference', 'querystring')
      if (principal.organisationId === null) {
        const detail = 'a reference belongs to an organisation; a service-wide admin key has none'
        throw new Problem('reference-needs-organisation', detail, [{ pointer: '#/reference', detail, code: 'reference-needs-organisation', in: 'querystring' }])
      }
      byReference = { organisationId: principal.organisationId, reference: reference.trim() }
    }
    const linkedTo = referenceScopeOf(principal)
    const page = toPage(participants.list({ regionIds: scope, linkedTo, reference: byReference, limit, cursor }), limit)
    return { items: toParticipantViews(participants, principal, page.items), nextCursor: page.nextCursor }
  })

  fastify.get('/participants/:participantId', {
    config: { roles: READERS },
    schema: {
      tags: ['participants'],
      summary: 'One participant, with references and current consents',
      params: ParticipantParams,
      response: { 200: ParticipantSchema, ...problemResponses(401, 403, 404, 410) }
    }
  }, async (request) => {
    const principal = principalOf(request)
    return view(principal, visibleParticipant(principal, request.params.participantId))
  })

  fastify.patch('/participants/:participantId', {
    config: { roles: WRITERS, audit: 'participant.update' },
    schema: {
      tags: ['participants'],
      summary: 'Change a participant\'s display name or contact details',
      description: 'A contact field set to null is cleared; a field left out stays as it is.',
      params: ParticipantParams,
      body: UpdateParticipantBody,
      response: { 200: ParticipantSchema, ...problemResponses(400, 401, 403, 404, 410) }
    }
  }, async (request) => {
    const principal = principalOf(request)
    const row = visibleParticipant(principal, request.params.participantId)
    const { contact } = request.body
    const displayName = request.body.displayName?.trim()
    if (displayName !== undefined) refuseBsn(displayName, '#/displayName')
    const updated = participants.update(row.id, {
      ...(displayName !== undefined ? { displayName } : {}),
      ...(contact?.email !== undefined ? { contactEmail: contact.email } : {}),
      ...(contact?.phone !== undefined ? { contactPhone: contact.phone } : {}),
      updatedAt: nextTimestamp(row.updatedAt)
    })
    return view(principal, updated)
  })

  fastify.post('/participants/:participantId/references', {
    config: { roles: READERS, audit: 'reference.create' },
    schema: {
      tags: ['participants'],
      summary: 'Record an organisation\'s own reference for the participant',
      description: 'Providers and coaches record their own organisation\'s reference (a provider links itself to the participant this way); ' +
        'an admin names the organisation, which must be active in the participant\'s region. One reference per organisation and participant.',
      params: ParticipantParams,
      body: CreateReferenceBody,
      response: { 201: ReferenceSchema, ...problemResponses(400, 401, 403, 404, 409, 410) }
    }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const participant = visibleParticipant(principal, request.params.participantId, false)
    const { organisationId } = request.body
    let orgId: string
    if (!actsForOwnOrganisation(principal)) {
      if (organisationId === undefined) throw invalid('organisation-required', 'an admin names the organisation whose reference this is', '#/organisationId')
      orgId = organisationInRegion(organisationId, participant.regionId).id
    } else {
      if (organisationId !== undefined && organisationId !== principal.organisationId) {
        throw forbidden('this key records references only for its own organisation')
      }
      orgId = principal.organisationId!
    }
    const reference = request.body.reference.trim()
    refuseBsn(reference, '#/reference')
    if (participants.referenceOf(participant.id, orgId)) {
      throw conflict('reference-exists', `organisation ${orgId} already has a reference for this participant`)
    }
    if (participants.findByReference(orgId, reference)) {
      throw conflict('duplicate-reference', `the organisation already uses reference ${reference} for another participant`, '#/reference')
    }
    const row = participants.insertReference({ organisationId: orgId, reference, participantId: participant.id, createdAt: new Date().toISOString() })
    return reply.code(201).send(row)
  })

  fastify.post('/participants/:participantId/consents', {
    config: { roles: WRITERS, audit: 'consent.record' },
    schema: {
      tags: ['participants'],
      summary: 'Record consent given or withdrawn',
      description: 'Append-only: every call adds a record, and the newest record per purpose and organisation holds. ' +
        '`organisationId` names the party for `data-exchange` (an organisation active in the participant\'s region) and is not allowed for the other purposes. ' +
        `Withdrawing \`${SHARE_CONSENT}\` (\`given: false\`) withdraws every share link of the participant at once (\`withdrawnReason\` \`consent-withdrawn\`).`,
      params: ParticipantParams,
      body: CreateConsentBody,
      response: { 201: ConsentSchema, ...problemResponses(400, 401, 403, 404, 410) }
    }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const participant = visibleParticipant(principal, request.params.participantId)
    const { purpose, given, organisationId } = request.body
    const issue = checkConsentParty(purpose, organisationId)
    if (issue) throw invalid(issue.code, issue.detail, issue.pointer)
    if (organisationId !== undefined) organisationInRegion(organisationId, participant.regionId)
    const now = fastify.config.now()
    // withdrawing share consent withdraws every share link with it, in the same transaction
    const row = fastify.db.transaction(() => {
      const record = participants.insertConsent({
        id: newId('cns'),
        participantId: participant.id,
        purpose,
        organisationId: organisationId ?? null,
        given,
        recordedAt: now.toISOString(),
        recordedBy: principal.keyId
      })
      if (purpose === SHARE_CONSENT && !given) fastify.sharing.withdrawSharesForConsent(participant.id, now)
      return record
    })
    return reply.code(201).send({ id: row.id, purpose: row.purpose, organisationId: row.organisationId, given: row.given, recordedAt: row.recordedAt })
  })

  fastify.get('/participants/:participantId/consents', {
    config: { roles: WRITERS },
    schema: {
      tags: ['participants'],
      summary: 'The consent history of a participant, newest first',
      params: ParticipantParams,
      querystring: PageQuery,
      response: { 200: ConsentList, ...problemResponses(400, 401, 403, 404, 410) }
    }
  }, async (request) => {
    const participant = visibleParticipant(principalOf(request), request.params.participantId)
    const { limit, cursor } = request.query
    return toPage(participants.listConsents(participant.id, limit, cursor), limit, ({ createdAt: _c, ...record }) => record)
  })
}
export default participantRoutes
