import type { ErrorObject, ValidateFunction } from 'ajv'
import { newId } from '../../lib/ids.ts'
import type { Principal } from '../../lib/principal.ts'
import { canSeeParticipant } from '../../lib/access-policy.ts'
import { fieldErrorsFromAjv } from '../../lib/problems.ts'
import type { Db } from '../../db/client.ts'
import { compileBodyValidator } from '../../lib/validator.ts'
import { createCompletionRepository, type CompletionRepository, type CompletionRow, type UnitTarget } from './repository.ts'
import { checkCompletionInput, sameCompletion, todayInAmsterdam, type ItemError } from './rules.ts'
import type { CompletionSource } from '../../lib/vocabulary.ts'
import { CompletionBody, type CompletionInput } from './schemas.ts'

export type ItemOutcome =
  | { ok: true, status: 'created' | 'duplicate', id: string, externalId: string, participantId: string, moduleVersionId: string }
  | { ok: false, errors: ItemError[], externalId?: string | undefined }

const rebase = (pointer: string, prefix: string) => prefix + pointer.slice(1)

/** A completion just stored, as the recorder reports it to `onCreated`. */
export interface RecordedCompletion { completionId: string, participantId: string, moduleVersionId: string, at: string }

/** When items are recorded: one moment per request, shared by every item of a batch. */
export interface RecordedAt { iso: string, today: string }
const recordedAt = (date: Date): RecordedAt => ({ iso: date.toISOString(), today: todayInAmsterdam(date) })

/**
 * Records completions for a provider: one path for the API, batches, xAPI and CSV, so every
 * door applies the same checks. Callers run `record` inside a transaction.
 */
