import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build } from './helpers/build.ts'
import { ALL_REPORT, PERIODS, Q3_REPORT, REGIONS, statsReport, withStats } from './helpers/stats-reports.ts'
import { MEASURES, MEASURE_TEXT, type StatsReport } from '../src/features/stats/report.ts'
import { PEOPLE_PAGE_POLICY } from '../src/plugins/pages.ts'

async function statsApp (t: Parameters<typeof build>[0], reports?: StatsReport[]): Promise<FastifyInstance> {
  const app = await build(t)
  withStats(app, reports)
  return app
}

/** The table as a reader sees it: its caption, column headers, and each row's header and cells. */
function tableOf (html: string) {
  const table = /<table class="stats-table">([^]*?)<\/table>/.exec(html)?.[1]
  if (!table) return undefined
  return {
    caption: /<caption id="stats-caption">([^<]*)<\/caption>/.exec(table)?.[1],
    headers: [...table.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]),
    rows: [...table.matchAll(/<tr class="(?:programme|region)"><th scope="row">([^<]*)<\/th>(.*?)<\/tr>/g)]
      .map((m) => [m[1], ...[...m[2]!.matchAll(/<td class="figure-[a-z]+">([^<]*)<\/td>/g)].map((c) => c[1])])
  }
}

/** The charts: each inline SVG's accessible name and the texts it draws. */
function chartsOf (html: string) {
  return [...html.matchAll(/<svg role="img" aria-label="([^"]*)"[^>]*>([^]*?)<\/svg>/g)]
    .map((m) => ({ label: m[1], texts: [...m[2]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((x) => x[1]) }))
}

const chartLabel = (measure: typeof MEASURES[number], period: string) =>
  `Staafdiagram: ${MEASURE_TEXT[measure].nl}, per regio, ${period}. De getallen staan ook in de tabel.`

t.test('GET /stats: the figures of every region as a public, cacheable page in Dutch', async (t) => {
  const app = await statsApp(t)
  const res = await app.inject({ url: '/stats' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'text/html; charset=utf-8')
  t.equal(res.headers['cache-control'], 'public, max-age=300')
  t.equal(res.headers['content-security-policy'], PEOPLE_PAGE_POLICY)
  t.notOk(res.headers['x-robots-tag'], 'public figures may be found')
  t.match(res.body, '<html lang="nl">')
  t.match(res.body, '<title>Cijfers per regio · Stapsteen</title>')
  t.match(res.body, 'Stand op 2 november 2026 om 10:30.')
  t.match(res.body, 'Het doel is 200 mensen aan het werk per regio.')
  t.notMatch(res.body, /<script|\sstyle=/, 'nothing the page\'s policy would refuse')

  const table = tableOf(res.body)!
  t.equal(table.caption, 'Cijfers per regio: Het hele programma')
  t.same(table.headers, ['Regio', ...MEASURES.map((m) => MEASURE_TEXT[m].nl), 'Aan het werk: deel van het doel'])
  t.same(table.rows, [
    ['Hele programma', '412', '380', '2.345', '120', '95', '41', '33', '12', '256', 'minder dan 10', '1.040', '60', '21', '10% van 600'],
    ['Twente', '150', '140', '900', '50', '40', 'afgeschermd', 'minder dan 10', 'minder dan 10', '100', 'minder dan 10', '400', '34', '12', '17% van 200'],
    ['Regio Utrecht', '140', '130', '800', '45', '35', 'afgeschermd', '15', 'minder dan 10', '90', 'minder dan 10', '380', 'afgeschermd', 'minder dan 10', 'niet te berekenen'],
    ['Rijnmond', '122', '110', '645', '25', '20', '11', '11', 'minder dan 10', '66', 'minder dan 10', '260', 'minder dan 10', 'afgeschermd', 'niet te berekenen']
  ])
  t.match(res.body, 'Met de andere getallen (zoals het totaal) kan iemand anders uitrekenen hoeveel een getal onder 10 is.', 'why a count is withheld')
  t.match(res.body, '<div class="table-scroll" role="region" aria-labelledby="stats-caption" tabindex="0">', 'the wide table scrolls in a named, focusable region')
})

t.test('one chart per measure, an inline SVG named for screen readers, its counts beside the bars', async (t) => {
  const app = await statsApp(t)
  const res = await app.inject({ url: '/stats' })
  const charts = chartsOf(res.body)
  t.same(charts.map((c) => c.label), MEASURES.map((m) => chartLabel(m, 'Het hele programma')))
  const intoWork = charts[MEASURES.indexOf('intoWork')]!
  t.same(intoWork.texts, ['Twente', 'Regio Utrecht', 'Rijnmond', '34', 'afgeschermd', 'minder dan 10'], 'region names, then the label of each bar')
  t.same(charts[MEASURES.indexOf('unitsCompleted')]!.texts.slice(3), ['900', '800', '645'])
  t.match(res.body, `<h3>${MEASURE_TEXT.intoWork.nl}</h3>\n<div class="chart-image"><svg role="img"`, 'each chart under its heading')
})

t.test('no count under 10 shows anywhere: the cells and bars of such counts say "minder dan 10"', async (t) => {
  const app = await statsApp(t)
  for (const url of ['/stats', '/stats?period=2026-Q3']) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 200)
    const report = url.endsWith('Q3') ? Q3_REPORT : ALL_REPORT
    const rows = tableOf(res.body)!.rows
    for (const [i, row] of [report.programme, ...report.regions].entries()) {
      for (const [j, m] of MEASURES.entries()) {
        if (row.figures[m] === '<10') t.equal(rows[i]![j + 1], 'minder dan 10', `${url}: ${rows[i]![0]}, ${m}`)
      }
    }
    t.notMatch(res.body, />\s*\d\s*</, `${url}: no single digit shown as text, in the table or a chart`)
    t.notMatch(res.body, /&lt;10/, `${url}: no raw "<10"`)
  }
})

