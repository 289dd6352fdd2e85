import { and, count, eq, gt, isNull, lt, min, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { outboxEvents } from '../../db/schema/index.ts'
import { newId } from '../../lib/ids.ts'
import { subjectOf, type OutboxEvent, type OutboxEventType, type QueuedEvent } from './events.ts'

/**
 * The outbox's next events (placeholder `limit`), in the order they were queued; read whole from
 * its index (no sort). Exported so that a test can check the query plan of the very query `next` runs.
 */
export const selectNextEvents = (db: Db) => db.select({
  id: outboxEvents.id, type: outboxEvents.type, payload: outboxEvents.payload, at: outboxEvents.createdAt
}).from(outboxEvents).where(isNull(outboxEvents.handledAt))
  .orderBy(outboxEvents.createdAt, outboxEvents.id).limit(sql.placeholder('limit'))

/** An event of a participant's still in the outbox, for telling them what is under way. */
export interface PendingEvent { id: string, type: OutboxEventType, moduleVersionId: string, since: string }

/** The stored payload of an event: all of it but its type and moment, which have columns of their own. */
function payloadOf (event: OutboxEvent): Record<string, string> {
  const { type: _type, at: _at, ...payload } = event
  return payload
}

/**
 * The outbox of events (see events.ts), on statements prepared once: `enqueue` runs once per
 * completed module in a batch of thousands. Writes join the caller's transaction. The payload
 * column is JSON: written as `JSON.stringify` of the payload, read back parsed.
 */
export function createOutbox (db: Db) {
  const insertStmt = db.insert(outboxEvents).values({
    id: sql.placeholder('id'),
    type: sql.placeholder('type'),
    subjectId: sql.placeholder('subjectId'),
    payload: sql.placeholder('payload'),
    createdAt: sql.placeholder('at')
  }).prepare()
  const nextStmt = selectNextEvents(db).prepare()
  const handledStmt = db.update(outboxEvents).set({ handledAt: sql`${sql.placeholder('at')}` })
    .where(eq(outboxEvents.id, sql.placeholder('id'))).prepare()
  // subjects are `participant/version`: a participant's events are one range of the pending index
  const inRange = and(gt(outboxEvents.subjectId, sql.placeholder('from')), lt(outboxEvents.subjectId, sql.placeholder('to')))
  const pendingOfStmt = db.select({ id: outboxEvents.id, type: outboxEvents.type, subject: outboxEvents.subjectId, since: outboxEvents.createdAt })
    .from(outboxEvents).where(and(isNull(outboxEvents.handledAt), inRange))
    .orderBy(outboxEvents.createdAt, outboxEvents.id).prepare()
  // asked for every completion that completes a module: a range of the pending index, unsorted
  const queuedModulesStmt = db.select({ subject: outboxEvents.subjectId }).from(outboxEvents)
    .where(and(inRange, eq(outboxEvents.type, 'module.completed'), isNull(outboxEvents.handledAt))).prepare()
  const range = (participantId: string) => ({ from: `${participantId}/`, to: `${participantId}0` })
  // read from the partial index of unhandled events: as long as the backlog, asked per metrics scrape
  const backlogStmt = db.select({ length: count(), oldestAt: min(outboxEvents.createdAt) })
    .from(outboxEvents).where(isNull(outboxEvents.handledAt)).prepare()

  return {
    /** Appends the event, in the caller's transaction; returns its id. */
    enqueue (event: OutboxEvent): string {
      const id = newId('evt')
      insertStmt.run({ id, type: event.type, subjectId: subjectOf(event.participantId, event.moduleVersionId), payload: payloadOf(event), at: event.at })
      return id
    },
    /** The first `limit` events not yet handled, oldest first. */
    next: (limit: number): QueuedEvent[] => nextStmt.all({ limit })
      .map((row) => ({ ...row.payload as Omit<OutboxEvent, 'type' | 'at'>, id: row.id, type: row.type as OutboxEventType, at: row.at }) as QueuedEvent),
    /** Marks the events handled, in the caller's transaction: they leave the outbox. */
    markHandled (ids: readonly string[], at: string): void {
      for (const id of ids) handledStmt.run({ at, id })
    },
    /** The participant's events not yet handled, oldest first. */
    pendingOf: (participantId: string): PendingEvent[] => pendingOfStmt.all(range(participantId))
      .map((e) => ({ id: e.id, type: e.type as OutboxEventType, moduleVersionId: e.subject.slice(participantId.length + 1), since: e.since })),
    /** How many events wait to be handled, and when the oldest of them was queued (null: none wait). */
    backlog: (): { length: number, oldestAt: string | null } => backlogStmt.get() ?? { length: 0, oldestAt: null },
    /** The module versions whose credential is queued for the participant. */
    queuedModulesOf: (participantId: string): string[] => queuedModulesStmt.all(range(participantId))
      .map((e) => e.subject.slice(participantId.length + 1))
  }
}
export type Outbox = ReturnType<typeof createOutbox>
