/**
 * How the share page shows a verdict (src/features/verification/verdict.ts): a tone, an icon and
 * words for an employer.
 */
import type { Texts } from '../../lib/page-text.ts'
import { VERDICT_LOOK, type Tone, type Verdict } from '../verification/verdict.ts'

export interface VerdictDisplay {
  tone: Tone
  /** a name in src/views/partials/icon.eta */
  icon: string
  /** one or two words */
  label: string
  /** one plain sentence: what the employer may conclude */
  explanation: string
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
  return { ...VERDICT_LOOK[verdict], ...WORDS[lang][verdict] }
}
