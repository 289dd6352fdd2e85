import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { ErrorObject } from 'ajv'
import { principalOf } from '../../plugins/auth.ts'
import { Problem, fieldErrorsFromAjv } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { compileBodyValidator } from '../../lib/validator.ts'
import { createModuleRepository } from '../catalogue/module-repository.ts'
import { createRecorder } from './recorder.ts'
import { todayInAmsterdam, type ItemError } from './rules.ts'

import { StatementSchema, XAPI_VERSION, mapStatement, type Statement } from './xapi.ts'

const MAX_STATEMENTS = 1000

/** Where a completion field came from in the statement, so errors point into what was sent. */
const STATEMENT_FIELDS: Record<string, string> = {
  '/externalId': '/id',
  '/participantReference': '/actor/account/name',
  '/unitId': '/object/id',
  '/completedOn': '/timestamp',
  '/hostCompany': '/context/extensions'
}

function toStatementPointer (pointer: string, prefix: string): string {
  const rest = pointer.slice(prefix.length)
  const field = Object.keys(STATEMENT_FIELDS).find((f) => rest === f || rest.startsWith(f + '/'))
  return field ? prefix + STATEMENT_FIELDS[field] : pointer
}

class Rejected extends Error {}

/**
 * `POST /v1/xapi/statements`, as a Learning Record Store takes statements: one or an array, all
 * or nothing, answered with the statement ids. Only `completed` and `passed` of a unit activity
 * are taken; the statement id is the idempotency key.
 */
const xapiRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(StatementSchema)
  const publicUrl = fastify.config.publicUrl
  const { repo, recorder } = createRecorder(fastify.db, fastify.issuance.completionRecorded, fastify.config.now)
  const modules = createModuleRepository(fastify.db)
  const validateStatement = compileBodyValidator(StatementSchema)

  function recordStatement (principal: ReturnType<typeof principalOf>, raw: unknown, prefix: string): ItemError[] {
    if (!validateStatement(raw)) {
      return fieldErrorsFromAjv(validateStatement.errors as ErrorObject[], 'body')
        .map((e) => ({ status: 400, code: e.code, pointer: prefix + e.pointer.slice(1), detail: e.detail }))
    }
    const mapped = mapStatement(raw as Statement, publicUrl, todayInAmsterdam(fastify.config.now()))
    if (Array.isArray(mapped)) return mapped.map((e) => ({ ...e, pointer: prefix + e.pointer.slice(1) }))
    const unknownActivity: ItemError = { status: 400, code: 'unknown-activity', pointer: `${prefix}/object/id`, detail: 'no unit has this activity IRI' }
    const unit = modules.findUnitByActivity(mapped.activity)
    if (!unit) return [unknownActivity]
    const outcome = recorder.record(principal, { ...mapped.input, unitId: unit.unit.id }, 'xapi', prefix)
    // a unit hidden from this provider (another provider's draft) answers as an activity that does not exist
    return outcome.ok ? [] : outcome.errors.map((e) => e.code === 'unknown-unit' ? unknownActivity : { ...e, pointer: toStatementPointer(e.pointer, prefix) })
  }

  fastify.post('/xapi/statements', {
    config: { roles: ['provider'], audit: 'completion.record-xapi' },
    // statements are checked one by one below, so that errors point into the statement they concern
    validatorCompiler: () => () => true,
    schema: {
      tags: ['completions'],
      summary: 'Take xAPI 1.0.3 statements (completed or passed a unit)',
      description: '`object.id` is a unit\'s activity IRI (`activityId` of the unit; the older form naming a version is taken too, and both record against the unit of that identity in the newest published version); `actor.account.name` is your own reference for the participant. One statement or an array of up to 1,000: all are stored or none. Answers with the statement ids.',
      headers: Type.Object({ 'x-experience-api-version': Type.Optional(Type.String()) }),
      body: Type.Union([Type.Ref('XapiStatement'), Type.Array(Type.Ref('XapiStatement'), { minItems: 1, maxItems: MAX_STATEMENTS })]),
      response: { 200: Type.Array(Type.String({ format: 'uuid' })), ...problemResponses(400, 401, 403, 409) }
    }
  }, async (request, reply) => {
    reply.header('x-experience-api-version', XAPI_VERSION)
    const version = request.headers['x-experience-api-version']
    if (version !== undefined && !/^1\.0(\.\d+)?$/.test(String(version))) {
      throw new Problem('unsupported-xapi-version', `X-Experience-API-Version ${String(version)} is not supported; send ${XAPI_VERSION}`)
    }
    const body: unknown = request.body
    const many = Array.isArray(body)
    const statements = many ? body : [body]
    if (statements.length === 0 || statements.length > MAX_STATEMENTS) {
      throw new Problem('invalid-statement-count', `send 1 to ${MAX_STATEMENTS} statements`, [{ pointer: '#', detail: `${statements.length} statements`, code: 'invalid-statement-count', in: 'body' }])
    }
    const principal = principalOf(request)
    const errors: ItemError[] = []
    try {
      repo.transaction(() => {
        statements.forEach((s, i) => errors.push(...recordStatement(principal, s, many ? `#/${i}` : '#')))
        if (errors.length > 0) throw new Rejected()
      })
    } catch (err) {
      if (!(err instanceof Rejected)) throw err
      const status = errors.some((e) => e.status === 409) ? 409 : errors.some((e) => e.status === 403) ? 403 : 400
      const first = errors.find((e) => e.status === status)!
      throw new Problem(first.code, `${first.detail}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}; no statement was stored`,
        errors.map((e) => ({ pointer: e.pointer, detail: e.detail, code: e.code, in: 'body' as const })))
    }
    fastify.issuance.schedule()
    return statements.map((s) => (s as Statement).id)
  })
}
export default xapiRoutes
