import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core'
import { organisations } from './access.ts'
import { participants } from './participants.ts'
import { SHARE_SCOPES, VIEW_CHANNELS, WITHDRAW_REASONS } from '../../lib/vocabulary.ts'

/**
 * A participant's personal link (`/p/{token}`): a capability URL a coach hands over, often as a
 * QR code on paper. Only the token's hash is kept. Making a new one revokes the ones before it.
 */
export const accessLinks = sqliteTable('access_links', {
  id: text('id').primaryKey(),
  participantId: text('participant_id').notNull().references(() => participants.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: text('created_at').notNull(),
  /** the API key that made it */
  createdBy: text('created_by'),
  expiresAt: text('expires_at').notNull(),
  revokedAt: text('revoked_at'),
  lastOpenedAt: text('last_opened_at')
}, (t) => [index('access_links_participant_idx').on(t.participantId, t.createdAt)])

/**
 * A share link for an employer (`/s/{token}`): the whole portfolio or chosen credentials, until it
 * expires or is withdrawn. Only the token's hash is kept. A share expiring is not a credential expiring.
 */
export const shares = sqliteTable('shares', {
  id: text('id').primaryKey(),
  participantId: text('participant_id').notNull().references(() => participants.id),
  tokenHash: text('token_hash').notNull().unique(),
  scope: text('scope', { enum: SHARE_SCOPES }).notNull(),
  /** the chosen credentials' ids, when scope is `chosen` */
  credentialIds: text('credential_ids', { mode: 'json' }).$type<string[]>(),
  /** who it is for, in the participant's or coach's own words (e.g. the employer's name) */
  label: text('label'),
  /** the employer organisation it was made for, which may then read it with its API key */
  employerId: text('employer_id').references(() => organisations.id),
  createdAt: text('created_at').notNull(),
  /** `participant` when made on the personal page, else the API key's id */
  createdBy: text('created_by').notNull(),
  expiresAt: text('expires_at').notNull(),
  withdrawnAt: text('withdrawn_at'),
  withdrawnReason: text('withdrawn_reason', { enum: WITHDRAW_REASONS }),
  viewCount: integer('view_count').notNull().default(0),
  lastViewedAt: text('last_viewed_at')
}, (t) => [
  index('shares_participant_idx').on(t.participantId, t.createdAt),
  index('shares_employer_idx').on(t.employerId)
])

/** Every view of a share: when and how, never from where (no IP address). */
export const shareViews = sqliteTable('share_views', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  shareId: text('share_id').notNull().references(() => shares.id),
  viewedAt: text('viewed_at').notNull(),
  via: text('via', { enum: VIEW_CHANNELS }).notNull()
}, (t) => [index('share_views_share_idx').on(t.shareId, t.viewedAt)])
