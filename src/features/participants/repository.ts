import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { consents, participantReferences, participants } from '../../db/schema/index.ts'
import { afterCursor, decodeCursor } from '../../lib/pagination.ts'
import { DATA_EXCHANGE, type ConsentRecord } from './rules.ts'
import type { ConsentPurpose } from '../../lib/vocabulary.ts'

export type ParticipantRow = typeof participants.$inferSelect
export type ReferenceRow = typeof participantReferences.$inferSelect
type ConsentRow = typeof consents.$inferSelect

export interface ParticipantFilter {
  /** only participants in these regions; null for all */
  regionIds: string[] | null
  /**
   * only participants this organisation holds a reference for and may read: enrolled by it, or
   * whose newest `data-exchange` consent for it gives it (a provider's view; see canSeeParticipant)
   */
  linkedTo?: string | undefined
  /** only the participant that this organisation knows by this reference */
  reference?: { organisationId: string, reference: string } | undefined
  limit: number
  cursor?: string | undefined
}

/** A consent record with recordedAt also as createdAt, so the page helpers can use it. */
export type ConsentPageRow = ConsentRecord & { createdAt: string }

/**
 * True (in SQL) for a row of `participants` when the participant's newest consent record for
 * `purpose` (and `organisationId`, for a purpose that names the party) gives it: consentHolds, in
 * the same order as currentConsents (recordedAt, then id).
 */
export const consentHoldsSql = (purpose: ConsentPurpose, organisationId: string | null = null) => sql`(select ${consents.given} from ${consents}
  where ${consents.participantId} = ${participants.id} and ${consents.purpose} = ${purpose}
  and ${organisationId === null ? isNull(consents.organisationId) : eq(consents.organisationId, organisationId)}
  order by ${consents.recordedAt} desc, ${consents.id} desc limit 1) = 1`

export function createParticipantRepository (db: Db) {
  const byId = db.select().from(participants).where(eq(participants.id, sql.placeholder('id'))).prepare()
  const byReference = db.select({ participantId: participantReferences.participantId }).from(participantReferences)
    .where(and(eq(participantReferences.organisationId, sql.placeholder('organisationId')),
      eq(participantReferences.reference, sql.placeholder('reference')))).prepare()
  const referenceOfOrg = db.select().from(participantReferences)
    .where(and(eq(participantReferences.participantId, sql.placeholder('participantId')),
      eq(participantReferences.organisationId, sql.placeholder('organisationId')))).prepare()

  return {
    /** The participant row; callers check its regionId against the key's regions. */
    findById: (id: string): ParticipantRow | undefined => byId.get({ id }),
    /** The participant an organisation knows by `reference`, if any. */
    findByReference: (organisationId: string, reference: string): string | undefined =>
      byReference.get({ organisationId, reference })?.participantId,
    /** The reference an organisation holds for the participant, if any. */
    referenceOf: (participantId: string, organisationId: string): ReferenceRow | undefined =>
      referenceOfOrg.get({ participantId, organisationId }),

    /** A page in creation order, plus one row to tell whether more follow. */
    list: (filter: ParticipantFilter): ParticipantRow[] => {
      if (filter.regionIds !== null && filter.regionIds.length === 0) return []
      const linked = filter.linkedTo === undefined
        ? undefined
        : and(inArray(participants.id, db.select({ id: participantReferences.participantId }).from(participantReferences)
          .where(eq(participantReferences.organisationId, filter.linkedTo))),
        or(eq(participants.enrolledBy, filter.linkedTo), consentHoldsSql(DATA_EXCHANGE, filter.linkedTo)))
      const referenced = filter.reference === undefined
        ? undefined
        : inArray(participants.id, db.select({ id: participantReferences.participantId }).from(participantReferences)
          .where(and(eq(participantReferences.organisationId, filter.reference.organisationId),
            eq(participantReferences.reference, filter.reference.reference))))
      return db.select().from(participants)
        .where(and(filter.regionIds === null ? undefined : inArray(participants.regionId, filter.regionIds), linked, referenced,
          isNull(participants.erasedAt), afterCursor(filter.cursor, participants.createdAt, participants.id)))
        .orderBy(asc(participants.createdAt), asc(participants.id)).limit(filter.limit + 1).all()
    },

    /** References of the participants, oldest first; only `organisationId`'s when given. */
    referencesOf: (participantIds: string[], organisationId?: string): Map<string, ReferenceRow[]> => {
      const map = new Map<string, ReferenceRow[]>(participantIds.map((id) => [id, []]))
      if (participantIds.length === 0) return map
      const rows = db.select().from(participantReferences)
        .where(and(inArray(participantReferences.participantId, participantIds),
          organisationId === undefined ? undefined : eq(participantReferences.organisationId, organisationId)))
        .orderBy(asc(participantReferences.createdAt), asc(participantReferences.organisationId)).all()
      for (const r of rows) map.get(r.participantId)!.push(r)
      return map
    },

    /** Every consent record of the participants, for working out the current state. */
    consentsOf: (participantIds: string[]): Map<string, ConsentRow[]> => {
      const map = new Map<string, ConsentRow[]>(participantIds.map((id) => [id, []]))
      if (participantIds.length === 0) return map
      const rows = db.select().from(consents).where(inArray(consents.participantId, participantIds)).all()
      for (const r of rows) map.get(r.participantId)!.push(r)
      return map
    },

    /** The participant and, when given, the enrolling organisation's reference, in one transaction. */
    insert: (row: Omit<ParticipantRow, 'erasedAt'>, reference?: string): ParticipantRow =>
      db.transaction(() => {
        db.insert(participants).values(row).run()
        if (reference !== undefined && row.enrolledBy !== null) {
          db.insert(participantReferences)
            .values({ organisationId: row.enrolledBy, reference, participantId: row.id, createdAt: row.createdAt }).run()
        }
        return { ...row, erasedAt: null }
      }),

    update: (id: string, changes: Partial<Pick<ParticipantRow, 'displayName' | 'contactEmail' | 'contactPhone'>> & { updatedAt: string }) =>
      db.update(participants).set(changes).where(eq(participants.id, id)).returning().get()!,

    insertReference: (row: ReferenceRow): ReferenceRow => db.insert(participantReferences).values(row).returning().get(),

    insertConsent: (row: ConsentRow): ConsentRow => db.insert(consents).values(row).returning().get(),

    /** A participant's consent history, newest first; the cursor is the last record given. */
    listConsents: (participantId: string, limit: number, cursor?: string): ConsentPageRow[] => {
      const before = cursor ? decodeCursor(cursor) : undefined
      return db.select({
        id: consents.id,
        purpose: consents.purpose,
        organisationId: consents.organisationId,
        given: consents.given,
        recordedAt: consents.recordedAt,
        createdAt: consents.recordedAt
      }).from(consents)
        .where(and(eq(consents.participantId, participantId),
          before ? sql`(${consents.recordedAt}, ${consents.id}) < (${before.createdAt}, ${before.id})` : undefined))
        .orderBy(desc(consents.recordedAt), desc(consents.id)).limit(limit + 1).all()
    }
  }
}
export type ParticipantRepository = ReturnType<typeof createParticipantRepository>
