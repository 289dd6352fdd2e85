import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { principalOf } from '../../plugins/auth.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { requireVisible } from '../../lib/require-visible.ts'
import { completionView } from '../completions/recorder.ts'
import { createCompletionRepository } from '../completions/repository.ts'
import { CompletionSchema } from '../completions/schemas.ts'
import { createCredentialRepository } from '../credentials/repository.ts'
import { CredentialSchema } from '../credentials/schemas.ts'
import { createOutcomeRepository } from '../outcomes/repository.ts'
import { OutcomeSchema } from '../outcomes/schemas.ts'
import { createParticipantAccess } from '../participants/access.ts'
import { createParticipantRepository } from '../participants/repository.ts'
import { ConsentSchema } from '../participants/schemas.ts'
import { createPortfolioRepository } from '../portfolio/repository.ts'
import { PortfolioSchema } from '../portfolio/schemas.ts'
import { ShareSchema } from '../sharing/schemas.ts'
import { eraseParticipant } from './erasure.ts'
import { assembleExport, auditTargetsOf, type HeldRecords } from './export.ts'
import { createPrivacyRepository } from './repository.ts'
import { ErasureBody, ParticipantExportSchema, PrivacyParams } from './schemas.ts'

/** Who may export a participant's data: those who look after them in the region. */
const EXPORTERS = ['admin', 'coach'] as const
/** Who may erase it: irreversible, so the region's admins. */
const ERASERS = ['admin'] as const

/**
 * The participant's rights over their data: everything held about them as JSON (access and
 * portability, GDPR articles 15 and 20), and the erasure of their personal data (article 17).
 */
const privacyRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  for (const schema of [ConsentSchema, CompletionSchema, CredentialSchema, PortfolioSchema, OutcomeSchema, ShareSchema, ParticipantExportSchema]) {
    fastify.addSchema(schema)
  }
  const { db, config, sharing, issuance } = fastify
  const repo = createPrivacyRepository(db)
  const participants = createParticipantRepository(db)
  const credentials = createCredentialRepository(db)
  const completions = createCompletionRepository(db)
  const outcomes = createOutcomeRepository(db)
  const portfolios = createPortfolioRepository(db)
  const visibleParticipant = createParticipantAccess(participants)

  fastify.get('/participants/:participantId/export', {
    config: { roles: EXPORTERS, audit: 'participant.export' },
    schema: {
      tags: ['privacy'],
      summary: 'Everything held about the participant, as JSON (GDPR access and portability)',
      description: 'The participant\'s record, every organisation\'s reference, the whole consent history, every completion, every credential ' +
        'with its status (the signed document and JWT, which the participant may take to a wallet), the portfolio as of now, the outcomes, ' +
        'the personal links and share links (never their tokens or token hashes) and the audit events about them (action, time, role and record; ' +
        'not which key, organisation or request). ' +
        'For admins and coaches of the participant\'s region; the export itself is audited (`participant.export`). ' +
        'An erased participant answers 410 `participant-erased`.',
      params: PrivacyParams,
      response: { 200: Type.Ref('ParticipantExport'), ...problemResponses(401, 403, 404, 410) }
    }
  }, async (request) => {
    const participant = visibleParticipant(principalOf(request), request.params.participantId)
    // share views and verifications wait a moment before they are written: write them first
    fastify.audit.flush()
    const id = participant.id
    const held: HeldRecords = db.transaction(() => ({
      participant,
      references: repo.referencesOf(id),
      consents: repo.consentHistoryOf(id),
      completions: repo.completionsOf(id),
      credentials: credentials.listByParticipant(id),
      portfolio: portfolios.readInput(id),
      outcomes: outcomes.ofParticipant(id),
      accessLinks: repo.accessLinksOf(id),
      shares: repo.sharesOf(id)
    }))
    const auditEvents = fastify.audit.repo.about(auditTargetsOf(id, held))
    return assembleExport(held, auditEvents, {
      now: config.now(),
      publicUrl: config.publicUrl,
      completionView: (row) => completionView(row, completions.versionOf(row.moduleVersionId))
    })
  })

  fastify.delete('/participants/:participantId', {
    config: { roles: ERASERS, audit: 'participant.erase' },
    schema: {
      tags: ['privacy'],
      summary: 'Erase the participant\'s personal data, on their request (GDPR erasure)',
      description: 'In one transaction: what is still being issued for them is dropped; every credential is revoked with reason `participant-request` ' +
        '(its status bit set) and keeps only what it was, without the salted hash of the name; free text and identifiers that could name them ' +
        '(attestations, evidence links, void and retraction reasons, external ids, share labels) are blanked; personal links are revoked and share links ' +
        'withdrawn (`participant-request`); organisations\' references are deleted; the name becomes empty and the contact details go. ' +
        'Pseudonymous records (the participant id, completions, credentials, outcomes, consents) and the audit trail stay, so that figures stay right. ' +
        'Afterwards the participant\'s routes answer 410 `participant-erased`; erasing again answers 204 and erases nothing more (the request is audited again). ' +
        'Takes no body. For admins of the region.',
      params: PrivacyParams,
      body: ErasureBody,
      response: { 204: Type.Null({ description: 'Erased (or erased already)' }), ...problemResponses(400, 401, 403, 404) }
    },
    // the erasure takes no body; a request without one is checked as an empty object
    preValidation: async (request) => { request.body ??= {} }
  }, async (request, reply) => {
    const { participantId } = request.params
    const { row, decision } = visibleParticipant.decide(principalOf(request), participantId)
    if (decision === 'erased') return reply.code(204).send(null)
    const participant = requireVisible('participant', participantId, row, decision)
    const summary = eraseParticipant({
      transaction: (steps) => db.transaction(steps),
      repo,
      credentialsOf: credentials.listByParticipant,
      revoke: issuance.revoke,
      withdrawShares: (id, at) => sharing.repo.withdrawSharesOf(id, at, 'participant-request'),
      revokeAccessLinks: sharing.repo.revokeAccessLinks
    }, participant.id, config.now())
    request.log.info({ participantId: participant.id, ...summary }, 'participant erased')
    return reply.code(204).send(null)
  })
}
export default privacyRoutes
