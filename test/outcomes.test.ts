import t, { type Test } from 'tap'
import { build, call, expectStatus } from './helpers/build.ts'
import { seedWorld } from './helpers/world.ts'
import { testClock } from './helpers/time.ts'
import {
  addMonths, currentOutcomes, currentVersionOf, findJobToCheck, intoWork, outcomeStates, stillAtWorkAfter, type OutcomeRecord
} from '../src/features/outcomes/rules.ts'

/** Enrolled on 2 June 2025 (Amsterdam), recorded on 2 November 2026. */
const ENROLLED = '2025-06-02T09:00:00.000Z'
const TODAY = '2026-11-02T09:30:00.000Z'

async function setup (t: Test) {
  const clock = testClock(ENROLLED)
  const app = await build(t, { now: clock.now })
  const w = await seedWorld(app)
  const person = async (key: string, regionId: string, displayName: string) =>
    (await expectStatus(call(app, key, 'POST', '/v1/participants', { regionId, displayName }), 201)).id as string
  const fatima = await person(w.keysA.coach, w.regions.a, 'Fatima B.')
  const henk = await person(w.keysA.coach, w.regions.a, 'Henk de Vries')
  const noor = await person(w.keysB.coach, w.regions.b, 'Noor El A.')
  clock.set(TODAY)
  const keyIdOf = async (organisationId: string, role: string) =>
    (await expectStatus(call(app, w.admin, 'GET', `/v1/organisations/${organisationId}/api-keys`), 200)).items.find((k: any) => k.role === role).id as string
  const url = (participantId: string) => `/v1/participants/${participantId}/outcomes`
  /** every record of the participant, as the service-wide admin lists them */
  const all = async (participantId: string) => (await expectStatus(call(app, w.admin, 'GET', `${url(participantId)}?limit=200`), 200)).items as any[]
  const post = (body: object, participantId = fatima, key = w.keysA.coach) => call(app, key, 'POST', url(participantId), body)
  return { app, w, clock, fatima, henk, noor, url, all, post, keyIdOf }
}

const job = (changes: Record<string, unknown> = {}) =>
  ({ kind: 'job-started', sector: 'logistiek', contractType: 'permanent', hoursPerWeek: 32, startedOn: '2026-03-03', ...changes })
const followUp = (changes: Record<string, unknown> = {}) => ({ kind: 'still-at-work', months: 6, checkedOn: '2026-09-10', ...changes })
const education = (changes: Record<string, unknown> = {}) => ({ kind: 'education-started', programme: 'MBO Logistiek medewerker', startedOn: '2026-09-01', ...changes })

