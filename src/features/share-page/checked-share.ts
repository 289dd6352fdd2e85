import type { FastifyInstance } from 'fastify'
import type { SignedCredential } from '../credentials/repository.ts'
import type { ParticipantRow } from '../participants/repository.ts'
import type { ShareRow } from '../sharing/repository.ts'
import { verifyDepsOf } from '../verification/resolvers.ts'
import { verifyCredential } from '../verification/verify.ts'
import type { VerificationResult } from '../verification/types.ts'
import { verdictOf, type Verdict } from '../verification/verdict.ts'

/** One shared credential as checked: what is shown of it is read from its JWT (`result.credential`). */
export interface CheckedCredential { row: SignedCredential, result: VerificationResult, verdict: Verdict }
export interface CheckedShare { share: ShareRow, participant: ParticipantRow, checkedAt: Date, credentials: CheckedCredential[] }

/**
 * Checks every credential a share shows, live, with the same function as POST /v1/verify, on each
 * call: nothing of the outcome is kept beyond what the verifier's own deps keep.
 */
export function shareChecker (fastify: FastifyInstance) {
  const depsAt = verifyDepsOf(fastify)
  return async (share: ShareRow, participant: ParticipantRow, now = fastify.config.now()): Promise<CheckedShare> => {
    const rows = fastify.sharing.sharedCredentials(share)
    const credentials = await Promise.all(rows.map(async (row) => {
      const result = await verifyCredential(row.jwt, depsAt(now))
      return { row, result, verdict: verdictOf(result) }
    }))
    return { share, participant, checkedAt: now, credentials }
  }
}

/** The shared portfolio as JSON: the same document for /s/{token}/portfolio.json and the employer API. */
export function portfolioDocument (checked: CheckedShare) {
  return {
    participant: { displayName: checked.participant.displayName },
    scope: checked.share.scope,
    sharedAt: checked.share.createdAt,
    expiresAt: checked.share.expiresAt,
    checkedAt: checked.checkedAt.toISOString(),
    credentials: checked.credentials.map(({ row, result, verdict }) => {
      const doc = (result.credential ?? {}) as { id?: unknown, name?: unknown, issuer?: { id?: unknown, name?: unknown } }
      return {
        id: row.id,
        credentialId: String(doc.id ?? ''),
        kind: row.kind,
        name: typeof doc.name === 'string' ? doc.name : row.kind,
        issuer: { id: String(doc.issuer?.id ?? ''), name: typeof doc.issuer?.name === 'string' ? doc.issuer.name : null },
        issuedAt: row.issuedAt,
        jwt: row.jwt,
        verification: { verified: result.verified, verdict }
      }
    })
  }
}
