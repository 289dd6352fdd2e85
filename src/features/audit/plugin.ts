import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AuditAction } from '../../lib/vocabulary.ts'
import { ACTION_SPECS, actionProblem, type ActionSpec } from './actions.ts'
import type { AuditEventInput } from './chain.ts'
import type { AuditActor } from './trail.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** what the route does, for the audit trail: every route but GET must say (checked at start-up); a GET that says is audited too */
    audit?: AuditAction
  }
  interface FastifyRequest {
    /** what the request acted on, where the handler names it (see `setAuditTarget`) */
    auditTargetId: string | null
  }
}

/** Names the id of what a request acted on, where its route's action cannot find it itself (e.g. a page made it). */
export function setAuditTarget (request: FastifyRequest, id: string): void {
  request.auditTargetId = id
}

/**
 * Request ids kept in events: the service's own (UUIDs) and a proxy's hexadecimal ones. A client
 * may send any `x-request-id`, and free text has no place in the trail: others are not kept.
 */
const KEPT_REQUEST_ID = /^[0-9a-f-]{8,64}$/i

/** Who makes a request: its API key, else `keyless` (anyone, unless the route is the participant's own). */
export function actorOf (request: FastifyRequest, keyless: ActionSpec['keyless'] = 'public'): AuditActor {
  const p = request.principal
  const requestId = KEPT_REQUEST_ID.test(request.id) ? request.id : null
  return p
    ? { keyId: p.keyId, organisationId: p.organisationId, role: p.role, requestId }
    : { keyId: null, organisationId: null, role: keyless, requestId }
}

type Hook = (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => void

const READS = new Set(['GET', 'HEAD'])
const hooksOf = (hooks: unknown): unknown[] => hooks === undefined ? [] : [hooks].flat()

/**
 * The audit trail's hooks. Every route that is not a GET names its action in `config.audit`
 * (start-up fails otherwise), and a GET that names one (an export) is audited too; a request to it that succeeds (any status under 400: a page may
 * answer a done write with a redirect) becomes one event, appended in the route's onSend hook,
 * before the answer goes out. Requests that fail write no event. Share views are recorded where
 * they are counted (features/sharing), not here.
 */
export default fp(async function audit (fastify) {
  const { audit: trail, config } = fastify
  fastify.decorateRequest('auditTargetId', null)

  fastify.addHook('onRoute', (route) => {
    const methods = [route.method].flat()
    const action = (route.config as { audit?: unknown } | undefined)?.audit
    // a read is audited only where its route names an action (an export of personal data), and a HEAD never
    if (methods.every((m) => READS.has(m)) && (action === undefined || methods.every((m) => m === 'HEAD'))) return
    const problem = actionProblem(action, route.url)
    if (problem) throw new Error(`route ${methods.join(',')} ${route.url} ${problem}`)
    const spec = ACTION_SPECS[action as AuditAction]

    // a create's target is the id in its answer, read before the answer is serialised
    const takeAnswerId: Hook = (request, _reply, payload, done) => {
      const id = (payload as { id?: unknown } | null)?.id
      if (request.auditTargetId === null && typeof id === 'string') request.auditTargetId = id
      done(null, payload)
    }
    const record: Hook = (request, reply, payload, done) => {
      if (reply.statusCode < 400) {
        const event = eventOf(request, action as AuditAction, spec, config.now().toISOString())
        if (spec.deferred) trail.defer(event)
        else trail.record(event)
      }
      done(null, payload)
    }
    if (spec.id === 'answer') route.preSerialization = [...hooksOf(route.preSerialization), takeAnswerId] as typeof route.preSerialization
    route.onSend = [...hooksOf(route.onSend), record] as typeof route.onSend
  })
}, { name: 'audit', dependencies: ['auth'] })

function eventOf (request: FastifyRequest, action: AuditAction, spec: ActionSpec, at: string): AuditEventInput {
  const fromParam = typeof spec.id === 'object' ? (request.params as Record<string, string | undefined>)[spec.id.param] : undefined
  return {
    action,
    at,
    ...actorOf(request, spec.keyless),
    targetType: spec.target,
    targetId: request.auditTargetId ?? fromParam ?? null
  }
}
