import t from 'tap'
import { MEASURES } from '../src/features/stats/report.ts'
import { buildStatsPage, chartBars, figureCell, measureName, periodName, periodRange, shareCell } from '../src/features/stats-page/view-model.ts'
import { chartSpec } from '../src/features/stats-page/chart-spec.ts'
import { createChartCache, renderChart } from '../src/features/stats-page/chart-render.ts'
import { ALL_REPORT, PERIODS, Q3_REPORT, REGIONS, figureRow, statsReport } from './helpers/stats-reports.ts'

const periods = Object.values(PERIODS)
const regions = Object.values(REGIONS)
const column = (measure: typeof MEASURES[number]) => MEASURES.indexOf(measure)

t.test('a figure in words: a count, "minder dan 10" for a count under 10, "afgeschermd" for a withheld one', async (t) => {
  t.same(figureCell('nl', 2345), { text: '2.345', kind: 'count' })
  t.same(figureCell('en', 2345), { text: '2,345', kind: 'count' })
  t.same(figureCell('nl', 10), { text: '10', kind: 'count' })
  t.same(figureCell('nl', '<10'), { text: 'minder dan 10', kind: 'small' })
  t.same(figureCell('en', '<10'), { text: 'fewer than 10', kind: 'small' })
  t.same(figureCell('nl', 'suppressed'), { text: 'afgeschermd', kind: 'suppressed' })
  t.same(figureCell('en', 'suppressed'), { text: 'withheld', kind: 'suppressed' })
})

t.test('people into work as a share of the goal: 200 a region, the regions\' together for the programme', async (t) => {
  const [twente, utrecht, rijnmond] = ALL_REPORT.regions
  t.same(shareCell('nl', twente!), { text: '17% van 200', kind: 'count' }, '34 of 200')
  t.same(shareCell('en', twente!), { text: '17% of 200', kind: 'count' })
  t.same(shareCell('nl', ALL_REPORT.programme), { text: '10% van 600', kind: 'count' }, '60 of 3 × 200')
  t.same(shareCell('nl', utrecht!), { text: 'niet te berekenen', kind: 'none' }, 'intoWork withheld: no share')
  t.same(shareCell('nl', rijnmond!), { text: 'niet te berekenen', kind: 'none' }, 'intoWork under 10: no share')
  t.same(shareCell('nl', figureRow(REGIONS.twente, [...Array(11).fill(10), 250, 10])), { text: '125% van 200', kind: 'count' }, 'past the goal')
})

t.test('periods and measures by name', async (t) => {
  t.equal(periodName('nl', PERIODS.all), 'Het hele programma')
  t.equal(periodName('nl', PERIODS.year), '2026')
  t.equal(periodName('nl', PERIODS.q3), '3e kwartaal 2026')
  t.equal(periodName('en', PERIODS.q3), 'Q3 2026')
  t.equal(periodRange('nl', PERIODS.q3), 'Van 1 juli 2026 tot en met 30 september 2026.')
  t.equal(periodRange('nl', PERIODS.all), 'Vanaf de start van het programma.')
  t.equal(measureName('nl', 'intoWork'), 'Deelnemers aan het werk')
  t.equal(measureName('en', 'intoWork'), 'Participants whose first job (as recorded now) started in the period')
})

