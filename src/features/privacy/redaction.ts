/** Pure rules for what an erasure keeps of a participant's records: no Fastify, no database. */

/** What free text reads after an erasure (Dutch, as the rest of the records): "erased". */
export const ERASED_TEXT = '[gewist]'

/** The parts of a stored credential document that say what it was, and nothing about whom. */
const KEPT = ['@context', 'id', 'type', 'name', 'issuer', 'validFrom', 'credentialStatus'] as const

/**
 * A stored credential as an erasure leaves it: what it was (its id, kind, name, issuer, date and
 * status entry, so that lists, counts and the status list stay right) and its subject's
 * pseudonymous id. Gone are the salted hash of the name and its salt (with them, anyone who
 * guesses the name could confirm it), the evidence (trainers' statements, links) and, for a
 * portfolio credential, the signed credentials it held.
 */
export function redactCredentialDocument (document: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {}
  for (const key of KEPT) if (document[key] !== undefined) kept[key] = document[key]
  const subject = document.credentialSubject as { id?: unknown } | undefined
  return { ...kept, credentialSubject: subject?.id === undefined ? {} : { id: subject.id } }
}
