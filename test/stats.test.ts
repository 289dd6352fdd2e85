import { test } from 'tap'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { build, call, expectStatus } from './helpers/build.ts'
import { seedStatsFixture } from './helpers/stats-fixture.ts'
import { testClock } from './helpers/time.ts'
import { MEASURES, type Figure, type Measure } from '../src/features/stats/report.ts'

/** Every measure's figures as [Twente, Zuidoost-Brabant, programme], all 0. */
const zeros = Object.fromEntries(MEASURES.map((m) => [m, [0, 0, 0]])) as Record<Measure, [Figure, Figure, Figure]>

/** The figures of a report as a table like `zeros`. */
function tableOf (report: any): Record<Measure, Figure[]> {
  const [twente, brabant] = report.regions
  return Object.fromEntries(MEASURES.map((m) => [m, [twente.figures[m], brabant.figures[m], report.programme.figures[m]]])) as Record<Measure, Figure[]>
}

test('the figures of the fixture, worked out by hand, per quarter, year and the whole programme', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const f = await seedStatsFixture(app, clock)
  await app.stats.refresh()
  const get = async (query = '') => expectStatus(call(app, f.w.admin, 'GET', `/v1/stats${query}`), 200)

  const q4 = await get('?from=2026-10-01&to=2026-12-31')
  t.same(q4.period, { kind: 'quarter', key: '2026-Q4', from: '2026-10-01', to: '2026-12-31' })
  t.same(q4.regions.map((r: any) => r.region.slug), ['twente', 'zuidoost-brabant'])
  // what happened in 2026-Q4: the learning, all of it in October
  const learningInQ4 = {
    participantsActive: [12, 11, 23],
    // Twente: 12 × 2 vocational units, 10 basic units less the voided one; Zuidoost-Brabant: 11 × 1
    unitsCompleted: [33, 11, 44],
    modulesVocational: [12, 0, 12],
    // 9 after the void: under 10 in Twente and so in the programme; the 0 gives nothing away
    modulesBasic: ['<10', 0, '<10'],
    participantsVocationalAndBasic: ['<10', 0, '<10'],
    credentialsIssued: [22, 0, 22],
    credentialsRevoked: ['<10', 0, '<10']
  }
  t.same(tableOf(q4), { ...zeros, ...learningInQ4 })
  t.same([q4.regions[0].goal, q4.programme.goal], [200, 400])
  t.same([q4.regions[0].intoWorkShareOfGoal, q4.programme.intoWorkShareOfGoal], [0, 0])

  // 2026-Q1: 10 jobs in Twente (the 11th retracted) and 3 in Zuidoost-Brabant: Twente's 10 would
  // give the 3 away from the programme's 13, so it is withheld too
  const q1 = await get('?from=2026-01-01&to=2026-03-31')
  t.same(tableOf(q1).intoWork, ['suppressed', '<10', 13])
  t.same([q1.regions[0].intoWorkShareOfGoal, q1.regions[1].intoWorkShareOfGoal, q1.programme.intoWorkShareOfGoal], [null, null, 13 / 400])
  t.same(tableOf(await get('?from=2026-07-01&to=2026-09-30')).stillAtWorkAfter6Months, [10, 0, 10])

  const enrolled = await get('?from=2025-10-01&to=2025-12-31')
  t.same(tableOf(enrolled).participantsEnrolled, [15, 11, 26])
  t.same(tableOf(await get('?from=2025-01-01&to=2025-12-31')).participantsEnrolled, [15, 11, 26])

  const all = await get()
  t.same(all.period, { kind: 'all', key: 'all', from: null, to: null })
  // the whole programme: the enrolments of 2025-Q4, the learning of 2026-Q4 and the outcomes of 2026-Q1 and Q3
  t.same(tableOf(all), {
    ...zeros,
    ...learningInQ4,
    participantsEnrolled: [15, 11, 26],
    intoWork: ['suppressed', '<10', 13],
    stillAtWorkAfter6Months: [10, 0, 10]
  })
  t.ok(Date.parse(all.asOf) > 0)

  // published periods only: the programme from its first quarter (2025-Q4) to the current one
  for (const [query, pointer] of [
    ['?from=2026-10-01&to=2026-11-30', '#/from'],
    ['?from=2026-10-01', '#/to'],
    ['?to=2026-12-31', '#/from'],
    ['?from=2025-07-01&to=2025-09-30', '#/from'],
    ['?from=2027-01-01&to=2027-03-31', '#/from']
  ] as const) {
    const res = await call(app, f.w.admin, 'GET', `/v1/stats${query}`)
    t.equal(res.status, 400, query)
    t.match(res.body, { code: 'stats-period-unsupported', errors: [{ pointer, code: 'stats-period-unsupported' }] }, query)
  }
  t.match((await call(app, f.w.admin, 'GET', '/v1/stats?from=2026-13-01&to=2026-12-31')).body, { code: 'validation-failed', errors: [{ pointer: '#/from', code: 'invalid-format' }] })
})