t.test('each kind is recorded and listed newest first, with its state, its chain and who recorded it', async (t) => {
  const { app, w, clock, fatima, url, post, keyIdOf } = await setup(t)
  const coachKey = await keyIdOf(w.orgs.municipalityA, 'coach')

  const first = await post(job({ employerId: w.orgs.employerA, sector: '  logistiek ' }))
  t.equal(first.status, 201)
  t.equal(first.headers.location, `${url(fatima)}/${first.body.id}`)
  t.same(first.body, {
    id: first.body.id,
    participantId: fatima,
    kind: 'job-started',
    employerId: w.orgs.employerA,
    sector: 'logistiek',
    contractType: 'permanent',
    hoursPerWeek: 32,
    startedOn: '2026-03-03',
    state: 'current',
    corrects: null,
    correctedBy: null,
    retraction: null,
    recordedAt: clock.iso(),
    recordedBy: coachKey
  })
  t.match(first.body.id, /^otc_[0-9a-z]{20}$/)

  // without jobOutcomeId the follow-up finds the job that started at least 6 months before
  const check = await expectStatus(post(followUp()), 201)
  t.same(check, {
    id: check.id,
    participantId: fatima,
    kind: 'still-at-work',
    months: 6,
    checkedOn: '2026-09-10',
    jobOutcomeId: first.body.id,
    state: 'current',
    corrects: null,
    correctedBy: null,
    retraction: null,
    recordedAt: clock.iso(),
    recordedBy: coachKey
  })
  const course = await expectStatus(post(education({ level: 'mbo 2' }), fatima, w.keysA.admin), 201)
  t.same({ programme: course.programme, level: course.level, startedOn: course.startedOn, recordedBy: course.recordedBy },
    { programme: 'MBO Logistiek medewerker', level: 'mbo 2', startedOn: '2026-09-01', recordedBy: await keyIdOf(w.orgs.municipalityA, 'admin') })
  const plain = await expectStatus(post(education({ programme: 'NT2 les', startedOn: '2026-10-01' })), 201)
  t.equal(plain.level, null, 'a level left out is null')
  t.notOk('sector' in plain || 'months' in plain, 'no fields of other kinds')

  const list = await expectStatus(call(app, w.keysA.coach, 'GET', url(fatima)), 200)
  t.same(list.items.map((o: any) => o.id), [plain.id, course.id, check.id, first.body.id], 'newest first')
  t.same(list.items[3], first.body)
  t.equal(list.nextCursor, null)
  t.same(await expectStatus(call(app, w.keysA.coach, 'GET', `${url(fatima)}/${check.id}`), 200), check)

  // pages by cursor
  const page1 = await expectStatus(call(app, w.keysA.coach, 'GET', `${url(fatima)}?limit=3`), 200)
  t.same(page1.items.map((o: any) => o.id), [plain.id, course.id, check.id])
  const page2 = await expectStatus(call(app, w.keysA.coach, 'GET', `${url(fatima)}?limit=3&cursor=${page1.nextCursor}`), 200)
  t.same(page2, { items: [first.body], nextCursor: null })
  const bad = await call(app, w.keysA.coach, 'GET', `${url(fatima)}?cursor=nonsense`)
  t.match({ status: bad.status, code: bad.body.code }, { status: 400, code: 'invalid-cursor' })

  // a later record comes first, whatever its id
  clock.advance(60_000)
  const later = await expectStatus(post(job({ startedOn: '2026-10-20', hoursPerWeek: 12.5, contractType: 'flex', sector: 'schoonmaak' })), 201)
  t.equal(later.employerId, null)
  t.equal((await expectStatus(call(app, w.keysA.coach, 'GET', url(fatima)), 200)).items[0].id, later.id)
})

t.test('coaches and admins of the region only: other roles 403, other regions 404, nothing stored', async (t) => {
  const { app, w, fatima, noor, url, all, post } = await setup(t)
  const mine = await expectStatus(post(job()), 201)
  const retract = (key: string, participantId = fatima, id = mine.id) =>
    call(app, key, 'POST', `${url(participantId)}/${id}/retract`, { reason: 'fout' })

  for (const role of ['provider', 'employer', 'analyst'] as const) {
    const key = w.keysA[role]
    for (const res of [await post(education(), fatima, key), await call(app, key, 'GET', url(fatima)),
      await call(app, key, 'GET', `${url(fatima)}/${mine.id}`), await retract(key)]) {
      t.match({ status: res.status, code: res.body.code }, { status: 403, code: 'forbidden-role' }, role)
    }
  }
  for (const key of [w.keysB.coach, w.keysB.admin]) {
    for (const res of [await post(education(), fatima, key), await call(app, key, 'GET', url(fatima)),
      await call(app, key, 'GET', `${url(fatima)}/${mine.id}`), await retract(key)]) {
      t.match({ status: res.status, code: res.body.code, detail: res.body.detail }, { status: 404, code: 'not-found', detail: `participant ${fatima} does not exist` })
    }
  }
  const other = await post(education(), noor)
  t.match({ status: other.status, code: other.body.code }, { status: 404, code: 'not-found' }, 'region A\'s coach on region B\'s participant')
  // another participant's outcome through this participant's path
  const noors = await expectStatus(post(education(), noor, w.keysB.coach), 201)
  for (const res of [await call(app, w.keysA.coach, 'GET', `${url(fatima)}/${noors.id}`), await retract(w.keysA.coach, fatima, noors.id)]) {
    t.match({ status: res.status, code: res.body.code, detail: res.body.detail }, { status: 404, code: 'not-found', detail: `outcome ${noors.id} does not exist` })
  }
  t.equal((await all(fatima)).length, 1, 'nothing stored for fatima by the refused calls')
  t.same((await all(noor)).map((o) => o.state), ['current'], 'noor\'s outcome not retracted')
  // the service-wide admin and the region's admin may
  t.equal((await post(education({ programme: 'Taal' }), fatima, w.admin)).status, 201)
  t.equal((await post(education({ programme: 'Rekenen' }), fatima, w.keysA.admin)).status, 201)
})

