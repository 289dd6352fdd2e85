import type { Db } from '../../db/client.ts'
import { newId } from '../../lib/ids.ts'
import { writeBehind, type WriteBehindOptions } from '../../lib/write-behind.ts'
import { linkEvents, type AuditEventInput, type ChainedEvent } from './chain.ts'
import { createAuditRepository } from './repository.ts'

/** Who acted, as an event records it: everything but what was done to what, and when. */
export type AuditActor = Pick<AuditEventInput, 'keyId' | 'organisationId' | 'role' | 'requestId'>

/** Anyone without a key, outside a request. */
export const PUBLIC_ACTOR: AuditActor = { keyId: null, organisationId: null, role: 'public', requestId: null }

/** For a command that only appends (the CLI): nothing waits, so nothing can fail later. */
const QUIET: Pick<WriteBehindOptions<AuditEventInput>, 'onError' | 'onDropped'> = { onError: () => {}, onDropped: () => {} }

/** An operator's event from the CLI: no key, no request; `organisationId` is the organisation it acted for, if any. */
export function operatorEvent (action: AuditEventInput['action'], target: Pick<AuditEventInput, 'targetType' | 'targetId'>,
  organisationId: string | null, at: Date): AuditEventInput {
  return { action, at: at.toISOString(), keyId: null, organisationId, role: 'operator', ...target, requestId: null }
}

/**
 * How long a deferred event may wait before it is written, and how many may wait at most. A
 * verification names its credential, so each event lands on its own page of the target index: a
 * quarter of a second gathers 5 times as many per commit as 50 ms and costs a third less per event
 * (measured, 256 credentials verified in turn: about 40 µs of CPU per event with the checkpoints, 60 at 50 ms).
 */
export const DEFER_MS = 250
const MAX_DEFERRED = 1000

/**
 * The audit trail: appends events to the hash chain, one writer at a time. Each append reads the
 * chain's head inside its own write transaction (BEGIN IMMEDIATE: a savepoint when the caller
 * already holds one), so that a writer in another process (the CLI) waits for the lock and then
 * links to the head as it is: the chain never forks and never skips a position.
 */
export function createAuditTrail (db: Db, problems: Pick<WriteBehindOptions<AuditEventInput>, 'onError' | 'onDropped'> = QUIET) {
  const repo = createAuditRepository(db)
  const appendAll = db.$client.transaction((events: readonly AuditEventInput[]): ChainedEvent[] => {
    const chained = linkEvents(repo.head(), events.map((event) => ({ ...event, id: newId('aud') })))
    for (const event of chained) repo.insert(event)
    return chained
  })
  const deferred = writeBehind<AuditEventInput>((events) => { appendAll(events) }, { delayMs: DEFER_MS, maxPending: MAX_DEFERRED, ...problems })
  /** writes elsewhere that hold events back (share views), written before the trail is read */
  const holders: Array<() => void> = []

  return {
    repo,
    /** Appends the events now, in this order; inside the caller's transaction when there is one. */
    append: (events: readonly AuditEventInput[]): ChainedEvent[] => appendAll(events),
    /**
     * Appends a write's event before its answer goes out. Should that fail (the database busy
     * beyond its wait), the event waits with the deferred ones for the next try instead of
     * turning a write that was done into an error.
     */
    record (event: AuditEventInput): void {
      try {
        appendAll([event])
      } catch (err) {
        problems.onError(err, deferred.pending + 1)
        deferred.add(event)
      }
    },
    /** Appends the event within {@link DEFER_MS}, together with those around it. */
    defer: (event: AuditEventInput): void => { deferred.add(event) },
    /** Makes `flush` write what `write` holds back too. */
    holdsEvents: (write: () => void): void => { holders.push(write) },
    /** Writes every event that waits: before the trail is read, and at shutdown. */
    flush (): void {
      for (const write of holders) write()
      deferred.flush()
    }
  }
}
export type AuditTrail = ReturnType<typeof createAuditTrail>
