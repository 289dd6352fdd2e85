import { test } from 'tap'
import { suppress, type Line } from '../src/features/stats/suppression.ts'
import { linesOf } from '../src/features/stats/snapshot.ts'
import { periodOf, periodOfRange, publishedPeriods, quarterOf } from '../src/features/stats/periods.ts'
import { achievementFacts, outcomeFacts } from '../src/features/stats/firsts.ts'
import { createTally, cellOf } from '../src/features/stats/tally.ts'
import { pacer, unpaced } from '../src/features/stats/source.ts'
import { columnOf, csvCell, reportCsv } from '../src/features/stats/csv.ts'
import type { Figure } from '../src/features/stats/report.ts'
import type { OutcomeRecord } from '../src/features/outcomes/rules.ts'

const values = (entries: Record<string, number>) => new Map(Object.entries(entries))
const shownOf = (result: Map<string, Figure>) => Object.fromEntries(result)

test('a count of 1 to 9 is withheld, and so is what would give it away', async (t) => {
  const line: Line = { total: 'P', parts: ['a', 'b', 'c'] }
  t.same(shownOf(suppress(values({ P: 40, a: 25, b: 12, c: 3 }), [line])), { P: 40, a: 25, b: 'suppressed', c: '<10' },
    'the smallest other part is withheld with the 3, so 40 - 25 gives 15 for the two together')
  t.same(shownOf(suppress(values({ P: 30, a: 4, b: 5, c: 21 }), [line])), { P: 30, a: '<10', b: '<10', c: 'suppressed' },
    'two withheld parts that add up to 9 still give a count under 10 away: a third is withheld')
  t.same(shownOf(suppress(values({ P: 7, a: 7, b: 0, c: 0 }), [line])), { P: '<10', a: '<10', b: 0, c: 0 },
    'a withheld total with a withheld part: the zeros give nothing away')
  t.same(shownOf(suppress(values({ P: 12, a: 0, b: 0, c: 12 }), [line])), { P: 12, a: 0, b: 0, c: 12 }, 'nothing under 10 to hide')
  t.same(shownOf(suppress(values({ P: 5, a: 5 }), [{ total: 'P', parts: ['a'] }])), { P: '<10', a: '<10' })
})

test('no count under 10 can be worked out by subtraction, between regions or between periods', async (t) => {
  // three regions, a year and its four quarters: random counts, some small
  let seed = 7
  const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
  const periods = [periodOf('all')!, periodOf('2026')!, ...[1, 2, 3, 4].map((q) => periodOf(`2026-Q${q}`)!)]
  for (let round = 0; round < 200; round++) {
    const counts = new Map<string, number>()
    const regions = ['r1', 'r2', 'r3']
    for (const r of regions) {
      let year = 0
      for (let q = 1; q <= 4; q++) {
        const n = random() < 0.3 ? Math.floor(random() * 10) : Math.floor(random() * 40)
        counts.set(cellOf(`2026-Q${q}`, r, 'unitsCompleted'), n)
        year += n
      }
      counts.set(cellOf('2026', r, 'unitsCompleted'), year)
      counts.set(cellOf('all', r, 'unitsCompleted'), year)
    }
    for (const p of periods) counts.set(cellOf(p.key, '*', 'unitsCompleted'), regions.reduce((s, r) => s + counts.get(cellOf(p.key, r, 'unitsCompleted'))!, 0))
    const lines = linesOf(periods, regions).filter((l) => l.total.endsWith('|unitsCompleted'))
    const shown = suppress(counts, lines)
    for (const [cell, value] of counts) {
      const figure = shown.get(cell)
      if (value > 0 && value < 10) t.equal(figure, '<10', `round ${round}: ${cell}`)
      if (typeof figure === 'number') t.equal(figure, value)
    }
    // every line: a shown total less its shown parts leaves 0 or at least 10 over two or more withheld parts
    for (const line of lines) {
      const hidden = line.parts.filter((p) => typeof shown.get(p) !== 'number')
      if (typeof shown.get(line.total) === 'number') {
        const rest = hidden.reduce((s, p) => s + counts.get(p)!, 0)
        t.ok(hidden.length === 0 || (hidden.length >= 2 && rest >= 10), `round ${round}: ${line.total}`)
      } else {
        t.ok(hidden.length >= 1 || line.parts.length === 0, `round ${round}: withheld ${line.total} has a withheld part`)
      }
    }
  }
})

