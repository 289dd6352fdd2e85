import type { JWK } from 'jose'

/** The checks, in the order they are made and reported. */
export const CHECK_NAMES = ['format', 'signature', 'issuer', 'dates', 'status', 'schema'] as const
export type CheckName = typeof CHECK_NAMES[number]

/** `warning` does not stop a credential verifying; `failed` does; `skipped` means not applicable. */
export type CheckStatus = 'passed' | 'failed' | 'warning' | 'skipped'

/**
 * What kind of problem a check found, for machines (the W3C VC API reports it as a ProblemDetails
 * `type`); set where one check can fail or warn in more than one way.
 */
export type ProblemKind =
  | 'expired' | 'not-yet-valid'
  | 'revoked' | 'suspended' | 'status-set' | 'status-not-checked'
  | 'status-retrieval' | 'status-verification' | 'status-list-length' | 'out-of-range'
  | 'unknown-issuer' | 'no-key' | 'key-retired-before-issue'

export interface CheckResult {
  status: CheckStatus
  /** one plain sentence a person can act on */
  detail: string
  /** the kind of problem, where a check has several (not part of the /v1/verify answer) */
  problem?: ProblemKind
}

export type Checks = Record<CheckName, CheckResult>

/** A public key found for a `kid`. */
export interface ResolvedKey {
  publicJwk: JWK
  /** true when the key is one of this service's issuers; false for a key from elsewhere (e.g. a JWKS file) */
  issuerKnown: boolean
  /** when a newer key took over signing; the key still verifies what it signed before */
  retiredAt?: string | null
}

/**
 * What the verifier needs from the world. The function itself does no I/O: the API, the pages and
 * the CLI each give it their own way to find keys and status lists.
 */
export interface VerifyDeps {
  /**
   * The public key named by `kid`, or undefined when none is known. `iss` is the issuer the
   * credential claims; the verifier itself checks that the kid belongs to it, so a resolver may
   * ignore it.
   */
  resolveKey: (kid: string, iss: string) => Promise<ResolvedKey | undefined>
  /**
   * Stands for the keys `resolveKey` trusts: a status list verified once is kept for later
   * verifications with the same scope, as long as it is the very same JWT. Without it,
   * `resolveKey` itself is the scope.
   */
  trustScope?: object
  /** the compact JWT of the status list credential at `url`, or undefined when it cannot be had */
  fetchStatusList: (url: string) => Promise<string | undefined>
  /** schema issues of the credential document (without JWT claims); empty when it conforms */
  checkSchema: (document: Record<string, unknown>) => Array<{ pointer: string, message: string }>
  /** the issuer's reason for a revocation, when the service keeps one */
  revocationReason?: (statusListCredential: string, index: number) => Promise<string | undefined>
  /** the moment to verify at */
  now: Date
}

/** One `credentialStatus` entry as checked. */
export interface StatusEntryResult {
  /** the entry as the credential gives it */
  entry: unknown
  /** the status value read from the list, when it could be read */
  value?: number
  check: CheckResult
}

export interface Revocation {
  revoked: boolean
  reason?: string
}

/** Each check separately, never one yes/no alone. */
export interface VerificationResult {
  /** true only when no check failed (warnings and skipped checks allowed) */
  verified: boolean
  checks: Checks
  /** the credential as read: the JWT payload without the JWT claims; present once the format check passed */
  credential?: Record<string, unknown>
  /** the issuer id the credential claims (verified only when `verified` is true) */
  issuer?: string
  /** present when a revocation entry was read from a status list */
  revocation?: Revocation
  /** each `credentialStatus` entry on its own, when the status check got as far as the entries */
  statusEntries?: StatusEntryResult[]
}

export const passed = (detail: string): CheckResult => ({ status: 'passed', detail })
export const failed = (detail: string, problem?: ProblemKind): CheckResult => problem ? { status: 'failed', detail, problem } : { status: 'failed', detail }
export const warning = (detail: string, problem?: ProblemKind): CheckResult => problem ? { status: 'warning', detail, problem } : { status: 'warning', detail }
export const skipped = (detail: string): CheckResult => ({ status: 'skipped', detail })

/** A JSON object (not an array, not null). */
export function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