t.test('every bad input is a 400 with its code and pointer, or a 409, and nothing is stored', async (t) => {
  const { app, w, fatima, henk, noor, post, all } = await setup(t)
  const theJob = await expectStatus(post(job({ startedOn: '2025-08-31' })), 201)
  const course = await expectStatus(post(education()), 201)
  const noorsJob = await expectStatus(post(job(), noor, w.keysB.coach), 201)
  const madeUp = 'otc_00000000000000000000'
  const schema = 'validation-failed'
  const cases: Array<[string, unknown, number, string, Array<[string, string]>, string?]> = [
    ['no kind', { sector: 'x' }, 400, schema, [['#/kind', 'missing-field']]],
    ['an unknown kind', { kind: 'job-lost' }, 400, schema, [['#/kind', 'invalid-enum']]],
    ['a kind that is not text', { kind: 7 }, 400, schema, [['#/kind', 'invalid-type'], ['#/kind', 'invalid-enum']]],
    ['a field of another kind', job({ months: 6 }), 400, schema, [['#/months', 'unknown-field']]],
    ['a missing field', job({ sector: undefined }), 400, schema, [['#/sector', 'missing-field']]],
    ['an unknown contract', job({ contractType: 'zzp' }), 400, schema, [['#/contractType', 'invalid-enum']]],
    ['no hours', job({ hoursPerWeek: 0 }), 400, schema, [['#/hoursPerWeek', 'invalid-minimum']]],
    ['too many hours', job({ hoursPerWeek: 61 }), 400, schema, [['#/hoursPerWeek', 'invalid-maximum']]],
    ['hours as text', job({ hoursPerWeek: '32' }), 400, schema, [['#/hoursPerWeek', 'invalid-type']]],
    ['a date that does not exist', job({ startedOn: '2026-02-30' }), 400, schema, [['#/startedOn', 'invalid-format']]],
    ['months that are no follow-up', followUp({ months: 4 }), 400, schema, [['#/months', 'invalid-enum']]],
    ['a programme left empty', education({ programme: ' ' }), 400, schema, [['#/programme', 'invalid-pattern']]],
    ['a body that is no object', [job()], 400, schema, [['#', 'invalid-type']]],
    ['a date tomorrow', job({ startedOn: '2026-11-03' }), 400, 'date-in-future', [['#/startedOn', 'date-in-future']], '2026-11-03 is after today (2026-11-02)'],
    ['a date before enrolment', education({ startedOn: '2025-06-01' }), 400, 'date-before-enrolment', [['#/startedOn', 'date-before-enrolment']],
      '2025-06-01 is before the participant was enrolled (2025-06-02)'],
    ['a follow-up in the future', followUp({ checkedOn: '2026-12-01' }), 400, 'date-in-future', [['#/checkedOn', 'date-in-future']]],
    ['an employer of another region', job({ employerId: w.orgs.employerB }), 400, 'unknown-employer', [['#/employerId', 'unknown-employer']]],
    ['an employer that does not exist', job({ employerId: 'org_00000000000000000000' }), 400, 'unknown-employer', [['#/employerId', 'unknown-employer']]],
    ['an organisation that is no employer', job({ employerId: w.orgs.providerA }), 400, 'not-an-employer', [['#/employerId', 'not-an-employer']]],
    ['a BSN as sector', job({ sector: '111222333' }), 400, 'looks-like-bsn', [['#/sector', 'looks-like-bsn']]],
    ['a BSN as programme', education({ programme: '111 222 333' }), 400, 'looks-like-bsn', [['#/programme', 'looks-like-bsn']]],
    ['a job that does not exist', followUp({ jobOutcomeId: madeUp }), 400, 'unknown-outcome', [['#/jobOutcomeId', 'unknown-outcome']]],
    ['another participant\'s job', followUp({ jobOutcomeId: noorsJob.id }), 400, 'unknown-outcome', [['#/jobOutcomeId', 'unknown-outcome']]],
    ['a follow-up of a course', followUp({ jobOutcomeId: course.id }), 400, 'not-a-job', [['#/jobOutcomeId', 'not-a-job']]],
    ['a follow-up too early (31 August + 6 months is 28 February)', followUp({ jobOutcomeId: theJob.id, checkedOn: '2026-02-27' }), 400, 'job-too-recent',
      [['#/checkedOn', 'job-too-recent']], 'the job started on 2025-08-31; a check at 6 months is on 2026-02-28 or later'],
    ['a correction of nothing', job({ corrects: madeUp }), 400, 'unknown-outcome', [['#/corrects', 'unknown-outcome']]],
    ['a correction of another kind', education({ corrects: theJob.id }), 400, 'correction-kind-mismatch', [['#/kind', 'correction-kind-mismatch']]],
    ['several problems at once', job({ startedOn: '2026-12-24', employerId: w.orgs.providerA }), 400, 'date-in-future',
      [['#/startedOn', 'date-in-future'], ['#/employerId', 'not-an-employer']]],
    ['no job to follow up yet', followUp({ months: 12, checkedOn: '2026-08-30' }), 409, 'no-job-to-check', [['#/jobOutcomeId', 'no-job-to-check']]]
  ]
  const before = await all(fatima)
  for (const [what, body, status, code, errors, detail] of cases) {
    const res = await post(body as object)
    t.match({ status: res.status, code: res.body.code }, { status, code }, what)
    t.same(res.body.errors?.map((e: any) => [e.pointer, e.code]), errors, `${what}: ${JSON.stringify(res.body.errors)}`)
    if (detail) t.equal(res.body.detail, detail, what)
  }
  const henks = await post(followUp(), henk)
  t.match({ status: henks.status, code: henks.body.code, detail: henks.body.detail }, {
    status: 409, code: 'no-job-to-check', detail: 'the participant has no current job-started outcome that started at least 6 months before 2026-09-10; record the job first'
  })
  const noReason = await call(app, w.keysA.coach, 'POST', `/v1/participants/${fatima}/outcomes/${theJob.id}/retract`, {})
  t.same([noReason.status, noReason.body.errors.map((e: any) => [e.pointer, e.code])], [400, [['#/reason', 'missing-field']]])
  t.same(await all(fatima), before, 'nothing stored, nothing retracted')
  t.same(await all(henk), [])
  // the edge itself is allowed
  t.equal((await expectStatus(post(followUp({ jobOutcomeId: theJob.id, checkedOn: '2026-02-28' })), 201)).jobOutcomeId, theJob.id)
})