t.test('the page of every region: the programme first, then each region, one cell per measure and the share', async (t) => {
  const model = buildStatsPage({ lang: 'nl', periods, regions, report: ALL_REPORT, period: PERIODS.all, region: null })
  t.equal(model.title, 'Cijfers per regio')
  t.notOk(model.refusal)
  const shown = model.shown!
  t.same(shown.period, { name: 'Het hele programma', range: 'Vanaf de start van het programma.', asOf: 'Stand op 2 november 2026 om 10:30.' })
  t.equal(shown.goalNote, 'Het doel is 200 mensen aan het werk per regio. Voor het hele programma telt het doel van alle regio\'s samen.')
  t.equal(shown.table.caption, 'Cijfers per regio: Het hele programma')
  t.same(shown.table.headers[0], 'Deelnemers ingeschreven')
  t.equal(shown.table.headers.length, MEASURES.length)
  t.same(shown.table.rows.map((r) => r.header), ['Hele programma', 'Twente', 'Regio Utrecht', 'Rijnmond'])
  t.same(shown.table.rows.map((r) => r.programme), [true, false, false, false])
  const twente = shown.table.rows[1]!
  t.same(twente.cells.map((c) => c.text), ['150', '140', '900', '50', '40', 'afgeschermd', 'minder dan 10', 'minder dan 10', '100', 'minder dan 10', '400', '34', '12'])
  t.same(twente.share, { text: '17% van 200', kind: 'count' })
  t.same(shown.table.rows[0]!.cells[column('unitsCompleted')], { text: '2.345', kind: 'count' })
  t.same(shown.charts.map((c) => c.measure), [...MEASURES], 'one chart per measure, in order')
  t.same(shown.charts[11], {
    measure: 'intoWork',
    title: 'Deelnemers aan het werk',
    label: 'Staafdiagram: Deelnemers aan het werk, per regio, Het hele programma. De getallen staan ook in de tabel.'
  })
  t.same(model.chooser.periods.map((o) => [o.value, o.label, o.selected]),
    [['all', 'Het hele programma', true], ['2026', '2026', false], ['2026-Q4', '4e kwartaal 2026', false], ['2026-Q3', '3e kwartaal 2026', false]])
  t.same(model.chooser.regions.map((o) => [o.value, o.label, o.selected]),
    [['', 'Alle regio\'s', true], ['twente', 'Twente', false], ['utrecht', 'Regio Utrecht', false], ['rijnmond', 'Rijnmond', false]])
})

t.test('one region: the programme and that region only, chosen in the chooser', async (t) => {
  const model = buildStatsPage({ lang: 'en', periods, regions, report: Q3_REPORT, period: PERIODS.q3, region: REGIONS.rijnmond })
  const shown = model.shown!
  t.equal(shown.table.caption, 'Figures per region: Rijnmond, Q3 2026')
  t.same(shown.table.rows.map((r) => r.header), ['Whole programme', 'Rijnmond'])
  t.same(shown.table.rows[1]!.cells.map((c) => c.kind), ['count', 'count', 'count', ...Array(5).fill('small'), 'count', 'small', 'count', 'small', 'small'])
  t.same(model.chooser.regions.filter((o) => o.selected).map((o) => o.value), ['rijnmond'])
  t.same(model.chooser.periods.filter((o) => o.selected).map((o) => o.value), ['2026-Q3'])
})

t.test('a refused choice shows the chooser and why, no figures', async (t) => {
  const model = buildStatsPage({ lang: 'nl', periods, regions, report: ALL_REPORT, period: PERIODS.all, region: null, refusal: 'unknownPeriod' })
  t.same(model.refusal, { heading: 'Deze periode kennen we niet', text: 'Kies hieronder een periode uit de lijst.' })
  t.equal(model.shown, undefined)
  t.equal(model.chooser.periods.length, 4)
  const none = buildStatsPage({ lang: 'nl', periods: [], regions: [], report: undefined, period: undefined, region: null })
  t.equal(none.shown, undefined)
  t.equal(none.refusal, undefined)
})

t.test('the bars of a chart: a count, or no value and the words; the chosen region highlighted', async (t) => {
  const bars = chartBars('nl', ALL_REPORT, 'intoWork', REGIONS.twente)
  t.same(bars, [
    { name: 'Twente', value: 34, label: '34', highlight: true },
    { name: 'Regio Utrecht', value: null, label: 'afgeschermd', highlight: false },
    { name: 'Rijnmond', value: null, label: 'minder dan 10', highlight: false }
  ])
  t.same(chartBars('nl', ALL_REPORT, 'unitsCompleted', null).map((b) => [b.label, b.highlight]), [['900', false], ['800', false], ['645', false]])
})

