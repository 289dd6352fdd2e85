import t from 'tap'
import { CHECK_NAMES, failed, passed, warning, type CheckName, type CheckResult, type VerificationResult } from '../src/features/verification/types.ts'
import { displayVerdict } from '../src/features/share-page/verdict.ts'
import { verdictOf, VERDICTS } from '../src/features/verification/verdict.ts'

/** A result whose checks all passed but those given. */
function resultWith (changes: Partial<Record<CheckName, CheckResult>>, rest: Partial<VerificationResult> = {}): VerificationResult {
  const checks = Object.fromEntries(CHECK_NAMES.map((name) => [name, changes[name] ?? passed('ok')])) as VerificationResult['checks']
  return { verified: !Object.values(checks).some((c) => c.status === 'failed'), checks, ...rest }
}

t.test('every branch of the verdict', async (t) => {
  t.equal(verdictOf(resultWith({})), 'genuine')
  for (const name of ['format', 'signature', 'issuer', 'schema'] as const) {
    t.equal(verdictOf(resultWith({ [name]: failed('x'), status: failed('revoked', 'revoked') })), 'not-genuine', `${name} failed wins over revoked`)
  }
  t.equal(verdictOf(resultWith({ status: failed('revoked', 'revoked') })), 'revoked')
  t.equal(verdictOf(resultWith({ status: failed('revoked: reason') }, { revocation: { revoked: true } })), 'revoked', 'from the revocation read')
  t.equal(verdictOf(resultWith({ status: failed('revoked'), dates: failed('expired', 'expired') }, { revocation: { revoked: true } })), 'revoked', 'revoked wins over expired')
  t.equal(verdictOf(resultWith({ status: failed('suspended') }, { statusEntries: [{ entry: {}, check: failed('suspended', 'suspended') }] })), 'suspended')
  t.equal(verdictOf(resultWith({ dates: failed('expired on …', 'expired') })), 'expired')
  t.equal(verdictOf(resultWith({ dates: failed('not yet valid', 'not-yet-valid') })), 'not-yet-valid')
  t.equal(verdictOf(resultWith({ dates: failed('the nbf claim and validFrom disagree') })), 'not-genuine', 'unreadable dates')
  t.equal(verdictOf(resultWith({ status: failed('list not found', 'status-retrieval') })), 'status-unknown')
  t.equal(verdictOf(resultWith({ status: warning('not checked', 'status-not-checked') })), 'status-unknown')
  t.equal(verdictOf(resultWith({ issuer: warning('unknown issuer', 'unknown-issuer') })), 'unknown-issuer')
  t.equal(verdictOf(resultWith({ issuer: failed('unknown issuer: no key', 'no-key'), signature: failed('no key') })), 'unknown-issuer',
    'no key known: nothing can be said of the signature, so the issuer is named, not "not genuine"')
})

t.test('each verdict has words in both languages, an icon and a tone', async (t) => {
  t.same(displayVerdict('genuine', 'nl'), { tone: 'ok', icon: 'check', label: 'Echt', explanation: displayVerdict('genuine', 'nl').explanation })
  t.equal(displayVerdict('genuine', 'en').label, 'Genuine')
  t.match(displayVerdict('revoked', 'nl'), { tone: 'bad', label: 'Ingetrokken' })
  t.match(displayVerdict('revoked', 'en'), { tone: 'bad', label: 'Revoked' })
  t.match(displayVerdict('expired', 'nl'), { tone: 'bad', icon: 'clock', label: 'Verlopen' })
  t.match(displayVerdict('expired', 'en'), { label: 'Expired' })
  t.match(displayVerdict('unknown-issuer', 'nl'), { tone: 'warn' })
  for (const verdict of VERDICTS) {
    for (const lang of ['nl', 'en'] as const) {
      const shown = displayVerdict(verdict, lang)
      t.ok(shown.label && shown.explanation && shown.icon && ['ok', 'bad', 'warn'].includes(shown.tone), `${verdict} ${lang}`)
    }
  }
})
