import { and, asc, eq, gt, isNotNull, isNull, lt, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import {
  accessLinks, completions, consents, credentials, outboxEvents, outcomeRetractions, outcomes, participantReferences, participants, shares
} from '../../db/schema/index.ts'
import { ERASED_TEXT } from './redaction.ts'

export type CompletionRow = typeof completions.$inferSelect
export type AccessLinkRow = typeof accessLinks.$inferSelect
export type ShareRow = typeof shares.$inferSelect

/** A participant's events in the outbox: subjects are `participant/version`, so one range of subject ids. */
const outboxOf = (participantId: string) =>
  and(gt(outboxEvents.subjectId, `${participantId}/`), lt(outboxEvents.subjectId, `${participantId}0`))

/**
 * What the service holds about one participant, read whole for an export, and the writes that
 * erase their personal data. Reads and writes of the participant's rows only; the writes join the
 * caller's transaction.
 */
export function createPrivacyRepository (db: Db) {
  return {
    // ---- reads, for the export ----------------------------------------------------------------
    /** The organisations' references for the participant, oldest first. */
    referencesOf: (participantId: string) =>
      db.select({ organisationId: participantReferences.organisationId, reference: participantReferences.reference, createdAt: participantReferences.createdAt })
        .from(participantReferences).where(eq(participantReferences.participantId, participantId))
        .orderBy(asc(participantReferences.createdAt), asc(participantReferences.organisationId)).all(),
    /** Every consent record, given and withdrawn, oldest first. */
    consentHistoryOf: (participantId: string) =>
      db.select({ id: consents.id, purpose: consents.purpose, organisationId: consents.organisationId, given: consents.given, recordedAt: consents.recordedAt })
        .from(consents).where(eq(consents.participantId, participantId)).orderBy(asc(consents.recordedAt), asc(consents.id)).all(),
    /** Every completion, voided ones too, in the order recorded. */
    completionsOf: (participantId: string): CompletionRow[] =>
      db.select().from(completions).where(eq(completions.participantId, participantId)).orderBy(asc(completions.createdAt), asc(completions.id)).all(),
    /** Every personal link ever made, oldest first (token hashes are not given out). */
    accessLinksOf: (participantId: string): AccessLinkRow[] =>
      db.select().from(accessLinks).where(eq(accessLinks.participantId, participantId)).orderBy(asc(accessLinks.createdAt), asc(accessLinks.id)).all(),
    /** Every share link ever made, oldest first. */
    sharesOf: (participantId: string): ShareRow[] =>
      db.select().from(shares).where(eq(shares.participantId, participantId)).orderBy(asc(shares.createdAt), asc(shares.id)).all(),

    // ---- writes, for the erasure -------------------------------------------------------------
    /**
     * Drops what the outbox still holds for the participant (nothing is issued for them later)
     * and blanks the free text its handled events carry (a void's reason).
     */
    settleOutbox (participantId: string, at: string): void {
      db.update(outboxEvents).set({ handledAt: at }).where(and(outboxOf(participantId), isNull(outboxEvents.handledAt))).run()
      db.update(outboxEvents).set({ payload: sql`json_set(${outboxEvents.payload}, '$.reason', ${ERASED_TEXT})` })
        .where(and(outboxOf(participantId), sql`json_extract(${outboxEvents.payload}, '$.reason') is not null`)).run()
    },
    /** Replaces a stored credential's document and blanks its JWT. */
    replaceCredential (id: string, document: Record<string, unknown>): void {
      db.update(credentials).set({ document, jwt: '' }).where(eq(credentials.id, id)).run()
    },
    /**
     * Blanks what a completion holds that could name the participant or others: the trainer's
     * attestation, the evidence link, the void reason, and the provider's own id for it (kept
     * unique as `erased:<id>`). The unit, date, assessment, host company and result stay, for counts.
     */
    redactCompletions (participantId: string): void {
      db.update(completions).set({ workplaceAttestation: null, evidenceUrl: null, externalId: sql`'erased:' || ${completions.id}` })
        .where(eq(completions.participantId, participantId)).run()
      db.update(completions).set({ voidReason: ERASED_TEXT })
        .where(and(eq(completions.participantId, participantId), isNotNull(completions.voidReason))).run()
    },
    /** Blanks the reasons given for retracting the participant's outcomes (free text). */
    redactRetractions (participantId: string): void {
      db.update(outcomeRetractions).set({ reason: ERASED_TEXT })
        .where(sql`${outcomeRetractions.outcomeId} in (select ${outcomes.id} from ${outcomes} where ${outcomes.participantId} = ${participantId})`).run()
    },
    /** Blanks the labels of the participant's share links (who a link was for, in someone's own words). */
    blankShareLabels (participantId: string): void {
      db.update(shares).set({ label: null }).where(eq(shares.participantId, participantId)).run()
    },
    deleteReferences (participantId: string): void {
      db.delete(participantReferences).where(eq(participantReferences.participantId, participantId)).run()
    },
    /** Blanks the name and contact details and marks the participant erased; the pseudonymous row stays. */
    eraseParticipant (participantId: string, at: string): void {
      db.update(participants).set({ displayName: '', contactEmail: null, contactPhone: null, erasedAt: at, updatedAt: at })
        .where(eq(participants.id, participantId)).run()
    }
  }
}
export type PrivacyRepository = ReturnType<typeof createPrivacyRepository>
