/**
 * One word for a person from the verifier's separate checks: is this credential real, and does it
 * still hold? The share page and the verify page both say it. Pure: no Fastify, no database.
 */
import type { VerificationResult } from './types.ts'

/**
 * - `genuine`: every check passed.
 * - `not-genuine`: the format, signature, issuer or schema check failed, or its dates cannot be read:
 *   nothing in it can be trusted, so this comes before anything the credential says about itself.
 * - `revoked`, `suspended`: the issuer's status list says so.
 * - `expired`, `not-yet-valid`: outside its validity period.
 * - `status-unknown`: signed and in date, but its status list could not be read or checked.
 * - `unknown-issuer`: no key is known for the issuer, so nothing can be said of the signature
 *   (this comes first); or the signature holds, but the issuer is not confirmed (a warning).
 */
export const VERDICTS = ['genuine', 'revoked', 'suspended', 'expired', 'not-yet-valid', 'not-genuine', 'status-unknown', 'unknown-issuer'] as const
export type Verdict = typeof VERDICTS[number]

/** A verdict's look on a page: a site.css tone and an icon of src/views/partials/icon.eta. */
export type Tone = 'ok' | 'bad' | 'warn'
export const VERDICT_LOOK: Record<Verdict, { tone: Tone, icon: string }> = {
  genuine: { tone: 'ok', icon: 'check' },
  revoked: { tone: 'bad', icon: 'cross' },
  suspended: { tone: 'bad', icon: 'cross' },
  expired: { tone: 'bad', icon: 'clock' },
  'not-yet-valid': { tone: 'warn', icon: 'clock' },
  'not-genuine': { tone: 'bad', icon: 'cross' },
  'status-unknown': { tone: 'warn', icon: 'warning' },
  'unknown-issuer': { tone: 'warn', icon: 'warning' }
}

/** The verdict of one verification; see {@link VERDICTS} for the order in which they win. */
export function verdictOf (result: VerificationResult): Verdict {
  const { checks } = result
  if (checks.issuer.problem === 'no-key') return 'unknown-issuer'
  if ((['format', 'signature', 'issuer', 'schema'] as const).some((name) => checks[name].status === 'failed')) return 'not-genuine'
  // the status check as a whole names no problem when it holds several entries: each entry does
  const problems = [checks.status.problem, ...(result.statusEntries ?? []).map((e) => e.check.problem)]
  if (checks.status.status === 'failed' && (result.revocation?.revoked || problems.includes('revoked'))) return 'revoked'
  if (checks.status.status === 'failed' && problems.includes('suspended')) return 'suspended'
  if (checks.dates.status === 'failed') {
    if (checks.dates.problem === 'expired') return 'expired'
    if (checks.dates.problem === 'not-yet-valid') return 'not-yet-valid'
    return 'not-genuine'
  }
  if (checks.status.status === 'failed' || checks.status.status === 'warning') return 'status-unknown'
  if (checks.issuer.status === 'warning') return 'unknown-issuer'
  return 'genuine'
}
