import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, call, expectStatus } from './helpers/build.ts'
import { completion, seedLearning, type Learning } from './helpers/learning.ts'
import { DAY_MS, testClock } from './helpers/time.ts'

async function issueAndConsent (app: FastifyInstance, s: Learning, participantId: string) {
  for (const [i, unitId] of s.module.unitIds.entries()) {
    await expectStatus(call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(participantId, unitId, `${participantId}-${i}`)), 201)
  }
  await app.issuance.drain()
  await expectStatus(call(app, s.w.keysA.coach, 'POST', `/v1/participants/${participantId}/consents`, { purpose: 'share-with-employers', given: true }), 201)
}

t.test('an employer lists the open shares made for it and reads each portfolio; others are not found', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const s = await seedLearning(app)
  await issueAndConsent(app, s, s.people.fatima)
  await issueAndConsent(app, s, s.people.henk)
  const employer = s.w.keysA.employer
  const own = app.sharing.makeShare(s.people.fatima, { scope: 'all', label: 'Logistiek Hengelo', employerId: s.w.orgs.employerA, createdBy: 'participant' })
  const forNobody = app.sharing.makeShare(s.people.henk, { scope: 'all', createdBy: 'participant' })
  const forOther = app.sharing.makeShare(s.people.henk, { scope: 'all', employerId: s.w.orgs.providerA, createdBy: 'participant' })
  const withdrawn = app.sharing.makeShare(s.people.henk, { scope: 'all', employerId: s.w.orgs.employerA, createdBy: 'participant' })
  app.sharing.withdrawShare(s.people.henk, withdrawn.share.id, 'participant')
  const expired = app.sharing.makeShare(s.people.henk, { scope: 'all', employerId: s.w.orgs.employerA, createdBy: 'participant', expiresInDays: 7 })
  // a week and a day later: the 30-day shares hold, the 7-day one has expired
  clock.advance(8 * DAY_MS)

  const list = await call(app, employer, 'GET', '/v1/shares')
  t.equal(list.status, 200)
  t.same(list.body, {
    items: [{ id: own.share.id, participant: { displayName: 'Fatima B.' }, label: 'Logistiek Hengelo', scope: 'all', sharedAt: own.share.createdAt, expiresAt: own.share.expiresAt }]
  })
  t.same((await call(app, s.w.keysB.employer, 'GET', '/v1/shares')).body, { items: [] }, 'another employer sees none of them')

  const portfolio = await call(app, employer, 'GET', `/v1/shares/${own.share.id}/portfolio`)
  t.equal(portfolio.status, 200)
  t.match(portfolio.body, { participant: { displayName: 'Fatima B.' }, scope: 'all', sharedAt: own.share.createdAt, expiresAt: own.share.expiresAt, checkedAt: clock.iso() })
  t.equal(portfolio.body.credentials.length, 1)
  t.match(portfolio.body.credentials[0], { kind: 'module', name: 'Veilig werken in het magazijn', verification: { verified: true, verdict: 'genuine' } })
  // the same document as the public JSON, checked at the same moment
  const publicJson = (await call(app, null, 'GET', `/s/${own.url.split('/s/')[1]}/portfolio.json`)).body
  t.same(portfolio.body, publicJson)
  app.sharing.repo.flushViews()
  const views = app.db.$client.prepare('select via from share_views where share_id = ? order by id').all(own.share.id)
  t.same(views, [{ via: 'api' }, { via: 'json' }])
  t.equal(app.sharing.repo.shareById(own.share.id)!.viewCount, 2)

  for (const [what, id] of [['made for nobody', forNobody.share.id], ['made for another organisation', forOther.share.id], ['withdrawn', withdrawn.share.id], ['expired', expired.share.id], ['unknown', 'shr_00000000000000000000']] as const) {
    const res = await call(app, employer, 'GET', `/v1/shares/${id}/portfolio`)
    t.equal(res.status, 404, what)
    t.equal(res.body.code, 'share-not-found', what)
    t.equal(res.body.detail, `no share ${id} is open to this organisation`, `${what}: worded as for any unknown id`)
  }
  t.equal((await call(app, s.w.keysB.employer, 'GET', `/v1/shares/${own.share.id}/portfolio`)).status, 404, 'region B\'s employer')
  t.equal((await call(app, s.w.keysA.coach, 'GET', `/v1/shares/${own.share.id}/portfolio`)).body.code, 'forbidden-role')
  app.sharing.repo.flushViews()
  const refusals = app.db.$client.prepare('select count(*) as n from share_views').get() as { n: number }
  t.equal(refusals.n, 2, 'refused reads record no view')
})
