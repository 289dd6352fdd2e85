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

/**
 * The row, when the policy's decision lets the key see it. A row that does not exist (`row` or
 * `decision` undefined) and a `hidden` one get the same answer, 404 `not-found` naming `what` and
 * `id`, so that no key can probe which ids exist elsewhere; `reference-required` gets its 403.
 */
export function requireVisible<R> (what: string, id: string, row: R | undefined, decision: Decision | undefined): R {
  if (row === undefined || decision === undefined || decision === 'hidden') throw notFound(what, id)
  if (decision === 'reference-required') throw referenceRequired(id)
  return row
}
