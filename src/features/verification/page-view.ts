import { dateInWords, type Lang } from '../../lib/page-text.ts'
import { REVOCATION_REASONS, type RevocationReason } from '../../lib/vocabulary.ts'
import { VERIFY_TEXT } from './page-text.ts'
import { VERDICT_LOOK, verdictOf } from './verdict.ts'
import { CHECK_NAMES, isObject, type CheckStatus, type VerificationResult } from './types.ts'

/** The look of an outcome: the site.css tone and the icon beside it. */
const TONE: Record<CheckStatus, { tone: 'ok' | 'bad' | 'warn' | 'skip', icon: string }> = {
  passed: { tone: 'ok', icon: 'check' },
  failed: { tone: 'bad', icon: 'cross' },
  warning: { tone: 'warn', icon: 'warning' },
  skipped: { tone: 'skip', icon: 'info' }
}

const text = (value: unknown): string | undefined => typeof value === 'string' && value.trim() !== '' ? value : undefined

/** The issuer's reason in the page's language: the service gives its own reasons in Dutch. */
function reasonInWords (reason: string, lang: Lang): string {
  const key = (Object.keys(REVOCATION_REASONS) as RevocationReason[]).find((k) => REVOCATION_REASONS[k] === reason || k === reason)
  return key ? VERIFY_TEXT[lang].reasons[key] : reason
}

/** What the credential says it is about: the achievement, its issuer, its dates (all escaped by the template). */
export function factsOf (result: VerificationResult, lang: Lang): Array<{ label: string, value: string }> {
  const words = VERIFY_TEXT[lang].facts
  const credential = result.credential ?? {}
  const subject = Array.isArray(credential.credentialSubject) ? credential.credentialSubject[0] : credential.credentialSubject
  const achievement = isObject(subject) && isObject(subject.achievement) ? subject.achievement : undefined
  const issuer = credential.issuer
  const facts: Array<{ label: string, value: string }> = []
  const what = text(achievement?.name) ?? text(credential.name)
  if (what) facts.push({ label: words.achievement, value: what })
  const issuerName = isObject(issuer) ? text(issuer.name) ?? text(issuer.id) : text(issuer)
  if (issuerName) facts.push({ label: words.issuer, value: issuerName })
  const issued = text(credential.awardedDate) ?? text(credential.validFrom)
  if (issued) facts.push({ label: words.issued, value: dateInWords(lang, issued) })
  const until = text(credential.validUntil)
  facts.push({ label: words.validUntil, value: until ? dateInWords(lang, until) : words.noEnd })
  const reason = result.revocation?.revoked ? text(result.revocation.reason) : undefined
  if (reason) facts.push({ label: words.revocationReason, value: reasonInWords(reason, lang) })
  return facts
}

/** Everything the result page shows, in the page's language: verdict first, then each check, then the facts. */
export function resultView (result: VerificationResult, lang: Lang) {
  const words = VERIFY_TEXT[lang]
  const verdict = verdictOf(result)
  return {
    verdict: { key: verdict, ...VERDICT_LOOK[verdict], ...words.verdicts[verdict] },
    checks: CHECK_NAMES.map((name) => {
      const check = result.checks[name]
      const said = words.checks[name]
      const problem = check.problem
      return {
        name,
        label: said.label,
        status: check.status,
        statusWord: words.statusWords[check.status],
        sentence: (problem && said.problems?.[problem]) ?? said[check.status],
        detail: check.detail,
        ...TONE[check.status]
      }
    }),
    facts: factsOf(result, lang),
    confirmed: verdict === 'genuine' || verdict === 'revoked' || verdict === 'suspended' || verdict === 'expired' || verdict === 'not-yet-valid'
  }
}
