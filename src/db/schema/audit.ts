import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core'
import { AUDIT_ACTIONS, AUDIT_ROLES, AUDIT_TARGET_TYPES } from '../../lib/vocabulary.ts'

/**
 * The audit trail: one row per write, verification and share view, append-only (triggers refuse
 * updates and deletes) and hash-chained: `hash` is sha256 of `prev_hash` and the canonical JSON of
 * the other fields (see features/audit/chain.ts), `prev_hash` the hash of the row at `position - 1`.
 * Ids only: no names, contact details, references, tokens or token hashes, so that events can
 * stay when a participant's personal data is erased.
 */
export const auditEvents = sqliteTable('audit_events', {
  /** the position in the chain, from 1, without gaps */
  position: integer('position').primaryKey(),
  /** `aud_…`, unique as every id the service makes; no index of its own: nothing is looked up by it */
  id: text('id').notNull(),
  /** when it happened, by the app's clock */
  at: text('at').notNull(),
  action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
  /** the API key, or null without one (public, the participant's own page, the CLI) */
  keyId: text('key_id'),
  organisationId: text('organisation_id'),
  role: text('role', { enum: AUDIT_ROLES }).notNull(),
  targetType: text('target_type', { enum: AUDIT_TARGET_TYPES }),
  targetId: text('target_id'),
  /** the request's id (`x-request-id`), null for the CLI */
  requestId: text('request_id'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull()
}, (t) => [
  index('audit_events_at_idx').on(t.at, t.id),
  index('audit_events_target_idx').on(t.targetType, t.targetId),
  index('audit_events_organisation_idx').on(t.organisationId, t.at),
  index('audit_events_key_idx').on(t.keyId, t.at)
])
