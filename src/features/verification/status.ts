import { readStatusValue } from './bitstring.ts'
import { fetchVerifiedStatusList, type ListOutcome } from './status-list.ts'
import {
  failed, isObject, passed, skipped, warning,
  type CheckResult, type Revocation, type StatusEntryResult, type VerifyDeps
} from './types.ts'

/** More entries than this are refused: a credential has one or two, and each may cost a fetch. */
export const MAX_STATUS_ENTRIES = 8

interface EntryOutcome {
  check: CheckResult
  /** the status value, once read from the list */
  value?: number
  /** set when a revocation entry was read */
  revocation?: Revocation
}

export interface StatusOutcome {
  check: CheckResult
  revocation?: Revocation
  /** each entry on its own, once there are entries to check */
  entries?: StatusEntryResult[]
}

const INDEX = /^(0|[1-9]\d{0,14})$/

async function checkEntry (entry: unknown, issuer: string, deps: VerifyDeps, lists: Map<string, Promise<ListOutcome>>): Promise<EntryOutcome> {
  if (!isObject(entry)) return { check: failed('a credentialStatus entry is not an object') }
  if (entry.type !== 'BitstringStatusListEntry') {
    return { check: warning(`status of type ${JSON.stringify(entry.type ?? null)} is not checked`, 'status-not-checked') }
  }
  const { statusPurpose: purpose, statusListCredential: url } = entry
  const rawIndex = typeof entry.statusListIndex === 'number' ? String(entry.statusListIndex) : entry.statusListIndex
  const size = entry.statusSize ?? 1
  if (typeof purpose !== 'string' || typeof url !== 'string' || typeof rawIndex !== 'string' || !INDEX.test(rawIndex)) {
    return { check: failed('a BitstringStatusListEntry needs statusPurpose, statusListCredential and a statusListIndex') }
  }
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 8) {
    return { check: failed('statusSize must be a whole number from 1 to 8') }
  }
  const index = Number(rawIndex)

  let pending = lists.get(url)
  if (!pending) {
    pending = fetchVerifiedStatusList(url, issuer, deps)
    lists.set(url, pending)
  }
  const list = await pending
  if (!list.ok) return { check: failed(list.detail, list.problem) }
  if (!list.value.purposes.includes(purpose)) {
    return { check: failed(`the status list at ${url} is for ${list.value.purposes.join(', ') || 'no purpose'}, not ${purpose}`, 'status-verification') }
  }
  if ((index + 1) * size > list.value.bits.length * 8) {
    return { check: failed(`status index ${index} is outside the list at ${url}`, 'out-of-range') }
  }
  const value = readStatusValue(list.value.bits, index, size)
  const set = value !== 0

  if (purpose === 'revocation') {
    if (!set) return { check: passed('not revoked'), value, revocation: { revoked: false } }
    let reason: string | undefined
    try {
      reason = await deps.revocationReason?.(url, index)
    } catch {
      reason = undefined
    }
    return {
      check: failed(reason ? `revoked: ${reason}` : 'revoked', 'revoked'),
      value,
      revocation: reason ? { revoked: true, reason } : { revoked: true }
    }
  }
  if (purpose === 'suspension') return { check: set ? failed('suspended', 'suspended') : passed('not suspended'), value }
  return { check: set ? warning(`status ${purpose} is set`, 'status-set') : passed(`status ${purpose} is not set`), value }
}

/**
 * The W3C Bitstring Status List check. No `credentialStatus`: skipped (the issuer cannot revoke
 * it). Otherwise every entry (one object or an array) is read from its list, which must verify
 * as the issuer's (see {@link fetchVerifiedStatusList}): a set revocation bit fails as `revoked`,
 * a set suspension bit as `suspended`; a list that cannot be fetched or trusted fails too.
 */
export async function checkStatus (credential: Record<string, unknown>, issuer: string, deps: VerifyDeps): Promise<StatusOutcome> {
  const status = credential.credentialStatus
  if (status === undefined) return { check: skipped('no credentialStatus: the issuer cannot revoke this credential') }
  const entries = Array.isArray(status) ? status : [status]
  if (entries.length === 0) return { check: skipped('no credentialStatus entries') }
  if (entries.length > MAX_STATUS_ENTRIES) return { check: failed(`more than ${MAX_STATUS_ENTRIES} credentialStatus entries`) }

  const lists = new Map<string, Promise<ListOutcome>>()
  const outcomes: EntryOutcome[] = []
  for (const entry of entries) outcomes.push(await checkEntry(entry, issuer, deps, lists))

  const revocation = outcomes.find((o) => o.revocation?.revoked)?.revocation ?? outcomes.find((o) => o.revocation)?.revocation
  const worst = (['failed', 'warning'] as const).find((s) => outcomes.some((o) => o.check.status === s))
  const shown = worst ? outcomes.filter((o) => o.check.status === worst) : outcomes
  const detail = shown.map((o) => o.check.detail).join('; ')
  // the kind of the most serious entry shown: revoked outweighs suspended outweighs the rest
  const problem = (['revoked', 'suspended'] as const).find((kind) => shown.some((o) => o.check.problem === kind)) ??
    shown.find((o) => o.check.problem)?.check.problem
  const check: CheckResult = problem ? { status: worst ?? 'passed', detail, problem } : { status: worst ?? 'passed', detail }
  const results = entries.map((entry, i): StatusEntryResult => {
    const { check, value } = outcomes[i]!
    return value === undefined ? { entry, check } : { entry, value, check }
  })
  return revocation ? { check, revocation, entries: results } : { check, entries: results }
}
