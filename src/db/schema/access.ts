import { sqliteTable, text, primaryKey, index } from 'drizzle-orm/sqlite-core'
import { ORGANISATION_KINDS, ROLES } from '../../lib/vocabulary.ts'

export const regions = sqliteTable('regions', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull().unique(),
  createdAt: text('created_at').notNull()
})

export const organisations = sqliteTable('organisations', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: ORGANISATION_KINDS }).notNull(),
  createdAt: text('created_at').notNull()
})

export const organisationRegions = sqliteTable('organisation_regions', {
  organisationId: text('organisation_id').notNull().references(() => organisations.id),
  regionId: text('region_id').notNull().references(() => regions.id)
}, (t) => [
  primaryKey({ columns: [t.organisationId, t.regionId] }),
  index('organisation_regions_region_idx').on(t.regionId)
])

export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  /** null for a service-wide admin key made by the CLI */
  organisationId: text('organisation_id').references(() => organisations.id),
  /** set only for an admin key limited to one region */
  regionId: text('region_id').references(() => regions.id),
  role: text('role', { enum: ROLES }).notNull(),
  label: text('label').notNull(),
  secretHash: text('secret_hash').notNull(),
  createdAt: text('created_at').notNull(),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at')
}, (t) => [index('api_keys_organisation_idx').on(t.organisationId)])
