import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { sql } from 'drizzle-orm'
import { Problem } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Literal('ok')
})

/** Answers 200 only when the database answers a query. */
const healthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/health', {
    config: { public: true },
    schema: { tags: ['service'], summary: 'Is the service up?', response: { 200: HealthSchema, ...problemResponses(503) } }
  }, async (request) => {
    try {
      fastify.db.get(sql`select 1`)
    } catch (err) {
      request.log.error({ err }, 'health check: database did not answer')
      throw new Problem('database-unavailable', 'the database does not answer')
    }
    return { status: 'ok' as const, database: 'ok' as const }
  })
}
export default healthRoutes
