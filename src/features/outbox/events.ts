/*
 * What the outbox carries. Each event is written in the transaction of the change it follows
 * from, so work that follows from an acknowledged change is never lost, even when the process
 * stops before doing it; the work marks the event handled in the transaction that stores its
 * result, so a retry never does it twice.
 */

/**
 * A participant's completions make a module version complete and no credential of theirs holds
 * its units yet: the module credential is due.
 */
export interface ModuleCompleted {
  type: 'module.completed'
  participantId: string
  moduleVersionId: string
  /** when the completion that made it complete was recorded */
  at: string
}

/**
 * A completion was voided. What rested on it was revoked with the void; what still holds on the
 * participant's other completions is issued anew.
 */
export interface CompletionVoided {
  type: 'completion.voided'
  participantId: string
  /** the version the voided completion named */
  moduleVersionId: string
  completionId: string
  unitId: string
  reason: string
  at: string
}

export type OutboxEvent = ModuleCompleted | CompletionVoided
export type OutboxEventType = OutboxEvent['type']

/** An event waiting in the outbox, with its id. */
export type QueuedEvent = OutboxEvent & { id: string }

/** Every event about a participant's module version carries this subject; a participant's are one range of it. */
export const subjectOf = (participantId: string, moduleVersionId: string) => `${participantId}/${moduleVersionId}`