t.test('the chart spec: a bar for each shown count, a label beside every region, no text in an expression', async (t) => {
  const spec = chartSpec(chartBars('nl', ALL_REPORT, 'intoWork', REGIONS.twente)) as any
  const values = spec.data[0].values
  t.same(values.map((v: any) => [v.name, v.value, v.label, v.labelAt, v.style, v.weight]), [
    ['Twente', 34, '34', 34, 'normal', 'bold'],
    ['Regio Utrecht', null, 'afgeschermd', 0, 'italic', 'normal'],
    ['Rijnmond', null, 'minder dan 10', 0, 'italic', 'normal']
  ])
  t.same(values.map((v: any) => v.fill), ['#0b5394', '#6f93bd', '#6f93bd'], 'the chosen region stands out')
  t.same(spec.data[1], { name: 'shown', source: 'bars', transform: [{ type: 'filter', expr: 'datum.value !== null' }] }, 'bars only for counts shown')
  t.same(spec.scales[1].domain, [0, 34])
  t.equal(spec.height, 3 * 30, 'a row of 30 px per region')
  t.notMatch(JSON.stringify(spec.marks), /signal|expr/, 'the marks read fields, no expressions')
  const none = chartSpec(chartBars('nl', Q3_REPORT, 'pathsCompleted', null)) as any
  t.same(none.scales[1].domain, [0, 1], 'no count shown: still a scale')
  t.same(none.data[0].values.map((v: any) => v.fill), ['#0b5394', '#0b5394', '#0b5394'], 'no region chosen: one colour')
})

t.test('a chart drawn by Vega: inline SVG named for screen readers, its labels escaped, no style or script', async (t) => {
  const odd = { id: 'reg_odd', slug: 'odd', name: 'Zuid <b>"&</b>' }
  const report = statsReport(PERIODS.all, Array(13).fill(20), [[odd, Array(13).fill(20)], [REGIONS.twente, Array(13).fill('<10')]])
  const svg = await renderChart(chartSpec(chartBars('nl', report, 'unitsCompleted', null)), 'Staafdiagram: "x" <y>')
  t.match(svg, /^<svg role="img" aria-label="Staafdiagram: &quot;x&quot; &lt;y&gt;" focusable="false" xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
  t.match(svg, /viewBox="0 0 \d+ \d+"/)
  t.match(svg, '>Zuid &lt;b&gt;"&amp;&lt;/b&gt;</text>', 'the region\'s name is text, escaped')
  t.match(svg, '>20</text>', 'the count beside its bar')
  t.match(svg, '>minder dan 10</text>', 'the words where no bar is')
  t.equal(svg.match(/<path d="M0,[^"]*" fill="#0b5394"\/>/g)?.length, 1, 'one bar: the count under 10 has none')
  t.notMatch(svg, /<script|\sstyle=|\son[a-z]+=|<foreignObject|href=/i)
})

t.test('charts are drawn once per key, and again after a failed drawing', async (t) => {
  const cache = createChartCache(3)
  let drawn = 0
  const draw = () => { drawn++; return [{ spec: chartSpec(chartBars('nl', ALL_REPORT, 'intoWork', null)), label: 'a' }] }
  const [first, second] = await Promise.all([cache.charts('k', draw), cache.charts('k', draw)])
  t.equal(drawn, 1, 'a page asked for while drawing waits for the same drawing')
  t.equal(first, second)
  t.equal((await cache.charts('k', draw))[0], first![0])
  t.equal(drawn, 1, 'kept')
  await cache.charts('other', draw)
  t.equal(drawn, 2, 'another key is drawn')
  await t.rejects(cache.charts('bad', () => [{ spec: { marks: [{ type: 'nope' }] } as any, label: 'x' }]))
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(cache.size, 2, 'the failed drawing is not kept')
})