t.test('the period chooser: each published period, the one shown selected; ?period= shows that period', async (t) => {
  const app = await statsApp(t)
  const res = await app.inject({ url: '/stats?period=2026-Q3' })
  t.equal(res.statusCode, 200)
  t.match(res.body, '<form class="stats-chooser" method="get" action="/stats">')
  t.match(res.body, '<label for="stats-period">Periode</label>\n<select id="stats-period" name="period">\n' +
    '<option value="all">Het hele programma</option>\n<option value="2026-Q3" selected>3e kwartaal 2026</option>\n</select>')
  t.match(res.body, 'Van 1 juli 2026 tot en met 30 september 2026.')
  const table = tableOf(res.body)!
  t.equal(table.caption, 'Cijfers per regio: 3e kwartaal 2026')
  t.same(table.rows[1]!.slice(0, 4), ['Twente', '48', '45', '250'])
  t.same(chartsOf(res.body)[0]!.label, chartLabel('participantsEnrolled', '3e kwartaal 2026'))
})

t.test('?region= shows the programme and that region; the charts keep every region, the chosen one in bold', async (t) => {
  const app = await statsApp(t)
  const res = await app.inject({ url: '/stats?region=rijnmond' })
  t.equal(res.statusCode, 200)
  const table = tableOf(res.body)!
  t.equal(table.caption, 'Cijfers per regio: Rijnmond, Het hele programma')
  t.same(table.rows.map((r) => r[0]), ['Hele programma', 'Rijnmond'])
  t.match(res.body, '<option value="rijnmond" selected>Rijnmond</option>')
  t.match(res.body, /<text [^>]*font-weight="bold"[^>]*>Rijnmond<\/text>/)
  t.notMatch(res.body, /<text [^>]*font-weight="bold"[^>]*>Twente<\/text>/)
  t.same(chartsOf(res.body).length, MEASURES.length)
  const all = await app.inject({ url: '/stats?period=all&region=' })
  t.equal(all.statusCode, 200, 'the chooser\'s "Alle regio\'s" sends an empty region')
  t.equal(tableOf(all.body)!.rows.length, 4)
})

