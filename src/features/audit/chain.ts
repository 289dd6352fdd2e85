import { createHash } from 'node:crypto'
import type { AuditAction, AuditRole, AuditTargetType } from '../../lib/vocabulary.ts'

/** The `prevHash` of the first event: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64)

/** An event as recorded, before it takes its place in the chain. */
export interface AuditEventInput {
  action: AuditAction
  /** when it happened, by the app's clock (ISO 8601, UTC) */
  at: string
  keyId: string | null
  organisationId: string | null
  role: AuditRole
  targetType: AuditTargetType | null
  targetId: string | null
  requestId: string | null
}

/** The fields an event's hash covers: what was recorded, its id and its position. */
export interface AuditFields extends AuditEventInput {
  position: number
  id: string
}

export interface ChainedEvent extends AuditFields {
  prevHash: string
  hash: string
}

const j = JSON.stringify

/**
 * The canonical JSON of an event's fields: keys in code-point order, no white space, exactly
 * these fields (strings, one integer, nulls), which is what RFC 8785 (JCS) gives for such values.
 * Written out rather than built from a list: it runs for every event appended (a third of the cost).
 */
export function canonicalFields (e: AuditFields): string {
  return `{"action":${j(e.action)},"at":${j(e.at)},"id":${j(e.id)},"keyId":${j(e.keyId)},"organisationId":${j(e.organisationId)},` +
    `"position":${j(e.position)},"requestId":${j(e.requestId)},"role":${j(e.role)},"targetId":${j(e.targetId)},"targetType":${j(e.targetType)}}`
}

/** `sha256(prevHash + canonical JSON of the fields)`, lower-case hex. */
export function eventHash (prevHash: string, event: AuditFields): string {
  return createHash('sha256').update(prevHash + canonicalFields(event)).digest('hex')
}

/** The head of a chain: the position and hash the next event links to. */
export interface ChainHead { position: number, hash: string }
export const EMPTY_CHAIN: ChainHead = { position: 0, hash: GENESIS_HASH }

/** Links events after `head`, in order: each takes the next position and the hash of the one before. */
export function linkEvents (head: ChainHead, events: ReadonlyArray<AuditEventInput & { id: string }>): ChainedEvent[] {
  let prev = head
  return events.map((input) => {
    const fields: AuditFields = { ...input, position: prev.position + 1 }
    const event = { ...fields, prevHash: prev.hash, hash: eventHash(prev.hash, fields) }
    prev = event
    return event
  })
}

/**
 * Where a chain breaks: `hash-mismatch` when an event's fields no longer give its hash (the row
 * was changed), `broken-link` when it does not follow the event before it (a row was removed, or
 * one before it was changed and given a new hash).
 */
export interface ChainBreak {
  position: number
  id: string
  reason: 'hash-mismatch' | 'broken-link'
  detail: string
}

/**
 * Checks a chain event by event, in the order of their positions, without holding them: `check`
 * answers the first break (and should not be called after it), `head` where the chain ends so far.
 */
export function chainChecker () {
  let head = EMPTY_CHAIN
  let count = 0
  return {
    check (event: ChainedEvent): ChainBreak | undefined {
      const at = { position: event.position, id: event.id }
      if (eventHash(event.prevHash, event) !== event.hash) {
        return { ...at, reason: 'hash-mismatch', detail: 'its fields do not give its hash: the event was changed after it was written' }
      }
      if (event.position !== head.position + 1) {
        const why = event.position <= head.position
          ? `its position should be ${head.position + 1}`
          : event.position === head.position + 2 ? `position ${head.position + 1} is missing (removed from the trail)` : `positions ${head.position + 1} to ${event.position - 1} are missing (removed from the trail)`
        return { ...at, reason: 'broken-link', detail: `it does not follow the event before it: ${why}` }
      }
      if (event.prevHash !== head.hash) {
        const detail = head.position === 0
          ? 'the first event does not start from the genesis hash'
          : `its prevHash is not the hash of the event at position ${head.position}: that one was changed and given a new hash, or replaced`
        return { ...at, reason: 'broken-link', detail }
      }
      head = { position: event.position, hash: event.hash }
      count++
      return undefined
    },
    get head (): ChainHead { return head },
    get count (): number { return count }
  }
}
