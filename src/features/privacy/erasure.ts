import type { CredentialRow } from '../credentials/repository.ts'
import type { PrivacyRepository } from './repository.ts'
import { redactCredentialDocument } from './redaction.ts'

/** What an erasure works with: the privacy repository and the paths other features own. */
export interface ErasureDeps {
  /** runs the steps in one transaction */
  transaction: <T>(steps: () => T) => T
  repo: PrivacyRepository
  credentialsOf: (participantId: string) => CredentialRow[]
  /** revokes for good: sets the status bit and marks the row with the reason (features/credentials) */
  revoke: (row: CredentialRow, reason: 'participant-request') => unknown
  /** withdraws every share link of the participant that still opens, with the reason (features/sharing) */
  withdrawShares: (participantId: string, at: string) => number
  /** revokes every personal link of the participant (features/sharing) */
  revokeAccessLinks: (participantId: string, at: string) => number
}

/** What an erasure did, in numbers: for the log, never the names. */
export interface ErasureSummary { credentialsRevoked: number, sharesWithdrawn: number, accessLinksRevoked: number }

/**
 * Erases a participant's personal data on their request (GDPR article 17), in one transaction:
 * 1. what the outbox still holds for them is dropped, so nothing is issued later with their name;
 * 2. every credential not yet revoked is revoked with reason `participant-request` (status bit
 *    set), and every stored credential keeps only what it was (see redactCredentialDocument);
 * 3. free text and identifiers that could name them are blanked: completions' attestations,
 *    evidence links, void reasons and external ids; retraction reasons; share labels;
 * 4. personal links are revoked and share links withdrawn (`participant-request`);
 * 5. organisations' references are deleted; the name becomes '' and the contact details null.
 * The pseudonymous rows (participant, completions, credentials, outcomes, consents) and the
 * audit trail stay, so that figures stay right.
 */
export function eraseParticipant (deps: ErasureDeps, participantId: string, now: Date): ErasureSummary {
  const at = now.toISOString()
  return deps.transaction(() => {
    deps.repo.settleOutbox(participantId, at)
    let credentialsRevoked = 0
    for (const row of deps.credentialsOf(participantId)) {
      if (row.revokedAt === null) {
        deps.revoke(row, 'participant-request')
        credentialsRevoked++
      }
      deps.repo.replaceCredential(row.id, redactCredentialDocument(row.document))
    }
    deps.repo.redactCompletions(participantId)
    deps.repo.redactRetractions(participantId)
    const accessLinksRevoked = deps.revokeAccessLinks(participantId, at)
    const sharesWithdrawn = deps.withdrawShares(participantId, at)
    deps.repo.blankShareLabels(participantId)
    deps.repo.deleteReferences(participantId)
    deps.repo.eraseParticipant(participantId, at)
    return { credentialsRevoked, sharesWithdrawn, accessLinksRevoked }
  })
}
