import type { Lang } from '../../lib/page-text.ts'
import { REVOCATION_REASONS, type RevocationReason } from '../credentials/issuance.ts'
import { VERIFY_TEXT, type Verdict } from './page-text.ts'
import { CHECK_NAMES, isObject, type CheckName, type CheckStatus, type Checks, type ProblemKind, type VerificationResult } from './types.ts'

/** The look of an outcome: the site.css tone and the icon beside it. */
const TONE: Record<CheckStatus, { tone: 'ok' | 'bad' | 'warn' | 'skip', icon: string }> = {
  passed: { tone: 'ok', icon: 'check' },
  failed: { tone: 'bad', icon: 'cross' },
  warning: { tone: 'warn', icon: 'warning' },
  skipped: { tone: 'skip', icon: 'info' }
}

const VERDICT_LOOK: Record<Verdict, { tone: 'ok' | 'bad' | 'warn', icon: string }> = {
  genuine: { tone: 'ok', icon: 'check' },
  revoked: { tone: 'bad', icon: 'cross' },
  expired: { tone: 'bad', icon: 'clock' },
  'not-yet-valid': { tone: 'warn', icon: 'clock' },
  'not-genuine': { tone: 'bad', icon: 'cross' },
  'unknown-issuer': { tone: 'warn', icon: 'warning' }
}

/**
 * The no-key case of the issuer check: the verifier names it in its detail only (a failed check
 * carries no problem kind there), so it is read from the detail; the page test pins the wording.
 */
const isUnknownIssuer = (checks: Checks) => checks.issuer.problem === 'unknown-issuer' ||
  (checks.issuer.status === 'failed' && checks.signature.status === 'failed' && checks.issuer.detail.startsWith('unknown issuer'))

/**
 * What the status check found, from the entries: the check itself sums several entries up in one
 * detail, without a problem kind. A revoked entry weighs more than a suspended one.
 */
function statusProblem (result: VerificationResult): ProblemKind | undefined {
  if (result.revocation?.revoked) return 'revoked'
  return result.statusEntries?.find((e) => e.check.problem === 'suspended')?.check.problem ?? result.checks.status.problem
}

/** The problem kind of each check, as the page words it. */
function problemOf (result: VerificationResult, name: CheckName): ProblemKind | undefined {
  return name === 'status' && result.checks.status.status === 'failed' ? statusProblem(result) : result.checks[name].problem
}

/**
 * The one word for a verification result, from its checks: an issuer nobody here knows first
 * (nothing else can be said then), then anything that makes the credential not genuine (no valid
 * signature, a key of another issuer, a broken structure), then revoked, expired, not yet valid.
 * A credential is genuine only when the verifier verified it.
 */
export function verdictOf (result: VerificationResult): Verdict {
  const { checks } = result
  if (isUnknownIssuer(checks)) return 'unknown-issuer'
  if (['format', 'signature', 'issuer', 'schema'].some((name) => checks[name as keyof Checks].status === 'failed')) return 'not-genuine'
  const status = problemOf(result, 'status')
  if (status === 'revoked' || status === 'suspended') return 'revoked'
  if (checks.dates.problem === 'expired') return 'expired'
  if (checks.dates.problem === 'not-yet-valid') return 'not-yet-valid'
  return result.verified ? 'genuine' : 'not-genuine'
}

const text = (value: unknown): string | undefined => typeof value === 'string' && value.trim() !== '' ? value : undefined

/** A date-time from the credential as a date in words ("14 oktober 2026"); anything else as it is. */
export function dateInWords (value: string, lang: Lang): string {
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) return value
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' }).format(ms)
}

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
  if (issued) facts.push({ label: words.issued, value: dateInWords(issued, lang) })
  const until = text(credential.validUntil)
  facts.push({ label: words.validUntil, value: until ? dateInWords(until, lang) : words.noEnd })
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
      const problem = problemOf(result, name)
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
    confirmed: verdict === 'genuine' || verdict === 'revoked' || verdict === 'expired' || verdict === 'not-yet-valid'
  }
}
