import type { Outbox } from '../outbox/outbox.ts'
import { heldByAny, newestComplete } from './completeness.ts'
import type { CredentialRepository } from './repository.ts'

/** A completion just recorded: who, which module version, when. */
export interface RecordedCompletion { participantId: string, moduleVersionId: string, at: string }

/**
 * What a recorded completion leaves for the issuer. `completionRecorded` runs in the transaction
 * that records the completion (every door: API, batch, xAPI, CSV import). When the completion
 * makes a module credential due, a `module.completed` event joins the outbox in that transaction,
 * so an acknowledged completion never loses its credential, even if the process stops before
 * signing, and a retry of the same post (a duplicate) queues nothing. Due is, by the rules of
 * completeness.ts: the newest complete version of the module that the participant's completions
 * name, unless a valid or queued credential of theirs holds its units.
 */
export function createCredentialQueue (repo: CredentialRepository, outbox: Outbox) {
  return {
    completionRecorded ({ participantId, moduleVersionId, at }: RecordedCompletion): void {
      const named = repo.versionFacts(moduleVersionId)
      const progress = named && repo.progressOf(participantId, named.module.moduleId)
      const complete = progress && newestComplete(progress.named, progress.done)
      if (!complete) return
      // a held credential is the usual answer; the outbox is read only when none holds the units
      if (heldByAny(complete, repo.heldModuleVersions(participantId))) return
      if (heldByAny(complete, outbox.queuedModulesOf(participantId).flatMap((id) => repo.versionFacts(id) ?? []))) return
      outbox.enqueue({ type: 'module.completed', participantId, moduleVersionId: complete.moduleVersionId, at })
    }
  }
}
export type CredentialQueue = ReturnType<typeof createCredentialQueue>
