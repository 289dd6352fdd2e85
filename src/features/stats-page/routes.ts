import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { LANG_COOKIE, chooseLanguage } from '../../lib/page-text.ts'
import { pageResponses } from '../../lib/public-page.ts'
import type { RegionRef } from '../stats/report.ts'
import { createChartCache } from './chart-render.ts'
import { chartSpec } from './chart-spec.ts'
import { buildStatsPage, chartBars, type Refusal } from './view-model.ts'

const StatsPageQuery = Type.Object({
  /** `all`, `2026` or `2026-Q3`; the whole programme when left out */
  period: Type.Optional(Type.String({ maxLength: 20 })),
  /** a region's slug; every region when left out or empty (the chooser's first option) */
  region: Type.Optional(Type.String({ maxLength: 64 })),
  lang: Type.Optional(Type.String({ maxLength: 8 }))
})

/** The figures are suppressed aggregates of a snapshot: anyone may keep them for a few minutes. */
const CACHE = 'public, max-age=300'

/**
 * The public figures page `/stats`, without an account: the same suppressed figures as
 * `GET /v1/stats`, a table per period (the whole programme and each region) and a bar chart per
 * measure drawn on the server. An unknown period or region is a 400 page with the chooser.
 */
const statsPageRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const charts = createChartCache()
  const config = { public: true, page: true, rateLimit: { max: fastify.config.rateLimitMax, timeWindow: '1 minute' } }

  fastify.get('/stats', {
    config,
    schema: { hide: true, tags: ['pages'], querystring: StatsPageQuery, response: pageResponses(200, 400, 429) }
  }, async (request, reply) => {
    const { lang } = request
    const periods = await fastify.stats.periods()
    const asked = request.query.period
    const period = asked === undefined ? periods[0] : periods.find((p) => p.key === asked)
    let refusal: Refusal | undefined = period === undefined && asked !== undefined ? 'unknownPeriod' : undefined
    // an unknown period still gets the chooser, with the regions of the first period
    const shownPeriod = period ?? periods[0]
    const report = shownPeriod && await fastify.stats.report(shownPeriod)
    const regions = report?.regions.flatMap((row) => row.region ? [row.region] : []) ?? []
    const slug = request.query.region || undefined
    const region: RegionRef | null | undefined = slug === undefined ? null : regions.find((r) => r.slug === slug)
    if (region === undefined) refusal ??= 'unknownRegion'

    const model = buildStatsPage({ lang, periods, regions, report, period: shownPeriod, region: region ?? null, refusal })
    if (refusal) return reply.page('stats/page', { ...model, charts: [] }, { status: 400, noindex: true })
    // a page that sets the language cookie is this visitor's alone
    const cache = chooseLanguage(request.query, request.cookies[LANG_COOKIE]).remember ? 'private, max-age=300' : CACHE
    if (!model.shown || !report) return reply.page('stats/page', { ...model, charts: [] }, { cache })

    const key = JSON.stringify([report.period.key, report.asOf, lang, region?.id ?? null])
    const shown = model.shown.charts
    // the table holds every number: a chart that cannot be drawn leaves the charts out, not the page
    const drawn = await charts.charts(key, () => shown.map((chart) => ({
      spec: chartSpec(chartBars(lang, report, chart.measure, region ?? null)),
      label: chart.label
    }))).catch((err: unknown) => { request.log.error({ err }, 'the charts of the figures page could not be drawn'); return [] })
    return reply.page('stats/page', { ...model, charts: drawn.map((svg, i) => ({ ...shown[i]!, svg })) }, { cache })
  })
}

export default statsPageRoutes
