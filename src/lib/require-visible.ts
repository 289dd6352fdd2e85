import { Problem, notFound } from './problems.ts'
import type { Decision } from './access-policy.ts'

/**
 * The answer to a provider key asking for a participant of its own region that its organisation
 * holds no reference for: the participant exists and may be linked, so the answer says how.
 */
export function referenceRequired (participantId: string): Problem {
  return new Problem('reference-required',
    `your organisation holds no reference for participant ${participantId}; record yours first with POST /v1/participants/${participantId}/references`)
}

/** The answer to a provider key reading a participant it did not enrol, without their consent for data exchange with it. */
export function dataExchangeConsentRequired (participantId: string): Problem {
  return new Problem('data-exchange-consent-required',
    `participant ${participantId} has not given (or has withdrawn) consent 'data-exchange' for your organisation, which did not enrol them; ` +
    `their coach records it with POST /v1/participants/${participantId}/consents`)
}

/** The answer for a participant whose personal data was erased on their request. */
export function participantErased (participantId: string): Problem {
  return new Problem('participant-erased', `the personal data of participant ${participantId} was erased on their request; nothing more is held to show`)
}

/**
 * Refuses with 410 `participant-erased` what would write about, or hand out, the personal data of
 * a participant erased on their request, where the record itself stays readable (a completion, a
 * credential): a void's reason is free text about them, a credential's JWT is blanked.
 */
export function requireNotErased (participant: { id: string, erasedAt: string | null }): void {
  if (participant.erasedAt !== null) throw participantErased(participant.id)
}

/**
 * The row, when the policy's decision lets the key see it. A row that does not exist (`row` or
 * `decision` undefined) and a `hidden` one get the same answer, 404 `not-found` naming `what` and
 * `id`, so that no key can probe which ids exist elsewhere; `reference-required` and
 * `data-exchange-consent-required` get their 403, `erased` its 410.
 */
export function requireVisible<R> (what: string, id: string, row: R | undefined, decision: Decision | undefined): R {
  if (row === undefined || decision === undefined || decision === 'hidden') throw notFound(what, id)
  if (decision === 'reference-required') throw referenceRequired(id)
  if (decision === 'data-exchange-consent-required') throw dataExchangeConsentRequired(id)
  if (decision === 'erased') throw participantErased(id)
  return row
}
