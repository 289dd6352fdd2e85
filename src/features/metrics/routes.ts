import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Gauge, Registry } from 'prom-client'
import { isServiceAdmin } from '../../lib/principal.ts'
import { forbidden } from '../../lib/problems.ts'
import { principalOf } from '../../plugins/auth.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { createOutbox } from '../outbox/outbox.ts'

/** Seconds since the oldest event still waiting was queued, by the app's clock; 0 when none waits. */
export function issuanceLagSeconds (oldestAt: string | null, now: Date): number {
  return oldestAt === null ? 0 : Math.max(0, (now.getTime() - Date.parse(oldestAt)) / 1000)
}

/**
 * `GET /metrics` in the Prometheus text format, for a service-wide admin key: the process, the
 * requests (plugins/metrics.ts), the issuance queue, read from the outbox at each scrape, and the
 * last count of the programme's figures.
 */
const metricsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const outbox = createOutbox(fastify.db)
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({ name, help, registers: [fastify.metrics.registry], collect () { this.set(read()) } })
  // read at each scrape: the backlog's entries in the partial index of unhandled events
  gauge('stapsteen_issuance_queue_length', 'Outbox events (completed modules, voided completions) not yet handled by the issuer',
    () => outbox.backlog().length)
  gauge('stapsteen_issuance_lag_seconds', 'Age of the oldest outbox event not yet handled, in seconds (0 when none waits)',
    () => issuanceLagSeconds(outbox.backlog().oldestAt, fastify.config.now()))
  // the programme's figures: how long the last count took, and how old the figures served are (0 before the first)
  gauge('stapsteen_stats_count_seconds', 'Duration of the last count of the programme\'s figures, pauses between requests included',
    () => (fastify.stats.lastCount()?.durationMs ?? 0) / 1000)
  gauge('stapsteen_stats_age_seconds', 'Age of the programme\'s figures served, from the moment their count began',
    () => issuanceLagSeconds(fastify.stats.lastCount()?.asOf ?? null, fastify.config.now()))

  fastify.get('/metrics', {
    config: { roles: ['admin'] },
    schema: {
      tags: ['service'],
      summary: 'Prometheus metrics (service-wide admin only)',
      description: 'Requests by route pattern, method and status class; latency by route pattern and method; ' +
        'issuance queue length and lag; the duration and age of the last count of the figures; process metrics. Labels hold route patterns, never URLs or ids.',
      response: {
        200: { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } },
        ...problemResponses(401, 403)
      }
    }
  }, async (request, reply) => {
    if (!isServiceAdmin(principalOf(request))) throw forbidden('only a service-wide admin reads the metrics')
    return reply.type(Registry.PROMETHEUS_CONTENT_TYPE).send(await fastify.metrics.render())
  })
}
export default metricsRoutes
