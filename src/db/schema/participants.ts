import { sql } from 'drizzle-orm'
import { sqliteTable, text, integer, primaryKey, index, unique } from 'drizzle-orm/sqlite-core'
import { organisations, regions, apiKeys } from './access.ts'
import { moduleVersions, units } from './catalogue.ts'
import { ASSESSMENTS, COMPLETION_SOURCES, CONSENT_PURPOSES } from '../../lib/vocabulary.ts'

/** A participant (deelnemer): pseudonymous id, region, display name. No national ID number, ever. */
export const participants = sqliteTable('participants', {
  id: text('id').primaryKey(),
  regionId: text('region_id').notNull().references(() => regions.id),
  displayName: text('display_name').notNull(),
  contactEmail: text('contact_email'),
  contactPhone: text('contact_phone'),
  /** the organisation whose key enrolled the participant; null when a service admin did */
  enrolledBy: text('enrolled_by').references(() => organisations.id),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  /** set when the participant's personal data was erased on their request; the row stays, pseudonymous, so counts stay right */
  erasedAt: text('erased_at')
}, (t) => [index('participants_region_idx').on(t.regionId, t.createdAt, t.id)])

/** An organisation's own reference for a participant (its student number, an LMS account name). */
export const participantReferences = sqliteTable('participant_references', {
  organisationId: text('organisation_id').notNull().references(() => organisations.id),
  reference: text('reference').notNull(),
  participantId: text('participant_id').notNull().references(() => participants.id),
  createdAt: text('created_at').notNull()
}, (t) => [
  primaryKey({ columns: [t.organisationId, t.reference] }),
  unique('participant_references_one_per_org_uq').on(t.participantId, t.organisationId)
])

/** Consent given or withdrawn, append-only: the newest record per purpose and organisation holds. */
export const consents = sqliteTable('consents', {
  id: text('id').primaryKey(),
  participantId: text('participant_id').notNull().references(() => participants.id),
  purpose: text('purpose', { enum: CONSENT_PURPOSES }).notNull(),
  /** the named party, for data-exchange */
  organisationId: text('organisation_id').references(() => organisations.id),
  given: integer('given', { mode: 'boolean' }).notNull(),
  recordedAt: text('recorded_at').notNull(),
  recordedBy: text('recorded_by').references(() => apiKeys.id)
}, (t) => [index('consents_participant_idx').on(t.participantId, t.recordedAt)])

export interface WorkplaceAttestation { name: string, role: string, statement: string, attestedOn?: string }
export interface HostCompany { name: string, kvkNumber?: string }
export interface CompletionResult { passed?: boolean, grade?: string, scaledScore?: number }

/** One unit done by one participant. Never deleted: a correction voids it. */
export const completions = sqliteTable('completions', {
  id: text('id').primaryKey(),
  participantId: text('participant_id').notNull().references(() => participants.id),
  unitId: text('unit_id').notNull().references(() => units.id),
  moduleVersionId: text('module_version_id').notNull().references(() => moduleVersions.id),
  providerId: text('provider_id').notNull().references(() => organisations.id),
  completedOn: text('completed_on').notNull(),
  assessment: text('assessment', { enum: ASSESSMENTS }).notNull(),
  hostCompany: text('host_company', { mode: 'json' }).$type<HostCompany>(),
  workplaceAttestation: text('workplace_attestation', { mode: 'json' }).$type<WorkplaceAttestation>(),
  evidenceUrl: text('evidence_url'),
  result: text('result', { mode: 'json' }).$type<CompletionResult>(),
  /** the provider's own id for the record: the idempotency key */
  externalId: text('external_id').notNull(),
  source: text('source', { enum: COMPLETION_SOURCES }).notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by'),
  voidedAt: text('voided_at'),
  voidReason: text('void_reason'),
  voidedBy: text('voided_by')
}, (t) => [
  unique('completions_provider_external_uq').on(t.providerId, t.externalId),
  // the participant's valid completions only (void ones are never read by participant): a small
  // index keeps bulk imports fast, and "which units has the participant done" needs no table reads
  index('completions_participant_idx').on(t.participantId, t.unitId).where(sql`voided_at is null`)
])
