import type { Db } from '../../db/client.ts'
import { newId } from '../../lib/ids.ts'
import { subjectOf, type OutboxEvent, type OutboxEventType, type QueuedEvent } from './events.ts'

/** The outbox's next events, in the order they were queued; read whole from its index (no sort). */
export const NEXT_EVENTS = `select id, type, payload, created_at as at from domain_events where handled_at is null
  order by created_at, id limit ?`

/** An event of a participant's still in the outbox, for telling them what is under way. */
export interface PendingEvent { id: string, type: OutboxEventType, moduleVersionId: string, since: string }

/** The stored payload of an event: all of it but its type and moment, which have columns of their own. */
function payloadOf (event: OutboxEvent): Record<string, string> {
  const { type: _type, at: _at, ...payload } = event
  return payload
}

/**
 * The outbox of events (see events.ts), on raw prepared statements: `enqueue` runs once per
 * completed module in a batch of thousands. Writes join the caller's transaction.
 */
export function createOutbox (db: Db) {
  const client = db.$client
  const insertStmt = client.prepare('insert into domain_events (id, type, subject_id, payload, created_at) values (?, ?, ?, ?, ?)')
  const nextStmt = client.prepare<[number], { id: string, type: OutboxEventType, payload: string, at: string }>(NEXT_EVENTS)
  const handledStmt = client.prepare('update domain_events set handled_at = ? where id = ?')
  // subjects are `participant/version`: a participant's events are one range of the pending index
  const pendingOfStmt = client.prepare<[string, string], { id: string, type: OutboxEventType, subject: string, since: string }>(`select id, type,
    subject_id as subject, created_at as since from domain_events
    where handled_at is null and subject_id > ? and subject_id < ? order by created_at, id`)
  // asked for every completion that completes a module: a range of the pending index, unsorted
  const queuedModulesStmt = client.prepare<[string, string], string>(`select subject_id from domain_events
    where subject_id > ? and subject_id < ? and type = 'module.completed' and handled_at is null`).pluck()
  const range = (participantId: string) => [`${participantId}/`, `${participantId}0`] as const

  return {
    /** Appends the event, in the caller's transaction; returns its id. */
    enqueue (event: OutboxEvent): string {
      const id = newId('evt')
      insertStmt.run(id, event.type, subjectOf(event.participantId, event.moduleVersionId), JSON.stringify(payloadOf(event)), event.at)
      return id
    },
    /** The first `limit` events not yet handled, oldest first. */
    next: (limit: number): QueuedEvent[] => nextStmt.all(limit)
      .map((row) => ({ ...JSON.parse(row.payload) as Omit<OutboxEvent, 'type' | 'at'>, id: row.id, type: row.type, at: row.at }) as QueuedEvent),
    /** Marks the events handled, in the caller's transaction: they leave the outbox. */
    markHandled (ids: readonly string[], at: string): void {
      for (const id of ids) handledStmt.run(at, id)
    },
    /** The participant's events not yet handled, oldest first. */
    pendingOf: (participantId: string): PendingEvent[] => pendingOfStmt.all(...range(participantId))
      .map((e) => ({ id: e.id, type: e.type, moduleVersionId: e.subject.slice(participantId.length + 1), since: e.since })),
    /** The module versions whose credential is queued for the participant. */
    queuedModulesOf: (participantId: string): string[] => queuedModulesStmt.all(...range(participantId))
      .map((subject) => subject.slice(participantId.length + 1))
  }
}
export type Outbox = ReturnType<typeof createOutbox>