test('who sees the figures: analysts and admins, of their own regions and the programme', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const f = await seedStatsFixture(app, clock)
  const rows = async (key: string, query = '') => {
    const body = await expectStatus(call(app, key, 'GET', `/v1/stats${query}`), 200)
    return [body.programme.figures.participantsEnrolled, ...body.regions.map((r: any) => `${r.region.slug} ${r.figures.participantsEnrolled}`)]
  }
  t.same(await rows(f.w.admin), [26, 'twente 15', 'zuidoost-brabant 11'])
  t.same(await rows(f.w.keysA.analyst), [26, 'twente 15'])
  t.same(await rows(f.w.keysA.admin), [26, 'twente 15'])
  t.same(await rows(f.w.keysB.analyst, '?region=zuidoost-brabant'), [26, 'zuidoost-brabant 11'])
  t.same(await rows(f.w.admin, `?region=${f.w.regions.a}`), [26, 'twente 15'])
  t.match((await call(app, f.w.keysA.analyst, 'GET', '/v1/stats?region=zuidoost-brabant')), { status: 404, body: { code: 'not-found' } })
  t.match((await call(app, f.w.admin, 'GET', '/v1/stats?region=utrecht')), { status: 404, body: { code: 'not-found' } })
  for (const role of ['provider', 'coach', 'employer'] as const) {
    t.match(await call(app, f.w.keysA[role], 'GET', '/v1/stats'), { status: 403, body: { code: 'forbidden-role' } }, role)
    t.match(await call(app, f.w.keysA[role], 'GET', '/v1/stats/export.csv'), { status: 403, body: { code: 'forbidden-role' } }, role)
  }
  t.match(await call(app, null, 'GET', '/v1/stats'), { status: 401, body: { code: 'unauthenticated' } })
})

test('a void is in the figures once they are counted again; until then the last count is served', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const f = await seedStatsFixture(app, clock)
  await app.stats.refresh()
  const vocational = async () => (await expectStatus(call(app, f.w.admin, 'GET', '/v1/stats'), 200)).regions[0].figures.modulesVocational
  t.equal(await vocational(), 12)
  const [first] = (await expectStatus(call(app, f.w.keysA.provider, 'GET', `/v1/completions?participantId=${f.twente[11]}`), 200)).items
  await expectStatus(call(app, f.w.keysA.provider, 'POST', `/v1/completions/${first.id}/void`, { reason: 'dubbel ingevoerd' }), 200)
  await app.issuance.drain()
  t.equal(await vocational(), 12, 'served from the last count')
  await app.stats.refresh()
  t.equal(await vocational(), 11, 'the revoked module credential no longer counts')
})