t.test('corrections make a chain, retractions end it; only the current version is corrected or retracted', async (t) => {
  const { app, w, fatima, url, all, post } = await setup(t)
  const retract = (id: string, reason = 'bij de verkeerde deelnemer geregistreerd') =>
    call(app, w.keysA.coach, 'POST', `${url(fatima)}/${id}/retract`, { reason })
  const a = await expectStatus(post(job()), 201)
  const check = await expectStatus(post(followUp({ jobOutcomeId: a.id })), 201)
  const b = await expectStatus(post(job({ hoursPerWeek: 24, corrects: a.id })), 201)
  t.same([b.corrects, b.state, b.hoursPerWeek], [a.id, 'current', 24])
  const states = async () => Object.fromEntries((await all(fatima)).map((o) => [o.id, [o.state, o.corrects, o.correctedBy]]))
  t.same(await states(), { [a.id]: ['corrected', null, b.id], [b.id]: ['current', a.id, null], [check.id]: ['current', null, null] })

  const again = await post(job({ hoursPerWeek: 20, corrects: a.id }))
  t.match({ status: again.status, code: again.body.code, pointer: again.body.errors[0].pointer }, { status: 409, code: 'outcome-superseded', pointer: '#/corrects' })
  t.equal(again.body.detail, `outcome ${a.id} was corrected by ${b.id}; its current version is ${b.id}`)
  const followOld = await post(followUp({ jobOutcomeId: a.id, checkedOn: '2026-10-01' }))
  t.match({ status: followOld.status, code: followOld.body.code, pointer: followOld.body.errors[0].pointer }, { status: 409, code: 'outcome-superseded', pointer: '#/jobOutcomeId' })
  const wrongKind = await post(followUp({ corrects: b.id }))
  t.match({ status: wrongKind.status, code: wrongKind.body.code }, { status: 400, code: 'correction-kind-mismatch' })

  const c = await expectStatus(post(job({ hoursPerWeek: 28, corrects: b.id })), 201)
  const superseded = await retract(b.id)
  t.match({ status: superseded.status, code: superseded.body.code }, { status: 409, code: 'outcome-superseded' })
  const retracted = await expectStatus(retract(c.id), 200)
  t.equal(retracted.state, 'retracted')
  t.match(retracted.retraction, { reason: 'bij de verkeerde deelnemer geregistreerd', retractedBy: /^key_/ })
  const twice = await expectStatus(retract(c.id, 'andere reden'), 200)
  t.same(twice, retracted, 'retracting again keeps the first retraction')
  t.same(await states(), {
    [a.id]: ['corrected', null, b.id], [b.id]: ['corrected', a.id, c.id], [c.id]: ['retracted', b.id, null], [check.id]: ['current', null, null]
  })
  const afterRetraction = await post(job({ hoursPerWeek: 30, corrects: c.id }))
  t.match({ status: afterRetraction.status, code: afterRetraction.body.code, pointer: afterRetraction.body.errors[0].pointer },
    { status: 409, code: 'outcome-retracted', pointer: '#/corrects' })
  const chainEnded = await post(job({ hoursPerWeek: 30, corrects: a.id }))
  t.equal(chainEnded.body.detail, `outcome ${a.id} was corrected by ${b.id}; its chain of corrections ends in a retraction`)
  const unknown = await retract('otc_00000000000000000000')
  t.match({ status: unknown.status, code: unknown.body.code }, { status: 404, code: 'not-found' })
  t.equal((await all(fatima)).length, 4, 'refused corrections stored nothing')
})