export function createCompletionRecorder (repo: CompletionRepository, validate: ValidateFunction, options: {
  /** runs in the same transaction after each new completion (not after a duplicate), e.g. to queue a credential */
  onCreated?: ((created: RecordedCompletion) => void) | undefined
  now?: () => Date
} = {}) {
  const now = options.now ?? (() => new Date())
  function check (principal: Principal, raw: unknown, prefix: string, today: string): { input: CompletionInput, participantId: string, unit: UnitTarget } | ItemError[] {
    if (!validate(raw)) {
      return fieldErrorsFromAjv(validate.errors as ErrorObject[], 'body')
        .map((e) => ({ status: 400, code: e.code, pointer: rebase(e.pointer, prefix), detail: e.detail }))
    }
    const input = raw as CompletionInput
    const errors = checkCompletionInput(input, today)
    const unit = repo.findUnit(input.unitId)
    const ownUnit = unit?.providerId === principal.organisationId
    // another provider's draft is hidden from this key, so it answers as a unit that does not exist
    if (!unit || (!ownUnit && !unit.published)) {
      errors.push({ status: 400, code: 'unknown-unit', pointer: '#/unitId', detail: `unit ${input.unitId} does not exist` })
    } else if (!ownUnit) {
      errors.push({ status: 403, code: 'not-your-module', pointer: '#/unitId', detail: 'the unit belongs to a module of another provider' })
    } else if (!unit.published) {
      errors.push({ status: 400, code: 'unit-not-published', pointer: '#/unitId', detail: 'the unit belongs to a draft version; publish it first' })
    }
    let participantId: string | undefined
    if (input.participantId !== undefined || input.participantReference !== undefined) {
      const byId = input.participantId !== undefined
      const participant = byId
        ? repo.findParticipant(input.participantId!)
        : repo.findParticipantByReference(principal.organisationId!, input.participantReference!)
      const pointer = byId ? '#/participantId' : '#/participantReference'
      // a participant in a region the organisation does not serve is answered as one that does not exist;
      // naming them needs no reference (a reference found them already, or the id names them)
      const decision = participant && canSeeParticipant(principal, participant, { linked: false })
      if (!participant || decision === 'hidden') {
        errors.push({ status: 400, code: 'unknown-participant', pointer, detail: byId ? `participant ${input.participantId} does not exist` : `no participant has your reference ${input.participantReference}` })
      } else if (decision === 'erased') {
        errors.push({ status: 410, code: 'participant-erased', pointer, detail: `the personal data of participant ${participant.id} was erased on their request; nothing more is recorded about them` })
      } else {
        participantId = participant.id
      }
    }
    if (errors.length > 0 || participantId === undefined || !unit) {
      return errors.map((e) => ({ ...e, pointer: rebase(e.pointer, prefix) }))
    }
    return { input, participantId, unit }
  }

  /**
   * Checks one item and stores it unless its externalId is known: the same content again is a
   * `duplicate` (the original stands), other content under the same externalId is a 409.
   */
  function record (principal: Principal, raw: unknown, source: CompletionSource, prefix = '#', at = recordedAt(now())): ItemOutcome {
    const checked = check(principal, raw, prefix, at.today)
    const externalId = typeof (raw as { externalId?: unknown } | null)?.externalId === 'string' ? (raw as { externalId: string }).externalId : undefined
    if (Array.isArray(checked)) return { ok: false, errors: checked, externalId }
    const { input, participantId, unit } = checked
    const providerId = principal.organisationId!
    const id = newId('cmp')
    const created = repo.insertNew({
      id,
      participantId,
      unitId: unit.unitId,
      moduleVersionId: unit.moduleVersionId,
      providerId,
      completedOn: input.completedOn,
      assessment: input.assessment,
      hostCompany: input.hostCompany,
      workplaceAttestation: input.workplaceAttestation,
      evidenceUrl: input.evidenceUrl,
      result: input.result,
      externalId: input.externalId,
      source,
      createdAt: at.iso,
      createdBy: principal.keyId
    })
    if (!created) {
      const existing = repo.findByExternalId(providerId, input.externalId)!
      if (sameCompletion(input, participantId, existing)) return { ok: true, status: 'duplicate', id: existing.id, externalId: input.externalId, participantId, moduleVersionId: existing.moduleVersionId }
      return {
        ok: false,
        externalId,
        errors: [{ status: 409, code: 'external-id-conflict', pointer: rebase('#/externalId', prefix), detail: `externalId ${input.externalId} was used for a different completion (${existing.id})` }]
      }
    }
    options.onCreated?.({ completionId: id, participantId, moduleVersionId: unit.moduleVersionId, at: at.iso })
    return { ok: true, status: 'created', id, externalId: input.externalId, participantId, moduleVersionId: unit.moduleVersionId }
  }

  return {
    record,
    /** the moment for a request's items */
    now: () => recordedAt(now())
  }
}
export type CompletionRecorder = ReturnType<typeof createCompletionRecorder>

/** The API view of a stored completion. */
export function completionView (row: CompletionRow, version: { moduleId: string, version: number }) {
  return {
    id: row.id,
    externalId: row.externalId,
    participantId: row.participantId,
    unitId: row.unitId,
    moduleId: version.moduleId,
    moduleVersion: version.version,
    providerId: row.providerId,
    completedOn: row.completedOn,
    assessment: row.assessment,
    hostCompany: row.hostCompany ?? null,
    workplaceAttestation: row.workplaceAttestation ?? null,
    evidenceUrl: row.evidenceUrl,
    result: row.result ?? null,
    source: row.source,
    createdAt: row.createdAt,
    updatedAt: row.voidedAt ?? row.createdAt,
    voided: row.voidedAt ? { at: row.voidedAt, reason: row.voidReason ?? '' } : null
  }
}

/**
 * The recorder every door uses (API, batch, xAPI, CSV), on its own repository. The service passes
 * `onCreated` to queue the credential a completion makes due in the same transaction
 * (`app.issuance.completionRecorded`; the CLI import builds the same from features/credentials).
 */
export function createRecorder (db: Db, onCreated?: (created: RecordedCompletion) => void, now?: () => Date) {
  const repo = createCompletionRepository(db)
  const recorder = createCompletionRecorder(repo, compileBodyValidator(CompletionBody), { onCreated, now })
  return { repo, recorder }
}
