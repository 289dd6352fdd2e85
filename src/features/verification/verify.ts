import { checkDates } from './dates.ts'
import { ALLOWED_ALGS, credentialShapeIssues, issuerIdOf, parseCompactJws, withoutJwtClaims, type ParsedJws } from './format.ts'
import { readInput } from './read-input.ts'
import { checkJwsSignature, controllerOfKid, type SignatureOutcome } from './signature.ts'
import { checkStatus } from './status.ts'
import {
  CHECK_NAMES, failed, passed, skipped, warning,
  type CheckResult, type Checks, type VerificationResult, type VerifyDeps
} from './types.ts'

export type { VerificationResult, VerifyDeps } from './types.ts'

const NOT_READ = 'the credential could not be read'

/** Every check but format skipped: the input is not a credential at all. */
function notACredential (detail: string): VerificationResult {
  const checks = Object.fromEntries(CHECK_NAMES.map((name) => [name, skipped(NOT_READ)])) as Checks
  checks.format = failed(detail)
  return { verified: false, checks }
}

function result (checks: Checks, rest: Omit<VerificationResult, 'verified' | 'checks'>): VerificationResult {
  const verified = CHECK_NAMES.every((name) => checks[name].status !== 'failed')
  return { verified, checks, ...rest }
}

function checkSchema (document: Record<string, unknown>, deps: VerifyDeps): CheckResult {
  try {
    const issues = deps.checkSchema(document)
    if (issues.length === 0) return passed('conforms to the Open Badges 3.0 / CLR 2.0 schema')
    const shown = issues.slice(0, 3).map((i) => `${i.pointer} ${i.message}`).join('; ')
    return failed(`does not conform to its schema: ${shown}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}`)
  } catch {
    return failed('the schema check could not be run on this document')
  }
}

function signatureCheck (outcome: SignatureOutcome, jws: ParsedJws): CheckResult {
  const { kid, alg } = jws.header
  switch (outcome.outcome) {
    case 'valid': return passed(`signed with ${alg} by key ${kid}`)
    case 'refused-alg': return failed(alg === 'none'
      ? `algorithm none is not accepted: the JWT is not signed; only ${ALLOWED_ALGS.join(' and ')}`
      : `algorithm ${alg} is not accepted; only ${ALLOWED_ALGS.join(' and ')}`)
    case 'no-key': return failed(`no public key found for ${kid}`)
    case 'unusable-key': return failed(`the key ${kid} is not a public ${alg} key`)
    case 'invalid': return failed('the signature does not match: the credential was changed, or signed with another key')
  }
}

/**
 * The issuer check: the key must belong to the issuer the credential names (the kid's DID is
 * `iss`), and the key must be found. A key found elsewhere than among this service's issuers
 * (e.g. in a JWKS file given to the CLI) is a warning: the signature holds, but who the issuer is
 * cannot be vouched for here.
 */
function issuerCheck (jws: ParsedJws, iss: string, outcome: SignatureOutcome, validFrom: unknown): CheckResult {
  const kid = jws.header.kid
  if (controllerOfKid(kid) !== iss) return failed(`the key ${kid} belongs to another issuer than ${iss}`)
  if (outcome.outcome === 'refused-alg') return skipped('the signature algorithm is not accepted, so the issuer\'s key was not looked up')
  if (outcome.outcome === 'no-key') return failed(`unknown issuer: no key ${kid} is published for ${iss}`, 'no-key')
  if (!outcome.key.issuerKnown) return warning(`unknown issuer: ${iss} is not an issuer of this service; the key was found, so the signature can still be checked`, 'unknown-issuer')
  const retiredAt = outcome.key.retiredAt
  if (retiredAt) {
    const retired = Date.parse(retiredAt)
    const from = typeof validFrom === 'string' ? Date.parse(validFrom) : Number.NaN
    if (from > retired) return warning(`issued by ${iss} with key ${kid}, which was retired on ${retiredAt}, before this credential's validFrom`, 'key-retired-before-issue')
    return passed(`issued by ${iss}; key ${kid} has since been retired and still verifies what it signed`)
  }
  return passed(`issued by ${iss}`)
}

async function verifyJwt (jwt: string, deps: VerifyDeps): Promise<VerificationResult> {
  const parsed = parseCompactJws(jwt)
  if (!parsed.ok) return notACredential(parsed.detail)
  const jws = parsed.value
  const issues = credentialShapeIssues(jws.payload, true)
  if (issues.length > 0) return notACredential(issues.join('; '))

  const credential = withoutJwtClaims(jws.payload)
  // the shape check made sure there is one, and that `iss`, when present, is the same
  const iss = issuerIdOf(credential) as string
  // the signature is checked off the main thread: the other checks are made meanwhile
  const pending = Promise.all([checkJwsSignature(jws, iss, deps), checkStatus(credential, iss, deps)])
  const dates = checkDates(jws.payload, deps.now)
  const schema = checkSchema(credential, deps)
  const [signature, status] = await pending
  const checks: Checks = {
    format: passed(`VC-JWT (${jws.header.alg}) with a W3C VC 2.0 credential`),
    signature: signatureCheck(signature, jws),
    issuer: issuerCheck(jws, iss, signature, credential.validFrom),
    dates,
    status: status.check,
    schema
  }
  return result(checks, {
    credential,
    issuer: iss,
    ...(status.revocation ? { revocation: status.revocation } : {}),
    ...(status.entries ? { statusEntries: status.entries } : {})
  })
}

function verifyDocument (document: Record<string, unknown>, deps: VerifyDeps): VerificationResult {
  const issues = credentialShapeIssues(document, false)
  if (issues.length > 0) return notACredential(issues.join('; '))
  const checks: Checks = {
    format: passed('a W3C VC 2.0 credential document, without its JWT'),
    signature: failed(document.proof !== undefined
      ? 'embedded proofs are not supported: a credential document needs its JWT'
      : 'no signature: a credential document needs its JWT'),
    issuer: skipped('without a signature the issuer cannot be checked'),
    dates: checkDates(document, deps.now),
    status: skipped('without a signature the status entry cannot be trusted'),
    schema: checkSchema(document, deps)
  }
  const issuer = issuerIdOf(document)
  return result(checks, { credential: document, ...(issuer ? { issuer } : {}) })
}

/**
 * Verifies a credential: a compact VC-JWT (OB 3.0 §VC-JWT, W3C VC-JOSE-COSE `vc+jwt`), an
 * `EnvelopedVerifiableCredential` holding one, or a bare credential document (which cannot
 * verify: it has no signature). Every check is reported on its own; `verified` is true only when
 * none failed. Pure apart from `deps`; never throws: anything unreadable is a failed format check.
 */
export async function verifyCredential (input: unknown, deps: VerifyDeps): Promise<VerificationResult> {
  try {
    const read = readInput(input)
    if (read.kind === 'invalid') return notACredential(read.detail)
    if (read.kind === 'document') return verifyDocument(read.document, deps)
    return await verifyJwt(read.jwt, deps)
  } catch {
    return notACredential(NOT_READ)
  }
}
