import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { Problem, notFound } from '../../lib/problems.ts'
import { canSeeRegion, type Principal } from '../../lib/principal.ts'
import { principalOf } from '../../plugins/auth.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { CSV_COLUMNS, reportCsv } from './csv.ts'
import { periodOfRange } from './periods.ts'
import type { Period, StatsReport } from './report.ts'
import { FigureSchema, StatsQuery, StatsReportSchema } from './schemas.ts'

const READERS = ['analyst', 'admin'] as const

/** The published period the query names, or a 400 that says which periods there are. */
async function publishedPeriod (app: FastifyInstance, query: { from?: string, to?: string }): Promise<Period> {
  const period = periodOfRange(query.from, query.to)
  const published = await app.stats.periods()
  if (period !== undefined && published.some((p) => p.key === period.key)) return period
  const pointer = query.to === undefined ? '#/to' : '#/from'
  const detail = period === undefined
    ? 'from and to name the first and last day of a calendar quarter or year, or are both left out for the whole programme'
    : `no figures are published for ${period.key} yet: the periods are ${published.map((p) => p.key).join(', ')}`
  throw new Problem('stats-period-unsupported', detail, [{ pointer, detail, code: 'stats-period-unsupported', in: 'querystring' }])
}

/** The rows the key sees: the region asked for (by id or slug), else every region of the key's. */
function narrowed (report: StatsReport, principal: Principal, region: string | undefined): StatsReport {
  const visible = report.regions.filter((row) => canSeeRegion(principal, row.region!.id))
  if (region === undefined) return { ...report, regions: visible }
  const row = visible.find((r) => r.region!.id === region || r.region!.slug === region)
  if (row === undefined) throw notFound('region', region)
  return { ...report, regions: [row] }
}

/**
 * The programme's figures for analysts and admins: per region and for the whole programme, per
 * published period, every count under 10 withheld together with what would give it away.
 */
const statsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(FigureSchema)
  fastify.addSchema(StatsReportSchema)

  fastify.get('/stats', {
    config: { roles: READERS },
    schema: {
      tags: ['figures'],
      summary: 'The programme\'s figures per region, for the whole programme, a year or a quarter',
      description: 'Every count under 10 is `<10`; a count that would let one under 10 be worked out (from a total, ' +
        'another region, or the quarters of a year) is `suppressed`. Figures are published for fixed periods only: ' +
        'leave out `from` and `to` for the whole programme, or give the first and last day of a calendar year or quarter. ' +
        'A key of one region sees the programme row and its own regions. The figures are counted in the background ' +
        'and may be a few seconds behind; `asOf` says when the count began.',
      querystring: StatsQuery,
      response: { 200: { $ref: 'StatsReport#' }, ...problemResponses(400, 401, 403, 404) }
    }
  }, async (request) => {
    const period = await publishedPeriod(fastify, request.query)
    const region = request.query.region
    return narrowed(await fastify.stats.report(period), principalOf(request), region)
  })

  fastify.get('/stats/export.csv', {
    config: { roles: READERS, audit: 'stats.export' },
    schema: {
      tags: ['figures'],
      summary: 'The figures as CSV for impact researchers, over participants who consent to impact research',
      description: 'Counted at the moment of the export over participants whose consent `impact-research` holds then, ' +
        'with the same suppression as `GET /v1/stats`. One row for the programme (`region_name` `programme`), then one per ' +
        `region. Columns: ${CSV_COLUMNS.map((c) => `\`${c}\``).join(', ')}. Each export is audited (\`stats.export\`).`,
      querystring: StatsQuery,
      response: { 200: { description: 'CSV, with a header line', content: { 'text/csv': { schema: { type: 'string' } } } }, ...problemResponses(400, 401, 403, 404) }
    }
  }, async (request, reply) => {
    const period = await publishedPeriod(fastify, request.query)
    const region = request.query.region
    const report = narrowed((await fastify.stats.researchReport(period))!, principalOf(request), region)
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="stapsteen-figures-${period.key}.csv"`)
      .serializer((x: unknown) => String(x)).send(reportCsv(report) as never)
  })
}
export default statsRoutes