t.test('a retry stores nothing twice: the same post answers 200 with the first record', async (t) => {
  const { app, w, fatima, url, all, post } = await setup(t)
  const first = await post(job({ employerId: w.orgs.employerA }))
  t.equal(first.status, 201)
  const retry = await post({ startedOn: '2026-03-03', hoursPerWeek: 32, contractType: 'permanent', sector: 'logistiek ', employerId: w.orgs.employerA, kind: 'job-started' })
  t.equal(retry.status, 200)
  t.same(retry.body, first.body)
  t.notOk(retry.headers.location)

  const check = await expectStatus(post(followUp()), 201)
  t.same(await expectStatus(post(followUp()), 200), check, 'a follow-up found its job; its retry finds the record')
  t.same(await expectStatus(post(followUp({ jobOutcomeId: first.body.id })), 200), check, 'naming the job it found is the same post')

  const correction = await expectStatus(post(job({ employerId: w.orgs.employerA, hoursPerWeek: 36, corrects: first.body.id })), 201)
  const correctionRetry = await expectStatus(post(job({ employerId: w.orgs.employerA, hoursPerWeek: 36, corrects: first.body.id })), 200)
  t.same(correctionRetry, correction, 'a correction retried after it superseded the first record')
  t.equal((await expectStatus(post(job({ employerId: w.orgs.employerA })), 200)).state, 'corrected', 'the first post again: the record it made, now corrected')
  t.equal((await all(fatima)).length, 3)

  await expectStatus(call(app, w.keysA.coach, 'POST', `${url(fatima)}/${correction.id}/retract`, { reason: 'dubbel' }), 200)
  t.equal((await post(job({ employerId: w.orgs.employerA, hoursPerWeek: 36, corrects: first.body.id }))).body.code, 'outcome-superseded',
    'a retracted record is no longer the answer to a retry')
  t.equal((await post(job({ hoursPerWeek: 20 }))).status, 201, 'other content is another record')
  t.equal((await all(fatima)).length, 4)
})

t.test('the job a follow-up is about, found or named', async (t) => {
  const { fatima, post } = await setup(t)
  const older = await expectStatus(post(job({ startedOn: '2025-07-01' })), 201)
  const newer = await expectStatus(post(job({ startedOn: '2026-05-01', sector: 'zorg' })), 201)
  t.equal((await expectStatus(post(followUp({ months: 3, checkedOn: '2026-08-15' })), 201)).jobOutcomeId, newer.id, 'the newest job started 3 months before')
  t.equal((await expectStatus(post(followUp({ months: 6, checkedOn: '2026-10-01' })), 201)).jobOutcomeId, older.id, 'the newer one is too recent for 6 months')
  t.equal((await expectStatus(post(followUp({ months: 12, checkedOn: '2026-08-01', jobOutcomeId: older.id })), 201)).jobOutcomeId, older.id)
  t.ok(fatima)
})

