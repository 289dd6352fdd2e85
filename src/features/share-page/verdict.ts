/**
 * One word for an employer from the verifier's separate checks: is this credential real, and does
 * it still hold? Pure: no Fastify, no database.
 */
import type { Texts } from '../../lib/page-text.ts'
import type { VerificationResult } from '../verification/types.ts'

/**
 * - `genuine`: every check passed.
 * - `not-genuine`: the format, signature, issuer or schema check failed, or its dates cannot be read:
 *   nothing in it can be trusted, so this comes before anything the credential says about itself.
 * - `revoked`, `suspended`: the issuer's status list says so.
 * - `expired`, `not-yet-valid`: outside its validity period.
 * - `status-unknown`: signed and in date, but its status list could not be read or checked.
 * - `unknown-issuer`: the signature holds, but the issuer is not confirmed (a warning).
 */
export const VERDICTS = ['genuine', 'revoked', 'suspended', 'expired', 'not-yet-valid', 'not-genuine', 'status-unknown', 'unknown-issuer'] as const
export type Verdict = typeof VERDICTS[number]

export type Tone = 'ok' | 'bad' | 'warn'

/** The verdict of one verification; see {@link VERDICTS} for the order in which they win. */
export function verdictOf (result: VerificationResult): Verdict {
  const { checks } = result
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

export interface VerdictDisplay {
  tone: Tone
  /** a name in src/views/partials/icon.eta */
  icon: string
  /** one or two words */
  label: string
  /** one plain sentence: what the employer may conclude */
  explanation: string
}

const LOOK: Record<Verdict, { tone: Tone, icon: string }> = {
  genuine: { tone: 'ok', icon: 'check' },
  revoked: { tone: 'bad', icon: 'cross' },
  suspended: { tone: 'bad', icon: 'cross' },
  expired: { tone: 'bad', icon: 'clock' },
  'not-yet-valid': { tone: 'warn', icon: 'clock' },
  'not-genuine': { tone: 'bad', icon: 'cross' },
  'status-unknown': { tone: 'warn', icon: 'warning' },
  'unknown-issuer': { tone: 'warn', icon: 'warning' }
}

const WORDS: Texts<Record<Verdict, { label: string, explanation: string }>> = {
  nl: {
    genuine: { label: 'Echt', explanation: 'Dit bewijs is echt en geldig. De handtekening klopt en de opleider heeft het niet ingetrokken.' },
    revoked: { label: 'Ingetrokken', explanation: 'De opleider heeft dit bewijs ingetrokken. Het telt niet meer.' },
    suspended: { label: 'Geschorst', explanation: 'De opleider heeft dit bewijs tijdelijk stopgezet. Het telt nu niet.' },
    expired: { label: 'Verlopen', explanation: 'Dit bewijs was echt, maar de geldigheid is voorbij.' },
    'not-yet-valid': { label: 'Nog niet geldig', explanation: 'Dit bewijs geldt pas vanaf een latere datum.' },
    'not-genuine': { label: 'Niet echt', explanation: 'De controle is mislukt. Vertrouw dit bewijs niet.' },
    'status-unknown': { label: 'Niet te controleren', explanation: 'We konden nu niet nagaan of dit bewijs is ingetrokken. Probeer het later opnieuw.' },
    'unknown-issuer': { label: 'Uitgever niet bevestigd', explanation: 'De handtekening klopt, maar we kennen de uitgever niet zeker.' }
  },
  en: {
    genuine: { label: 'Genuine', explanation: 'This credential is genuine and valid. The signature matches and the issuer has not revoked it.' },
    revoked: { label: 'Revoked', explanation: 'The issuer has revoked this credential. It no longer counts.' },
    suspended: { label: 'Suspended', explanation: 'The issuer has put this credential on hold. It does not count now.' },
    expired: { label: 'Expired', explanation: 'This credential was genuine, but its validity has ended.' },
    'not-yet-valid': { label: 'Not yet valid', explanation: 'This credential only counts from a later date.' },
    'not-genuine': { label: 'Not genuine', explanation: 'The check failed. Do not trust this credential.' },
    'status-unknown': { label: 'Cannot be checked', explanation: 'We could not check now whether this credential was revoked. Please try again later.' },
    'unknown-issuer': { label: 'Issuer not confirmed', explanation: 'The signature matches, but the issuer is not known for certain.' }
  }
}

/** How a verdict is shown: tone, icon, words in the page's language. */
export function displayVerdict (verdict: Verdict, lang: keyof typeof WORDS): VerdictDisplay {
  return { ...LOOK[verdict], ...WORDS[lang][verdict] }
}
