import { VC_V2_CONTEXT, parseCompactJws } from './format.ts'
import { ENVELOPE_PREFIX, readInput } from './read-input.ts'
import { isObject, type CheckName, type CheckResult, type ProblemKind, type VerificationResult } from './types.ts'

/** A problem as the W3C VC API reports it (RFC 9457 members; VC Data Model 2.0 §7.2). */
export interface ProblemDetails {
  type: string
  title: string
  detail: string
}

interface Checked<T> { verified: boolean, input: T }

/** The W3C VC API `VerificationResult` of `POST /credentials/verify`. */
export interface VcApiVerificationResult {
  verified: boolean
  credential?: Record<string, unknown>
  problemDetails?: ProblemDetails[]
  results?: {
    proof?: Array<Checked<Record<string, unknown>>>
    validFrom?: Checked<string>
    validUntil?: Checked<string>
    credentialSchema?: Array<Checked<unknown>>
    credentialStatus?: Array<Checked<unknown> & { value?: number }>
  }
}

/** The VC API `VerifyCredentialOptions`: which parts of the result to return. */
export interface VcApiVerifyOptions {
  returnResults?: boolean
  returnProblemDetails?: boolean
  returnCredential?: boolean
}

const VCDM = 'https://www.w3.org/TR/vc-data-model#'
const STATUS_LIST = 'https://www.w3.org/ns/credentials/status-list#'
const standard = (base: string, name: string) => ({ type: base + name, title: name })
// the specifications define no type for these: this service's own, named as its other problems are
const own = (code: string) => ({ type: `urn:stapsteen:problem:${code}`, title: code.toUpperCase().replaceAll('-', '_') })

type Kind = ProblemKind | 'cryptographic' | 'malformed'

/**
 * Problem types: those of the VC Data Model 2.0 (§7.2) and of Bitstring Status List 1.0 (§3.5,
 * `https://www.w3.org/ns/credentials/status-list#` + name) where they apply; this service's own
 * for what a status or a date says, which the specifications leave to the verifier.
 */
const PROBLEM_TYPES: Record<Kind, { type: string, title: string }> = {
  cryptographic: standard(VCDM, 'CRYPTOGRAPHIC_SECURITY_ERROR'),
  malformed: standard(VCDM, 'MALFORMED_VALUE_ERROR'),
  'out-of-range': standard(VCDM, 'RANGE_ERROR'),
  'status-retrieval': standard(STATUS_LIST, 'STATUS_RETRIEVAL_ERROR'),
  'status-verification': standard(STATUS_LIST, 'STATUS_VERIFICATION_ERROR'),
  'status-list-length': standard(STATUS_LIST, 'STATUS_LIST_LENGTH_ERROR'),
  revoked: own('credential-revoked'),
  suspended: own('credential-suspended'),
  'status-set': own('status-set'),
  'status-not-checked': own('status-not-checked'),
  expired: own('credential-expired'),
  'not-yet-valid': own('credential-not-yet-valid'),
  'unknown-issuer': own('unknown-issuer'),
  // no key to check the signature with: the signature cannot be trusted
  'no-key': standard(VCDM, 'CRYPTOGRAPHIC_SECURITY_ERROR'),
  'key-retired-before-issue': own('key-retired-before-issue')
}

/** The kind of a check's problem when the check does not name one. */
const DEFAULT_KIND: Record<CheckName, Kind> = {
  format: 'malformed',
  signature: 'cryptographic',
  issuer: 'cryptographic',
  dates: 'malformed',
  status: 'malformed',
  schema: 'malformed'
}

function problemOf (name: CheckName, check: CheckResult): ProblemDetails {
  const kind = check.problem ?? (name === 'issuer' && check.status === 'warning' ? 'unknown-issuer' : DEFAULT_KIND[name])
  return { ...PROBLEM_TYPES[kind], detail: check.detail }
}

/** Every failed check and every warning as a problem; the status check once per entry. */
function problemDetailsOf (result: VerificationResult): ProblemDetails[] {
  const problems: ProblemDetails[] = []
  const reported = (check: CheckResult) => check.status === 'failed' || check.status === 'warning'
  for (const [name, check] of Object.entries(result.checks) as Array<[CheckName, CheckResult]>) {
    if (name === 'status' && result.statusEntries) {
      for (const entry of result.statusEntries) if (reported(entry.check)) problems.push(problemOf(name, entry.check))
    } else if (reported(check)) {
      problems.push(problemOf(name, check))
    }
  }
  return problems
}

const listOf = (value: unknown): unknown[] => value === undefined ? [] : Array.isArray(value) ? value : [value]

/** Each part of the credential that was verified, as the VC API's `results` names them. */
function resultsOf (result: VerificationResult, jwt: string | undefined): NonNullable<VcApiVerificationResult['results']> {
  const { checks } = result
  const credential = result.credential ?? {}
  const results: NonNullable<VcApiVerificationResult['results']> = {}
  const header = jwt === undefined ? undefined : parseCompactJws(jwt)
  // a VC-JWT's proof is its JWS: the protected header says how it was made
  results.proof = header?.ok
    ? [{ verified: checks.signature.status === 'passed' && checks.issuer.status !== 'failed', input: { alg: header.value.header.alg, kid: header.value.header.kid } }]
    : listOf(credential.proof).filter(isObject).map((input) => ({ verified: false, input }))
  const datesFailedFor = (other: ProblemKind) => checks.dates.status === 'failed' && checks.dates.problem !== other
  if (typeof credential.validFrom === 'string') results.validFrom = { verified: !datesFailedFor('expired'), input: credential.validFrom }
  if (typeof credential.validUntil === 'string') results.validUntil = { verified: !datesFailedFor('not-yet-valid'), input: credential.validUntil }
  const schemas = listOf(credential.credentialSchema)
  if (schemas.length > 0) results.credentialSchema = schemas.map((input) => ({ verified: checks.schema.status === 'passed', input }))
  if (result.statusEntries) {
    results.credentialStatus = result.statusEntries.map(({ entry, value, check }) =>
      ({ ...(value === undefined ? {} : { value }), verified: check.status === 'passed', input: entry }))
  }
  return results
}

/**
 * The W3C VC API `VerificationResult` for what was posted and how it verified: `verified`, a
 * ProblemDetails for every failed check and warning (a revoked or suspended status among them),
 * and per part `results`. `credential` (the credential in the form it was verified in: the
 * envelope of a VC-JWT) only when `returnCredential` is true, as the VC API says; problem details
 * and results unless `returnProblemDetails` / `returnResults` is false.
 */
export function toVcApiResult (input: unknown, result: VerificationResult, options: VcApiVerifyOptions = {}): VcApiVerificationResult {
  const read = readInput(input)
  const jwt = read.kind === 'jwt' ? read.jwt : undefined
  const answer: VcApiVerificationResult = { verified: result.verified }
  if (options.returnCredential === true) {
    if (jwt !== undefined) answer.credential = { '@context': [VC_V2_CONTEXT], type: 'EnvelopedVerifiableCredential', id: ENVELOPE_PREFIX + jwt }
    else if (read.kind === 'document') answer.credential = read.document
  }
  if (options.returnProblemDetails !== false) answer.problemDetails = problemDetailsOf(result)
  if (options.returnResults !== false) answer.results = resultsOf(result, jwt)
  return answer
}