t.test('the rules, without a database: months, states, chains, into work, still at work', async (t) => {
  t.equal(addMonths('2026-03-03', 6), '2026-09-03')
  t.equal(addMonths('2025-08-31', 6), '2026-02-28')
  t.equal(addMonths('2027-08-31', 6), '2028-02-29', 'a leap year')
  t.equal(addMonths('2026-10-15', 3), '2027-01-15', 'into the next year')
  t.equal(addMonths('2026-01-31', 12), '2027-01-31')

  let n = 0
  const record = (fields: Partial<OutcomeRecord>): OutcomeRecord => ({
    id: `otc_${String(++n).padStart(20, '0')}`,
    kind: 'job-started',
    startedOn: null,
    months: null,
    checkedOn: null,
    jobOutcomeId: null,
    corrects: null,
    recordedAt: `2026-11-02T09:00:${String(n).padStart(2, '0')}.000Z`,
    retractedAt: null,
    ...fields
  })
  const jobA = record({ startedOn: '2026-01-10' })
  const jobA2 = record({ startedOn: '2026-02-10', corrects: jobA.id })
  const check6 = record({ kind: 'still-at-work', months: 6, checkedOn: '2026-08-20', jobOutcomeId: jobA.id })
  const records = [jobA, jobA2, check6]
  t.same([...outcomeStates(records).entries()], [
    [jobA.id, { state: 'corrected', correctedBy: jobA2.id }],
    [jobA2.id, { state: 'current', correctedBy: null }],
    [check6.id, { state: 'current', correctedBy: null }]
  ])
  t.same(currentOutcomes(records), [jobA2, check6])
  t.equal(currentVersionOf(records, jobA.id), jobA2, 'a chain is followed to its current record')
  t.equal(currentVersionOf(records, 'otc_nothing'), undefined)

  t.notOk(intoWork([], '2026-12-31'), 'nothing recorded')
  t.notOk(intoWork(records, '2026-02-01'), 'the corrected start date counts, not the first one')
  t.ok(intoWork(records, '2026-02-10'))
  t.ok(intoWork(records, '2026-12-31'))
  t.ok(stillAtWorkAfter(records, 6), 'the job as corrected started 6 months before the check')
  t.ok(stillAtWorkAfter(records, 3), 'a check at 6 months counts for 3')
  t.notOk(stillAtWorkAfter(records, 12))
  t.notOk(stillAtWorkAfter(records, 6, '2026-08-19'), 'not checked yet on that day')
  t.ok(stillAtWorkAfter(records, 6, '2026-08-20'))

  const movedLater = record({ startedOn: '2026-03-01', corrects: jobA2.id })
  t.notOk(stillAtWorkAfter([...records, movedLater], 6), 'a job corrected to a later start no longer carries the check')
  t.ok(intoWork([...records, movedLater], '2026-03-01'))
  const retracted = { ...jobA2, retractedAt: '2026-11-03T10:00:00.000Z' }
  const withRetraction = [jobA, retracted, check6]
  t.equal(outcomeStates(withRetraction).get(jobA2.id)!.state, 'retracted')
  t.notOk(intoWork(withRetraction, '2026-12-31'), 'a retracted job never counts')
  t.notOk(stillAtWorkAfter(withRetraction, 6), 'nor does a check of it')
  const retractedCheck = { ...check6, retractedAt: '2026-11-03T10:00:00.000Z' }
  t.notOk(stillAtWorkAfter([jobA, jobA2, retractedCheck], 6), 'a retracted check does not count')
  const course = record({ kind: 'education-started', startedOn: '2026-01-05' })
  t.notOk(intoWork([course], '2026-12-31'), 'education is not work')

  const early = record({ startedOn: '2025-01-01' })
  const late = record({ startedOn: '2026-06-01' })
  t.equal(findJobToCheck([early, late], 3, '2026-09-01'), late, 'the job that started last, long enough ago')
  t.equal(findJobToCheck([early, late], 6, '2026-09-01'), early)
  t.equal(findJobToCheck([early, late, course], 12, '2025-12-31'), undefined)
})
