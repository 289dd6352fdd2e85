import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { auditScopeOf } from '../../lib/access-policy.ts'
import { decodeCursor, toPage } from '../../lib/pagination.ts'
import { Problem } from '../../lib/problems.ts'
import { principalOf } from '../../plugins/auth.ts'
import { problemResponses } from '../../plugins/problems.ts'
import type { AuditRow } from './repository.ts'
import { AuditEventSchema, AuditList, AuditQuery } from './schemas.ts'

/** A moment from the query as the trail stores moments (UTC); a date-time JavaScript cannot read is refused like a bad format. */
function momentOf (value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined
  const moment = new Date(value)
  if (Number.isNaN(moment.getTime())) {
    throw new Problem('invalid-format', `${name} ${value} is not a moment`, [{ pointer: `#/${name}`, detail: 'not a moment', code: 'invalid-format', in: 'querystring' }])
  }
  return moment.toISOString()
}

const toView = ({ createdAt: _at, ...event }: AuditRow & { createdAt: string }) => event

/**
 * The audit trail for admins: every write, verification and share view, as recorded. A service
 * admin reads every event; a region admin those of organisations active in its regions and of
 * its own key.
 */
const auditRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(AuditEventSchema)

  fastify.get('/audit', {
    config: { roles: ['admin'] },
    schema: {
      tags: ['audit'],
      summary: 'The audit trail: writes, verifications and share views, in the order they happened',
      description: 'Events hold ids only, never names, contact details, references or tokens. Filters combine; `from` counts ' +
        'from that moment on, `to` up to before it. Ordered by `at`, then `id`; `position` is the place in the hash chain, ' +
        'which `npx stapsteen audit verify` checks. A region admin sees the events of organisations active in its regions and of its own key.',
      querystring: AuditQuery,
      response: { 200: AuditList, ...problemResponses(400, 401, 403) }
    }
  }, async (request) => {
    const { from, to, limit, cursor, ...filters } = request.query
    const range = { from: momentOf(from, 'from'), to: momentOf(to, 'to') }
    if (cursor !== undefined) decodeCursor(cursor)
    // share views and verifications wait a moment before they are written: write them first (a
    // request refused for its query has been refused above, and writes nothing)
    fastify.audit.flush()
    const rows = fastify.audit.repo.list({ ...filters, ...range, limit, cursor, scope: auditScopeOf(principalOf(request)) })
    return toPage(rows.map((row) => ({ ...row, createdAt: row.at })), limit, toView)
  })
}
export default auditRoutes
