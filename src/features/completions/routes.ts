import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { principalOf } from '../../plugins/auth.ts'
import { Problem } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import type { Principal } from '../../lib/principal.ts'
import { canSeeCompletion } from '../../lib/access-policy.ts'
import { requireNotErased, requireVisible } from '../../lib/require-visible.ts'
import { toPage } from '../../lib/pagination.ts'
import type { CompletionRow } from './repository.ts'
import { completionView, createRecorder, type ItemOutcome } from './recorder.ts'
import {
  BatchBody, BatchResponse, CompletionBody, CompletionList, CompletionParams, CompletionQuery, CompletionSchema, CreatedCompletion, VoidBody
} from './schemas.ts'

/** Room for 5,000 completions with attestations. */
const BATCH_BODY_LIMIT = 16 * 1024 * 1024

class AtomicBatchFailed extends Error {}

/** Turns the errors of one refused item into the problem the single route answers with. */
function problemOf (outcome: Extract<ItemOutcome, { ok: false }>): Problem {
  const first = outcome.errors[0]!
  return new Problem(first.code, first.detail,
    outcome.errors.map((e) => ({ pointer: e.pointer, detail: e.detail, code: e.code, in: 'body' as const })))
}

/** Providers post completed units; a correction voids one. Nothing is ever deleted. */
const completionRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(CompletionSchema)
  const { repo, recorder } = createRecorder(fastify.db, fastify.issuance.completionRecorded, fastify.config.now)
  const view = (row: CompletionRow) => completionView(row, repo.versionOf(row.moduleVersionId))

  /**
   * The completion, when the key may see it. `toChange`: also refused (410) once its participant's
   * personal data was erased, for a change writes about them; reading it stays, pseudonymous.
   */
  function visibleCompletion (principal: Principal, id: string, toChange = false): CompletionRow {
    const row = repo.findById(id)
    const participant = row && repo.findParticipant(row.participantId)
    const visible = requireVisible('completion', id, row, row && participant && canSeeCompletion(principal, { providerId: row.providerId, regionId: participant.regionId }))
    if (toChange) requireNotErased(participant!)
    return visible
  }

  fastify.post('/completions', {
    config: { roles: ['provider'], audit: 'completion.record' },
    schema: {
      tags: ['completions'],
      summary: 'Record one completed unit for a participant',
      description: 'Posting the same `externalId` with the same content again answers 200 with the original record; other content under that `externalId` answers 409.',
      body: CompletionBody,
      response: { 201: CreatedCompletion, 200: CompletionSchema, ...problemResponses(400, 401, 403, 409, 410) }
    }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const outcome = repo.transaction(() => recorder.record(principal, request.body, 'api'))
    if (!outcome.ok) throw problemOf(outcome)
    fastify.issuance.schedule()
    if (outcome.status === 'created') reply.code(201).header('location', `/v1/completions/${outcome.id}`)
    return view(repo.findById(outcome.id)!)
  })

  fastify.get('/completions', {
    config: { roles: ['provider'] },
    schema: {
      tags: ['completions'],
      summary: 'The completions you recorded, in the order they last changed',
      description: 'Filters combine. A completion changes when it is recorded and when it is voided, so `updatedSince` with the `updatedAt` of the last one you saw gives what changed since (voids included), and following `nextCursor` to the end gives everything stored.',
      querystring: CompletionQuery,
      response: { 200: CompletionList, ...problemResponses(400, 401, 403) }
    }
  }, async (request) => {
    const { participantId, externalId, updatedSince, limit, cursor } = request.query
    // compared with stored UTC timestamps, so any offset is brought to UTC first
    const since = updatedSince === undefined ? undefined : new Date(updatedSince)
    if (since && Number.isNaN(since.getTime())) {
      throw new Problem('invalid-format', `updatedSince ${updatedSince} is not a moment`, [{ pointer: '#/updatedSince', detail: 'not a moment', code: 'invalid-format', in: 'querystring' }])
    }
    const rows = repo.list({ providerId: principalOf(request).organisationId!, participantId, externalId, updatedSince: since?.toISOString(), cursor, limit })
    return toPage(rows, limit, ({ row }) => view(row))
  })

  fastify.post('/completions/batch', {
    bodyLimit: BATCH_BODY_LIMIT,
    config: { roles: ['provider'], audit: 'completion.record-batch' },
    schema: {
      tags: ['completions'],
      summary: 'Record up to 5,000 completions in one transaction',
      description: 'Each item is checked as by POST /v1/completions and gets a result: `created`, `duplicate` or `error` with codes and pointers (`#/items/3/unitId`). Good items are stored even when others fail, unless `atomic` is true: then one bad item means nothing is stored and the answer is 400 `batch-rejected`.',
      body: BatchBody,
      response: { 200: BatchResponse, ...problemResponses(400, 401, 403, 413) }
    }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const { items, atomic } = request.body
    const outcomes: ItemOutcome[] = []
    const at = recorder.now()
    try {
      repo.transaction(() => {
        items.forEach((item, index) => outcomes.push(recorder.record(principal, item, 'batch', `#/items/${index}`, at)))
        if (atomic && outcomes.some((o) => !o.ok)) throw new AtomicBatchFailed()
      })
    } catch (err) {
      if (!(err instanceof AtomicBatchFailed)) throw err
    }
    fastify.issuance.schedule()
    const summary = { created: 0, duplicate: 0, error: 0 }
    const results = outcomes.map((o, index) => {
      summary[o.ok ? o.status : 'error']++
      return o.ok
        ? { index, status: o.status, id: o.id, externalId: o.externalId }
        : { index, status: 'error' as const, ...(o.externalId ? { externalId: o.externalId } : {}), errors: o.errors }
    })
    if (atomic && summary.error > 0) {
      const errors = outcomes.flatMap((o) => o.ok ? [] : o.errors.map((e) => ({ pointer: e.pointer, detail: e.detail, code: e.code, in: 'body' as const })))
      throw new Problem('batch-rejected', `${summary.error} of ${items.length} items have errors; with atomic: true nothing was stored`,
        errors, { stored: false, summary: { created: 0, duplicate: 0, error: summary.error }, results: results.filter((r) => r.status === 'error') })
    }
    return { stored: true, summary, results }
  })

  fastify.get('/completions/:completionId', {
    config: { roles: ['admin', 'coach', 'provider'] },
    schema: {
      tags: ['completions'],
      summary: 'One completion',
      params: CompletionParams,
      response: { 200: CompletionSchema, ...problemResponses(401, 403, 404) }
    }
  }, async (request) => view(visibleCompletion(principalOf(request), request.params.completionId)))

  fastify.post('/completions/:completionId/void', {
    config: { roles: ['admin', 'provider'], audit: 'completion.void' },
    schema: {
      tags: ['completions'],
      summary: 'Void a mistaken completion, with a reason',
      description: 'The record stays, marked void, and no longer counts toward modules, skills or paths. Credentials that depended on it (the module credential, portfolio credentials holding it, path credentials no longer met) are revoked before the answer; a module credential that still holds on other completions is issued anew in the background (see `pending` of the participant\'s credentials). ' +
        'A completion of a participant whose personal data was erased answers 410 `participant-erased`.',
      params: CompletionParams,
      body: VoidBody,
      response: { 200: CompletionSchema, ...problemResponses(400, 401, 403, 404, 409, 410) }
    }
  }, async (request) => {
    const principal = principalOf(request)
    // the reason is free text, often about the participant: none is written once they are erased
    const row = visibleCompletion(principal, request.params.completionId, true)
    if (row.voidedAt) throw new Problem('already-void', `completion ${row.id} was voided on ${row.voidedAt}: ${row.voidReason}`)
    // credentials that rested on it are revoked with the void, so a verifier never sees them pass
    // afterwards; issuing anew, where the achievement still holds, is left to the outbox
    repo.transaction(() => {
      repo.markVoid(row, request.body.reason.trim(), principal.keyId, fastify.config.now().toISOString())
      fastify.issuance.revokeVoided(row.participantId, row.unitId)
    })
    fastify.issuance.schedule()
    return view(repo.findById(row.id)!)
  })
}
export default completionRoutes
