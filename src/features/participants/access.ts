import type { Principal } from '../../lib/principal.ts'
import { canSeeParticipant } from '../../lib/access-policy.ts'
import { requireVisible } from '../../lib/require-visible.ts'
import type { ParticipantRow } from './repository.ts'

interface ParticipantLookup {
  findById: (id: string) => ParticipantRow | undefined
  referenceOf: (participantId: string, organisationId: string) => unknown
}

/**
 * Finds participants the way every route must: looked up, then decided by the access policy
 * (canSeeParticipant). To read a participant (`linked`, the default) a provider key must hold a
 * reference; recording one only names them.
 */
export function createParticipantAccess (participants: ParticipantLookup) {
  return function visibleParticipant (principal: Principal, id: string, linked = true): ParticipantRow {
    const row = participants.findById(id)
    const holdsReference = () => principal.organisationId !== null && !!participants.referenceOf(id, principal.organisationId)
    return requireVisible('participant', id, row, row && canSeeParticipant(principal, row, linked ? { linked: true, holdsReference } : { linked: false }))
  }
}