test('the periods: fixed quarters, years and the whole programme', async (t) => {
  t.equal(quarterOf('2026-08-31'), '2026-Q3')
  t.equal(quarterOf('2026-12-31T23:59:59.000Z'), '2026-Q4')
  t.same(periodOf('2024-Q1'), { kind: 'quarter', key: '2024-Q1', from: '2024-01-01', to: '2024-03-31' })
  t.same(periodOf('2026'), { kind: 'year', key: '2026', from: '2026-01-01', to: '2026-12-31' })
  t.equal(periodOf('2026-Q5'), undefined)
  t.equal(periodOfRange('2026-04-01', '2026-06-30')?.key, '2026-Q2')
  t.equal(periodOfRange('2026-01-01', '2026-12-31')?.key, '2026')
  t.equal(periodOfRange(undefined, undefined)?.key, 'all')
  t.equal(periodOfRange('2026-04-01', '2026-06-29'), undefined, 'a range that is not a quarter or year is not published')
  t.equal(periodOfRange('2026-04-01', undefined), undefined)
  t.same(publishedPeriods('2025-11-20', '2026-05-02').map((p) => p.key), ['all', '2026', '2026-Q2', '2026-Q1', '2025', '2025-Q4'])
})

const record = (r: Partial<OutcomeRecord> & Pick<OutcomeRecord, 'id' | 'kind'>): OutcomeRecord => ({
  startedOn: null, months: null, checkedOn: null, jobOutcomeId: null, corrects: null, recordedAt: '2026-06-01T00:00:00.000Z', retractedAt: null, ...r
})

test('facts are counted once, on the day they first became true', async (t) => {
  t.same(achievementFacts([
    { regionId: 'r', participantId: 'p1', kind: 'vocational', issuedAt: '2026-02-01' },
    { regionId: 'r', participantId: 'p1', kind: 'basic', issuedAt: '2026-05-01' }
  ]), [
    ['modulesVocational', 'r', '2026-02-01'], ['modulesBasic', 'r', '2026-05-01'], ['participantsVocationalAndBasic', 'r', '2026-05-01']
  ])
  t.same(achievementFacts([{ regionId: 'r', participantId: 'p2', kind: 'combined', issuedAt: '2026-03-01' }]),
    [['modulesCombined', 'r', '2026-03-01'], ['participantsVocationalAndBasic', 'r', '2026-03-01']], 'a combined module counts for both')
  t.same(achievementFacts([{ regionId: 'r', participantId: 'p3', kind: 'basic', issuedAt: '2026-03-01' }]), [['modulesBasic', 'r', '2026-03-01']])
  const job = record({ id: 'j1', kind: 'job-started', startedOn: '2026-01-05' })
  const corrected = record({ id: 'j2', kind: 'job-started', startedOn: '2026-02-09', corrects: 'j1' })
  const check = record({ id: 's1', kind: 'still-at-work', months: 6, checkedOn: '2026-08-20', jobOutcomeId: 'j1' })
  t.same(outcomeFacts('r', [job, check]), [['intoWork', 'r', '2026-01-05'], ['stillAtWorkAfter6Months', 'r', '2026-08-20']])
  t.same(outcomeFacts('r', [job, corrected, check]), [['intoWork', 'r', '2026-02-09'], ['stillAtWorkAfter6Months', 'r', '2026-08-20']],
    'a correction moves the first day; the follow-up holds for the corrected job')
  t.same(outcomeFacts('r', [{ ...job, retractedAt: '2026-07-01T00:00:00.000Z' }, check]), [], 'a retracted job counts nowhere')

  const periods = [periodOf('all')!, periodOf('2026')!, periodOf('2026-Q1')!, periodOf('2026-Q2')!]
  const tally = createTally(periods, ['r'])
  tally.monthly(['credentialsIssued', 'r', '2026-01', 3])
  tally.dated(['intoWork', 'r', '2026-05-04'])
  tally.completions('r', ['2026-01-10', '2026-01-12', '2026-04-02'])
  tally.completions('r', ['2026-04-01', '2026-04-01', '2026-04-03', '2026-05-20', '2026-06-30'])
  const counts = tally.counts
  t.same(['2026-Q1', '2026-Q2', '2026', 'all'].map((k) => counts.get(cellOf(k, '*', 'participantsActive'))), [1, 2, 2, 2], 'one person active in two quarters is one in the year')
  t.same(['2026-Q1', '2026-Q2', '2026', 'all'].map((k) => counts.get(cellOf(k, 'r', 'unitsCompleted'))), [2, 6, 8, 8])
  t.same(['2026-Q1', '2026-Q2', '2026'].map((k) => counts.get(cellOf(k, '*', 'credentialsIssued'))), [3, 0, 3])
  t.same(['2026-Q1', '2026-Q2', '2026'].map((k) => counts.get(cellOf(k, 'r', 'intoWork'))), [0, 1, 1])
})

