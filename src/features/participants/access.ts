import { Problem, notFound } from '../../lib/problems.ts'
import { canSeeRegion, type Principal } from '../../lib/principal.ts'
import type { ParticipantRow } from './repository.ts'

interface ParticipantLookup {
  findById: (id: string) => ParticipantRow | undefined
  referenceOf: (participantId: string, organisationId: string) => unknown
}

/**
 * The answer to a provider key asking for a participant of its own region that its organisation
 * holds no reference for: the participant exists and may be linked, so the answer says how.
 */
export function referenceRequired (participantId: string): Problem {
  return new Problem('reference-required',
    `your organisation holds no reference for participant ${participantId}; record yours first with POST /v1/participants/${participantId}/references`)
}

/**
 * Finds participants the way every route must: a participant outside the key's regions is
 * answered exactly as an id that does not exist (404 `not-found`), so that no key can probe which
 * ids exist elsewhere. A provider key must also hold a reference (`linked`, the default) and is
 * told to record one when it has none.
 */
export function createParticipantAccess (participants: ParticipantLookup) {
  return function visibleParticipant (principal: Principal, id: string, linked = true): ParticipantRow {
    const row = participants.findById(id)
    if (!row || !canSeeRegion(principal, row.regionId)) throw notFound('participant', id)
    if (linked && principal.role === 'provider' && !participants.referenceOf(row.id, principal.organisationId!)) {
      throw referenceRequired(id)
    }
    return row
  }
}