t.test('an unknown period or region is a 400 page with the chooser and no figures; a malformed one a plain 400 page', async (t) => {
  const app = await statsApp(t)
  const refused: Array<[string, string]> = [
    ['/stats?period=2019', 'Deze periode kennen we niet'],
    ['/stats?period=2026&region=twente', 'Deze periode kennen we niet'],
    ['/stats?region=atlantis', 'Deze regio kennen we niet']
  ]
  for (const [url, heading] of refused) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 400, url)
    t.equal(res.headers['content-type'], 'text/html; charset=utf-8')
    t.equal(res.headers['cache-control'], 'no-store')
    t.match(res.body, '<section class="notice notice-warn" role="alert">\n<h2><svg class="icon" aria-hidden="true"')
    t.match(res.body, heading)
    t.match(res.body, '<select id="stats-period" name="period">', 'the chooser to try again')
    t.notOk(tableOf(res.body), 'no table')
    t.same(chartsOf(res.body), [], 'no charts')
  }
  const long = await app.inject({ url: `/stats?period=${'9'.repeat(21)}` })
  t.equal(long.statusCode, 400)
  t.match(long.headers['content-type'], /^text\/html/)
  t.match(long.body, 'Dat lukte niet')
})

t.test('in English on request; a page that sets the language cookie is not for shared caches', async (t) => {
  const app = await statsApp(t)
  const en = await app.inject({ url: '/stats?lang=en' })
  t.equal(en.statusCode, 200)
  t.match(en.body, '<html lang="en">')
  t.match(en.body, '<h1>Figures per region</h1>')
  t.equal(en.headers['cache-control'], 'private, max-age=300')
  t.match(String(en.headers['set-cookie']), /^taal=en;/)
  const table = tableOf(en.body)!
  t.equal(table.headers[1], 'Participants enrolled in the period')
  t.same(table.rows[1]!.slice(6, 9), ['withheld', 'fewer than 10', 'fewer than 10'])
  t.equal(chartsOf(en.body)[0]!.label, 'Bar chart: Participants enrolled in the period, per region, The whole programme. The numbers are also in the table.')
  const remembered = await app.inject({ url: '/stats', headers: { cookie: 'taal=en' } })
  t.match(remembered.body, '<h1>Figures per region</h1>')
  t.equal(remembered.headers['cache-control'], 'public, max-age=300')
  t.equal(remembered.headers.vary, 'cookie', 'a cache keeps each language apart')
})

t.test('new figures draw new charts: the charts are kept per report, never past it', async (t) => {
  const reports = [ALL_REPORT]
  const app = await statsApp(t, reports)
  const before = chartsOf((await app.inject({ url: '/stats' })).body)[MEASURES.indexOf('intoWork')]!
  t.same(before.texts.slice(3), ['34', 'afgeschermd', 'minder dan 10'])
  reports[0] = statsReport(PERIODS.all, [...Array(11).fill(500), 70, 30], [
    [REGIONS.twente, [...Array(11).fill(200), 40, 12]],
    [REGIONS.utrecht, [...Array(11).fill(150), 15, 'suppressed']],
    [REGIONS.rijnmond, [...Array(11).fill(150), 15, '<10']]
  ], '2026-11-02T10:30:00.000Z')
  const res = await app.inject({ url: '/stats' })
  t.match(res.body, 'Stand op 2 november 2026 om 11:30.')
  t.same(chartsOf(res.body)[MEASURES.indexOf('intoWork')]!.texts.slice(3), ['40', '15', '15'])
})

t.test('before any figures are published the page says so', async (t) => {
  const app = await statsApp(t, [])
  const res = await app.inject({ url: '/stats' })
  t.equal(res.statusCode, 200)
  t.match(res.body, 'Er zijn nog geen cijfers.')
  t.equal(res.headers['cache-control'], 'public, max-age=300')
  t.notOk(tableOf(res.body))
  t.match(res.body, '<select id="stats-region" name="region">\n<option value="" selected>Alle regio&#39;s</option>\n</select>')
})

t.test('the rate limit of the other public pages: past it, a 429 page', async (t) => {
  const app = await build(t, { rateLimitMax: 2 })
  withStats(app)
  for (let i = 0; i < 2; i++) t.equal((await app.inject({ url: '/stats' })).statusCode, 200)
  const res = await app.inject({ url: '/stats' })
  t.equal(res.statusCode, 429)
  t.match(res.headers['content-type'], /^text\/html/)
  t.match(res.body, 'Probeer het over een minuut opnieuw.')
})