test('the CSV: documented columns, quoted and defused cells', async (t) => {
  t.equal(columnOf('stillAtWorkAfter6Months'), 'still_at_work_after_6_months')
  t.equal(csvCell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"')
  t.equal(csvCell('Noord, Oost'), '"Noord, Oost"')
  t.equal(csvCell(null), '')
  const figures = Object.fromEntries(['participantsEnrolled', 'participantsActive', 'unitsCompleted', 'modulesVocational', 'modulesBasic', 'modulesCombined',
    'participantsVocationalAndBasic', 'pathsCompleted', 'credentialsIssued', 'credentialsRevoked', 'employerViews', 'intoWork', 'stillAtWorkAfter6Months'].map((m) => [m, 0])) as any
  const csv = reportCsv({
    period: periodOf('2026-Q1')!,
    asOf: '2026-04-02T08:00:00.000Z',
    programme: { region: null, figures: { ...figures, intoWork: 12 }, goal: 200, intoWorkShareOfGoal: 0.06 },
    regions: [{ region: { id: 'reg_1', slug: 'twente', name: 'Twente' }, figures: { ...figures, intoWork: '<10' }, goal: 200, intoWorkShareOfGoal: null }]
  })
  const [header, programme, twente] = csv.split('\r\n')
  t.equal(header, 'period,period_from,period_to,region_id,region_slug,region_name,participants_enrolled,participants_active,units_completed,' +
    'modules_vocational,modules_basic,modules_combined,participants_vocational_and_basic,paths_completed,credentials_issued,credentials_revoked,' +
    'employer_views,into_work,still_at_work_after_6_months,goal,into_work_share_of_goal,as_of')
  t.equal(programme, '2026-Q1,2026-01-01,2026-03-31,,,programme,0,0,0,0,0,0,0,0,0,0,0,12,0,200,0.06,2026-04-02T08:00:00.000Z')
  t.equal(twente, '2026-Q1,2026-01-01,2026-03-31,reg_1,twente,Twente,0,0,0,0,0,0,0,0,0,0,0,<10,0,200,,2026-04-02T08:00:00.000Z')
})

test('a long read hands the event loop back after each slice, and stops at a pause when told', async (t) => {
  let stop = false
  const pace = pacer(0, () => stop)
  let pauses = 0
  for (let row = 0; row < 1024; row++) {
    const pause = pace()
    if (pause !== undefined) { pauses++; await pause }
  }
  t.equal(pauses, 4, 'a pause every 256 rows once the slice is used')
  t.equal(unpaced(), undefined)
  stop = true
  let pause: Promise<void> | undefined
  for (let row = 0; row < 256 && pause === undefined; row++) pause = pace()
  await t.rejects(pause!, /the service is closing/)
})