test('the export for researchers: CSV over participants whose consent for impact research holds at the time of export', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const f = await seedStatsFixture(app, clock)
  const consent = (key: string, participant: string, given: boolean) =>
    expectStatus(call(app, key, 'POST', `/v1/participants/${participant}/consents`, { purpose: 'impact-research', given }), 201)
  for (const p of f.twente.slice(0, 10)) await consent(f.w.keysA.coach, p, true)
  for (const p of f.brabant.slice(0, 10)) await consent(f.w.keysB.coach, p, true)
  await consent(f.w.keysB.coach, f.brabant[10]!, false)
  const exported = async (key = f.w.admin) => {
    const res = await call(app, key, 'GET', '/v1/stats/export.csv?from=2026-10-01&to=2026-12-31')
    t.equal(res.status, 200)
    t.match(res.headers['content-type'], /^text\/csv/)
    t.equal(res.headers['content-disposition'], 'attachment; filename="stapsteen-figures-2026-Q4.csv"')
    const [header, ...rows] = (res.body as string).trimEnd().split('\r\n').map((line) => line.split(','))
    const column = (name: string) => header!.indexOf(name)
    return rows.map((row) => [row[column('region_name')], row[column('participants_active')], row[column('units_completed')]].join(' '))
  }
  // Twente 1-10: 20 vocational units and 9 basic ones (the 10th was voided); Zuidoost-Brabant 1-10: 10 units
  t.same(await exported(), ['programme 20 39', 'Twente 10 29', 'Zuidoost-Brabant 10 10'])
  t.same(await exported(f.w.keysA.analyst), ['programme 20 39', 'Twente 10 29'])

  // withdrawn consent: out of the next export at once, with their 3 units (Twente's 9 active is
  // withheld, and Zuidoost-Brabant's 10 with it)
  await consent(f.w.keysA.coach, f.twente[0]!, false)
  t.same(await exported(), ['programme 19 36', 'Twente <10 26', 'Zuidoost-Brabant suppressed 10'])

  // an erased participant is out of the export, whatever their consent said; the figures keep counting them, pseudonymous
  await expectStatus(call(app, f.w.admin, 'DELETE', `/v1/participants/${f.twente[1]}`), 204)
  t.same(await exported(), ['programme 18 33', 'Twente <10 23', 'Zuidoost-Brabant suppressed 10'])
  await app.stats.refresh()
  const api = await expectStatus(call(app, f.w.admin, 'GET', '/v1/stats?from=2026-10-01&to=2026-12-31'), 200)
  t.equal(api.programme.figures.participantsActive, 23, 'the figures for the regions count everyone')
  t.equal(api.programme.figures.unitsCompleted, 44)
  t.match(await call(app, f.w.admin, 'GET', '/v1/stats/export.csv?from=2026-10-01'), { status: 400, body: { code: 'stats-period-unsupported' } })
  const audited = await expectStatus(call(app, f.w.admin, 'GET', '/v1/audit?action=stats.export'), 200)
  t.same(audited.items.map((e: any) => [e.action, e.role, e.targetType, e.targetId]),
    ['admin', 'analyst', 'admin', 'admin'].map((role) => ['stats.export', role, 'region', null]),
    'every export that answered is audited, the refused one not')
})

test('on a database file the figures are counted on a connection of their own, and a read after a change starts a new count', async (t) => {
  const dir = t.testdir()
  const clock = testClock()
  const app = await build(t, { now: clock.now, dataDir: dir, databasePath: join(dir, 'stapsteen.db') })
  const f = await seedStatsFixture(app, clock)
  const first = await app.stats.refresh()
  t.same(first.reports.get('all')!.programme.figures.participantsEnrolled, 26)
  await expectStatus(call(app, f.w.keysA.coach, 'POST', '/v1/participants', { regionId: f.w.regions.a, displayName: 'Nieuwe deelnemer' }), 201)
  const enrolled = async () => {
    const body = await expectStatus(call(app, f.w.admin, 'GET', '/v1/stats'), 200)
    return [body.asOf, body.programme.figures.participantsEnrolled, body.regions[0].figures.participantsEnrolled]
  }
  t.same(await enrolled(), [first.asOf, 26, 15], 'served from the last count until the next one ends')
  // reads go on; one of them (2 s after the last count at the earliest) starts the next count
  clock.advance(60_000)
  let now = await enrolled()
  for (let tries = 0; tries < 100 && now[1] === 26; tries++) {
    await sleep(100)
    now = await enrolled()
  }
  t.same(now.slice(1), [27, 16], 'the new participant is counted without anyone asking for a recount')
  t.not(now[0], first.asOf)
  t.equal(app.stats.lastCount()!.asOf, now[0])
})

test('the /stats page shows the counted figures, no account needed', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  await seedStatsFixture(app, clock)
  await app.stats.refresh()
  const page = await app.inject({ method: 'GET', url: '/stats?period=2026-Q1' })
  t.equal(page.statusCode, 200)
  const rows = [...page.body.matchAll(/<tr class="(?:programme|region)"><th scope="row">([^<]+)<\/th>(.*?)<\/tr>/g)]
    .map(([, header, cells]) => [header, ...[...cells!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1])])
  t.same(rows.map((r) => r[0]), ['Hele programma', 'Twente', 'Zuidoost-Brabant'])
  const intoWork = MEASURES.indexOf('intoWork') + 1
  t.same(rows.map((r) => r[intoWork]), ['13', 'afgeschermd', 'minder dan 10'])
  const enrolled = await app.inject({ method: 'GET', url: '/stats?period=2025-Q4' })
  t.match(enrolled.body, /<th scope="row">Twente<\/th><td class="figure-\w+">15<\/td>/)
})
