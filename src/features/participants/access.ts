import type { Principal } from '../../lib/principal.ts'
import { canSeeParticipant, type ParticipantAccess } from '../../lib/access-policy.ts'
import { requireVisible } from '../../lib/require-visible.ts'
import type { ParticipantRow } from './repository.ts'
import { DATA_EXCHANGE, consentHolds, type ConsentRecord } from './rules.ts'

interface ParticipantLookup {
  findById: (id: string) => ParticipantRow | undefined
  referenceOf: (participantId: string, organisationId: string) => unknown
  consentsOf: (participantIds: string[]) => Map<string, ConsentRecord[]>
}

/**
 * Finds participants the way every route must: looked up, then decided by the access policy
 * (canSeeParticipant). To read a participant (`linked`, the default) a provider key must hold a
 * reference and, for a participant its organisation did not enrol, their consent for data
 * exchange; recording a reference only names them.
 */
export function createParticipantAccess (participants: ParticipantLookup) {
  /** The row, if any, and what the policy decides about it for this key. */
  function decide (principal: Principal, id: string, linked = true): { row: ParticipantRow | undefined, decision: ParticipantAccess | undefined } {
    const row = participants.findById(id)
    if (!row) return { row, decision: undefined }
    const organisationId = principal.organisationId
    const holdsReference = () => organisationId !== null && !!participants.referenceOf(id, organisationId)
    const exchangeConsent = () => organisationId !== null && consentHolds(participants.consentsOf([id]).get(id) ?? [], DATA_EXCHANGE, organisationId)
    return { row, decision: canSeeParticipant(principal, row, linked ? { linked: true, holdsReference, exchangeConsent } : { linked: false }) }
  }
  function visibleParticipant (principal: Principal, id: string, linked = true): ParticipantRow {
    const { row, decision } = decide(principal, id, linked)
    return requireVisible('participant', id, row, decision)
  }
  return Object.assign(visibleParticipant, { decide })
}
