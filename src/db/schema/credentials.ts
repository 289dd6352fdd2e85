import { sqliteTable, text, integer, blob, index, unique } from 'drizzle-orm/sqlite-core'
import { participants } from './participants.ts'
import { CREDENTIAL_KINDS, REVOCATION_REASON_CODES, SIGNING_ALGS } from '../../lib/vocabulary.ts'

/**
 * Signing keys of an issuer (`issuer_id` is an organisation id, or `programme` for the
 * programme's own identity). Only the public key is here; the private key lives in DATA_DIR/keys.
 */
export const signingKeys = sqliteTable('signing_keys', {
  id: text('id').primaryKey(),
  issuerId: text('issuer_id').notNull(),
  alg: text('alg', { enum: SIGNING_ALGS }).notNull(),
  publicJwk: text('public_jwk', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  createdAt: text('created_at').notNull(),
  /** set when a newer key took over signing; the key stays published for what it signed */
  retiredAt: text('retired_at')
}, (t) => [index('signing_keys_issuer_idx').on(t.issuerId, t.createdAt)])

/**
 * An issuer's own logo, set by an admin (`issuer_id` as in `signing_keys`); an issuer without one
 * is shown with a logo generated from its initials. Stored only after the SVG passed the checks
 * in features/issuers/logo-check.ts.
 */
export const issuerLogos = sqliteTable('issuer_logos', {
  issuerId: text('issuer_id').primaryKey(),
  svg: text('svg').notNull(),
  updatedAt: text('updated_at').notNull()
})

/** W3C Bitstring Status Lists, one set per issuer and purpose. */
export const statusLists = sqliteTable('status_lists', {
  id: text('id').primaryKey(),
  issuerId: text('issuer_id').notNull(),
  purpose: text('purpose', { enum: ['revocation'] }).notNull(),
  size: integer('size').notNull(),
  used: integer('used').notNull(),
  bits: blob('bits', { mode: 'buffer' }).notNull(),
  /** bumped on every change; the signed list is remade only when it is behind */
  version: integer('version').notNull(),
  signedVersion: integer('signed_version'),
  signedJwt: text('signed_jwt'),
  createdAt: text('created_at').notNull()
}, (t) => [index('status_lists_issuer_idx').on(t.issuerId, t.purpose)])

/** One index per credential, never reused. */
export const statusEntries = sqliteTable('status_entries', {
  listId: text('list_id').notNull().references(() => statusLists.id),
  statusIndex: integer('status_index').notNull(),
  credentialId: text('credential_id').notNull()
}, (t) => [unique('status_entries_list_index_uq').on(t.listId, t.statusIndex)])

/** Issued credentials, kept as signed. Revoked by status, never deleted. */
export const credentials = sqliteTable('credentials', {
  id: text('id').primaryKey(),
  participantId: text('participant_id').notNull().references(() => participants.id),
  issuerId: text('issuer_id').notNull(),
  kind: text('kind', { enum: CREDENTIAL_KINDS }).notNull(),
  /** what it is about: the module version id, the pathway id, or the participant id */
  subjectRef: text('subject_ref').notNull(),
  document: text('document', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  jwt: text('jwt').notNull(),
  statusListId: text('status_list_id').notNull().references(() => statusLists.id),
  statusIndex: integer('status_index').notNull(),
  issuedAt: text('issued_at').notNull(),
  revokedAt: text('revoked_at'),
  revocationReason: text('revocation_reason', { enum: REVOCATION_REASON_CODES })
}, (t) => [
  index('credentials_participant_idx').on(t.participantId, t.kind, t.subjectRef),
  unique('credentials_status_uq').on(t.statusListId, t.statusIndex)
])
