import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../../db/client.ts'
import { capabilityHash, newCapabilityToken } from '../../lib/capability.ts'
import { newId } from '../../lib/ids.ts'
import { Problem, invalid } from '../../lib/problems.ts'
import { createCredentialRepository, type SignedCredential } from '../credentials/repository.ts'
import { createParticipantRepository, type ParticipantRow } from '../participants/repository.ts'
import { SHARE_CONSENT, consentHolds } from '../participants/rules.ts'
import type { WithdrawReason } from '../../lib/vocabulary.ts'
import type { AuditTrail } from '../audit/trail.ts'
import { createSharingRepository, type AccessLinkRow, type ShareRow } from './repository.ts'
import { ACCESS_LINK_DAYS, SHARE_DAYS, expiryAfter, linkState, type LinkState } from './rules.ts'

/** What a new share holds and for how long; `createdBy` is `participant` or the API key's id. */
export interface ShareInput {
  scope: 'all' | 'chosen'
  credentialIds?: string[] | undefined
  expiresInDays?: number | undefined
  label?: string | undefined
  employerId?: string | undefined
  createdBy: string
}

export type Opened<T> =
  | { state: 'active', row: T, participant: ParticipantRow }
  | { state: Exclude<LinkState, 'active'>, row: T }
  | { state: 'unknown' }

/**
 * Personal links and share links, for the API, the participant's page and the employer's page
 * alike: one place makes them, opens them by token and decides what a share shows. Each view of a
 * share becomes an audit event (`share.view`) in the transaction that writes the view.
 */
