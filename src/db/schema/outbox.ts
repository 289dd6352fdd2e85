import { sql } from 'drizzle-orm'
import { sqliteTable, text, index } from 'drizzle-orm/sqlite-core'

/**
 * The outbox: facts that later work acts on (a completed module earns a credential, a voided
 * completion settles the credentials that rested on it), each written in the transaction of the
 * change it follows from and marked handled once acted on. Events are read through
 * features/outbox, which gives them their types. The SQL name is the one the table always had, so
 * events queued before an upgrade stay queued.
 */
export const outboxEvents = sqliteTable('domain_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  /** `{participantId}/{moduleVersionId}`: a participant's events are one range of the pending index */
  subjectId: text('subject_id').notNull(),
  payload: text('payload', { mode: 'json' }).notNull(),
  createdAt: text('created_at').notNull(),
  handledAt: text('handled_at')
}, (t) => [
  // the outbox in the order it is worked through: the next events are the first entries, however
  // many share a moment (a batch's do), and handled events leave the index
  index('domain_events_unhandled_idx').on(t.createdAt, t.id).where(sql`handled_at is null`),
  // "is this already queued?": asked for every completed module, so it must not scan the backlog
  index('domain_events_pending_idx').on(t.subjectId, t.type).where(sql`handled_at is null`)
])
