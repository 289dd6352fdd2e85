import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { principalOf } from '../../plugins/auth.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { Problem, conflict, notFound } from '../../lib/problems.ts'
import { newId } from '../../lib/ids.ts'
import { PageQuery, decodeCursor, toPage } from '../../lib/pagination.ts'
import { createOrganisationRepository } from '../organisations/repository.ts'
import { createParticipantRepository } from '../participants/repository.ts'
import { createParticipantAccess } from '../participants/access.ts'
import { ParticipantParams } from '../participants/schemas.ts'
import { todayInAmsterdam } from '../completions/rules.ts'
import { createOutcomeRepository } from './repository.ts'
import { outcomeStates } from './rules.ts'
import {
  checkCorrection, checkDates, checkEmployer, checkTexts, fieldsOf, notCurrent, resolveJob, sameOutcome, type OutcomeIssue
} from './checks.ts'
import { toOutcomeViews } from './views.ts'
import { OutcomeList, OutcomeParams, OutcomeSchema, RecordOutcomeBody, RecordedOutcome, RetractOutcomeBody, type Outcome } from './schemas.ts'

const COACHES = ['admin', 'coach'] as const

/** One problem for every issue of a refused record: the first code (a 400 before a 409), each field listed. */
function problemOf (issues: OutcomeIssue[]): Problem {
  const sorted = [...issues].sort((a, b) => a.status - b.status)
  const first = sorted[0]!
  return new Problem(first.code, first.detail, sorted.map((i) => ({ pointer: i.pointer, detail: i.detail, code: i.code, in: 'body' as const })))
}

/**
 * Outcomes: what happened after learning (a job, still at work at a follow-up, further
 * education), recorded by coaches and admins of the participant's region. Records are never
 * changed: a correction is a new record, a retraction is recorded beside the record. Analysts
 * never see them one by one; they get figures.
 */
const outcomeRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(OutcomeSchema)
  const outcomes = createOutcomeRepository(fastify.db)
  const organisations = createOrganisationRepository(fastify.db)
  const visibleParticipant = createParticipantAccess(createParticipantRepository(fastify.db))

  /** The participant's records as the API shows them, newest first. */
  const viewsOf = (participantId: string) => toOutcomeViews(outcomes.ofParticipant(participantId))
  const viewOf = (participantId: string, outcomeId: string): Outcome => {
    const view = viewsOf(participantId).find((v) => v.id === outcomeId)
    if (!view) throw notFound('outcome', outcomeId)
    return view
  }

  fastify.post('/participants/:participantId/outcomes', {
    config: { roles: COACHES, audit: 'outcome.record' },
    schema: {
      tags: ['outcomes'],
      summary: 'Record an outcome: a job started, still at work at a follow-up, or education started',
      description: 'Dates may not be after today (Dutch time) nor before the day the participant was enrolled. ' +
        '`still-at-work` is about a current `job-started` record that started at least `months` calendar months before `checkedOn` ' +
        '(31 August + 6 months is the end of February): the one named in `jobOutcomeId`, or else the one of those that started last. ' +
        'A correction is a new record with `corrects`; the corrected record then counts as superseded. ' +
        'Posting what a stored record of the participant says (every field, `corrects` too; not a retracted one) answers 200 with that record and stores nothing, so a retry never duplicates.',
      params: ParticipantParams,
      body: RecordOutcomeBody,
      response: { 201: RecordedOutcome, 200: OutcomeSchema, ...problemResponses(400, 401, 403, 404, 409, 410) }
    }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const participant = visibleParticipant(principal, request.params.participantId)
    const input = request.body
    const fields = fieldsOf(input)
    const now = fastify.config.now()
    const recorded = fastify.db.transaction(() => {
      const records = outcomes.ofParticipant(participant.id)
      const same = records.find((r) => r.retractedAt === null && sameOutcome(fields, r))
      if (same) return { id: same.id, created: false }
      const issues = [
        ...checkDates(input, todayInAmsterdam(now), todayInAmsterdam(new Date(participant.createdAt))),
        ...checkTexts(fields),
        ...(fields.employerId === null ? [] : checkEmployer(organisations.findById(fields.employerId), fields.employerId, participant.regionId)),
        ...checkCorrection(input, records)
      ]
      if (input.kind === 'still-at-work') {
        const job = resolveJob(input, records)
        if ('issue' in job) issues.push(job.issue)
        else fields.jobOutcomeId = job.jobId
      }
      if (issues.length > 0) throw problemOf(issues)
      const id = newId('otc')
      outcomes.insert({ id, participantId: participant.id, ...fields, recordedAt: now.toISOString(), recordedBy: principal.keyId })
      return { id, created: true }
    })
    if (recorded.created) reply.code(201).header('location', `/v1/participants/${participant.id}/outcomes/${recorded.id}`)
    return viewOf(participant.id, recorded.id)
  })

  fastify.get('/participants/:participantId/outcomes', {
    config: { roles: COACHES },
    schema: {
      tags: ['outcomes'],
      summary: 'The participant\'s outcomes, newest first, each with its state and its chain of corrections',
      description: 'Every record, corrected and retracted ones too: `state` says which hold (`current`); `corrects` and `correctedBy` link each record to the one before and after it.',
      params: ParticipantParams,
      querystring: PageQuery,
      response: { 200: OutcomeList, ...problemResponses(400, 401, 403, 404, 410) }
    }
  }, async (request) => {
    const participant = visibleParticipant(principalOf(request), request.params.participantId)
    const { limit, cursor } = request.query
    const after = cursor === undefined ? undefined : decodeCursor(cursor)
    // a participant has few records, and their states need all of them: read all, page here
    const page = viewsOf(participant.id)
      .filter((v) => !after || v.recordedAt < after.createdAt || (v.recordedAt === after.createdAt && v.id < after.id))
      .slice(0, limit + 1)
      .map((view) => ({ createdAt: view.recordedAt, id: view.id, view }))
    return toPage(page, limit, (p) => p.view)
  })

  fastify.get('/participants/:participantId/outcomes/:outcomeId', {
    config: { roles: COACHES },
    schema: {
      tags: ['outcomes'],
      summary: 'One outcome of the participant, with its state',
      params: OutcomeParams,
      response: { 200: OutcomeSchema, ...problemResponses(401, 403, 404, 410) }
    }
  }, async (request) => {
    const participant = visibleParticipant(principalOf(request), request.params.participantId)
    return viewOf(participant.id, request.params.outcomeId)
  })

  fastify.post('/participants/:participantId/outcomes/:outcomeId/retract', {
    config: { roles: COACHES, audit: 'outcome.retract' },
    schema: {
      tags: ['outcomes'],
      summary: 'Retract an outcome that should never have been recorded, with a reason',
      description: 'The record stays, with state `retracted`, and no longer counts; nothing replaces it (to change what it says, post a correction instead). ' +
        'Only the current version of a record is retracted (409 `outcome-superseded` for one a newer record corrects). ' +
        'Retracting it again answers with the record as it is: the first retraction and its reason are kept. ' +
        'A follow-up (`still-at-work`) of a retracted job stays recorded but no longer counts.',
      params: OutcomeParams,
      body: RetractOutcomeBody,
      response: { 200: OutcomeSchema, ...problemResponses(400, 401, 403, 404, 409, 410) }
    }
  }, async (request) => {
    const principal = principalOf(request)
    const participant = visibleParticipant(principal, request.params.participantId)
    const { outcomeId } = request.params
    fastify.db.transaction(() => {
      const records = outcomes.ofParticipant(participant.id)
      if (!records.some((r) => r.id === outcomeId)) throw notFound('outcome', outcomeId)
      if (outcomeStates(records).get(outcomeId)!.state === 'retracted') return
      const issue = notCurrent(records, outcomeId, '#/outcomeId')
      if (issue) throw conflict('outcome-superseded', issue.detail)
      outcomes.retract({ outcomeId, reason: request.body.reason.trim(), retractedAt: fastify.config.now().toISOString(), retractedBy: principal.keyId })
    })
    return viewOf(participant.id, outcomeId)
  })
}
export default outcomeRoutes