export function createSharing (db: Db, publicUrl: string, log: Pick<FastifyBaseLogger, 'error'>, clock: () => Date = () => new Date(), audit?: AuditTrail) {
  const repo = createSharingRepository(db, {
    onError: (err, waiting) => { log.error({ err, waiting }, 'share views could not be written; they wait for the next try') },
    onDropped: (views) => { log.error({ dropped: views.length }, 'share views dropped: too many waited to be written') }
  }, audit && ((views) => {
    audit.append(views.map((v) => ({ ...v.by, action: 'share.view', at: v.viewedAt, targetType: 'share', targetId: v.shareId })))
  }))
  audit?.holdsEvents(() => { repo.flushViews() })
  const participants = createParticipantRepository(db)
  const credentials = createCredentialRepository(db)

  const accessUrl = (token: string) => `${publicUrl}/p/${token}`
  const shareUrl = (token: string) => `${publicUrl}/s/${token}`

  /** Opens a link by token: the same work for a wrong token as for a right one (see `capabilityHash`). */
  function open<T extends { participantId: string, expiresAt: string, withdrawnAt?: string | null, revokedAt?: string | null }> (
    row: T | undefined, now: Date): Opened<T> {
    if (!row) return { state: 'unknown' }
    const state = linkState(row, now)
    if (state !== 'active') return { state, row }
    const participant = participants.findById(row.participantId)
    return participant ? { state, row, participant } : { state: 'unknown' }
  }

  const hasShareConsent = (participantId: string): boolean =>
    consentHolds(participants.consentsOf([participantId]).get(participantId) ?? [], SHARE_CONSENT)

  return {
    repo,
    accessUrl,
    shareUrl,
    hasShareConsent,

    /** A new personal link for the participant; the ones before it stop working. The token is only in the answer. */
    makeAccessLink (participantId: string, options: { expiresInDays?: number | undefined, createdBy: string | null, now?: Date }) {
      const now = options.now ?? clock()
      const { token, tokenHash } = newCapabilityToken()
      const link = repo.replaceAccessLink({
        id: newId('acl'),
        participantId,
        tokenHash,
        createdAt: now.toISOString(),
        createdBy: options.createdBy,
        expiresAt: expiryAfter(now, options.expiresInDays ?? ACCESS_LINK_DAYS.default),
        revokedAt: null,
        lastOpenedAt: null
      })
      return { link, url: accessUrl(token), sheetUrl: `${accessUrl(token)}/sheet` }
    },

    /**
     * The personal link a token names, with its participant while it holds; its opening is
     * remembered unless `remember` is false (a coach printing the sheet is not the participant).
     */
    openAccessLink (token: string, now = clock(), remember = true): Opened<AccessLinkRow> {
      const opened = open(repo.accessLinkByTokenHash(capabilityHash(token)), now)
      if (opened.state === 'active' && remember) repo.touchAccessLink(opened.row.id, now.toISOString())
      return opened
    },

    /**
     * A new share link. Refused with 409 `consent-required` while the participant has not given
     * consent `share-with-employers`; chosen credentials must be the participant's own.
     */
    makeShare (participantId: string, input: ShareInput, now = clock()) {
      if (!hasShareConsent(participantId)) {
        throw new Problem('consent-required',
          `sharing needs the participant's consent '${SHARE_CONSENT}'; record it with POST /v1/participants/${participantId}/consents`)
      }
      let chosen: string[] | null = null
      if (input.scope === 'chosen') {
        chosen = [...new Set(input.credentialIds ?? [])]
        if (chosen.length === 0) throw invalid('credentials-required', 'a share of chosen credentials names at least one', '#/credentialIds')
        const own = new Set(credentials.listByParticipant(participantId).map((c) => c.id))
        const i = (input.credentialIds ?? []).findIndex((id) => !own.has(id))
        if (i >= 0) throw invalid('unknown-credential', `credential ${input.credentialIds![i]} is not one of this participant's`, `#/credentialIds/${i}`)
      } else if (input.credentialIds !== undefined) {
        throw invalid('credentials-not-allowed', 'a share of everything names no credentials; use scope "chosen" to pick some', '#/credentialIds')
      }
      const { token, tokenHash } = newCapabilityToken()
      const share = repo.insertShare({
        id: newId('shr'),
        participantId,
        tokenHash,
        scope: input.scope,
        credentialIds: chosen,
        label: input.label ?? null,
        employerId: input.employerId ?? null,
        createdAt: now.toISOString(),
        createdBy: input.createdBy,
        expiresAt: expiryAfter(now, input.expiresInDays ?? SHARE_DAYS.default)
      })
      return { share, url: shareUrl(token) }
    },

    /** The share a token names, with its participant while it holds. Viewing is recorded by the caller. */
    openShare: (token: string, now = clock()): Opened<ShareRow> => open(repo.shareByTokenHash(capabilityHash(token)), now),

    /**
     * The credentials a share shows: the chosen ones, or for a share of everything every credential
     * of the participant except those already revoked before the share was made (a credential
     * revoked later stays, so that the employer sees it is revoked).
     */
    sharedCredentials (share: ShareRow): SignedCredential[] {
      const all = credentials.signedByParticipant(share.participantId)
      if (share.scope === 'chosen') {
        const chosen = new Set(share.credentialIds ?? [])
        return all.filter((c) => chosen.has(c.id))
      }
      return all.filter((c) => c.revokedAt === null || c.revokedAt > share.createdAt)
    },

    /** Withdraws one of the participant's shares; undefined when it is not theirs. Withdrawing twice keeps the first. */
    withdrawShare (participantId: string, shareId: string, reason: WithdrawReason, now = clock()): ShareRow | undefined {
      const share = repo.shareById(shareId)
      if (!share || share.participantId !== participantId) return undefined
      return repo.withdrawShare(shareId, now.toISOString(), reason) ?? share
    },

    /** When consent `share-with-employers` is withdrawn, every share of the participant goes with it. */
    withdrawSharesForConsent: (participantId: string, now = clock()): number =>
      repo.withdrawSharesOf(participantId, now.toISOString(), 'consent-withdrawn')
  }
}
export type Sharing = ReturnType<typeof createSharing>
