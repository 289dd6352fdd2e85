import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, call, expectStatus } from './helpers/build.ts'
import { completion, seedLearning } from './helpers/learning.ts'

const consent = (app: FastifyInstance, key: string, participantId: string, body: object) =>
  expectStatus(call(app, key, 'POST', `/v1/participants/${participantId}/consents`, body), 201)

/** What a provider key gets for each of the participant's reads: the status, or the problem code. */
async function reads (app: FastifyInstance, key: string, participantId: string) {
  const answer = async (path: string) => {
    const res = await call(app, key, 'GET', `/v1/participants/${participantId}${path}`)
    return res.status === 200 ? 200 : res.body.code
  }
  const listed = (await call(app, key, 'GET', '/v1/participants')).body.items.map((p: { id: string }) => p.id)
  return { participant: await answer(''), portfolio: await answer('/portfolio'), credentials: await answer('/credentials'), listed: listed.includes(participantId) }
}

const refused = { participant: 'data-exchange-consent-required', portfolio: 'data-exchange-consent-required', credentials: 'data-exchange-consent-required', listed: false }
const allowed = { participant: 200, portfolio: 200, credentials: 200, listed: true }

t.test('a provider reads a participant it did not enrol only while their consent for data exchange with it holds', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const { provider, coach } = s.w.keysA
  const fatima = s.people.fatima // enrolled by the municipality's coach; provider A holds reference ROC-1001

  t.same(await reads(app, provider, fatima), refused, 'no consent: every read is refused, and she is not listed')
  const problem = await call(app, provider, 'GET', `/v1/participants/${fatima}`)
  t.equal(problem.type, 'application/problem+json; charset=utf-8')
  t.same(problem.body, {
    type: 'urn:stapsteen:problem:data-exchange-consent-required',
    title: problem.body.title,
    status: 403,
    code: 'data-exchange-consent-required',
    detail: `participant ${fatima} has not given (or has withdrawn) consent 'data-exchange' for your organisation, which did not enrol them; ` +
      `their coach records it with POST /v1/participants/${fatima}/consents`,
    instance: `/v1/participants/${fatima}`,
    requestId: problem.body.requestId
  }, 'a clear problem, without a field pointer')

  await consent(app, coach, fatima, { purpose: 'data-exchange', given: true, organisationId: s.w.orgs.municipalityA })
  await consent(app, coach, fatima, { purpose: 'share-with-employers', given: true })
  t.same(await reads(app, provider, fatima), refused, 'consent for another organisation, or for sharing, does not count')

  await consent(app, coach, fatima, { purpose: 'data-exchange', given: true, organisationId: s.w.orgs.providerA })
  t.same(await reads(app, provider, fatima), allowed, 'with her consent for provider A it reads her')

  await consent(app, coach, fatima, { purpose: 'data-exchange', given: false, organisationId: s.w.orgs.providerA })
  t.same(await reads(app, provider, fatima), refused, 'withdrawn: refused from that moment')

  await consent(app, coach, fatima, { purpose: 'data-exchange', given: true, organisationId: s.w.orgs.providerA })
  t.same(await reads(app, provider, fatima), allowed, 'given again: the newest record holds')
  t.same(await reads(app, s.w.keysA.coach, fatima), allowed, 'coaches of the region never needed it')
})

t.test('the organisation that enrolled a participant needs no consent to read them', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  // a provider may hold a coach key too: its own coach enrols the participant
  const providerCoach = (await expectStatus(call(app, s.w.admin, 'POST', `/v1/organisations/${s.w.orgs.providerA}/api-keys`, { role: 'coach', label: 'trajectbegeleider' }), 201)).key
  const own = (await expectStatus(call(app, providerCoach, 'POST', '/v1/participants', { regionId: s.w.regions.a, displayName: 'Sanne K.', reference: 'ROC-2001' }), 201)).id
  t.same(await reads(app, s.w.keysA.provider, own), allowed)
})

t.test('recording completions is not data exchange: the provider sends, and reads back only its own record', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const fatima = s.people.fatima
  const posted = await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(fatima, s.module.unitIds[0]!, 'dx-1'))
  t.equal(posted.status, 201, 'recorded without her consent for data exchange')
  t.equal((await call(app, s.w.keysA.provider, 'GET', `/v1/completions/${posted.body.id}`)).status, 200, 'its own record stays readable')
  t.equal((await call(app, s.w.keysA.provider, 'GET', `/v1/participants/${fatima}/portfolio`)).body.code, 'data-exchange-consent-required',
    'her portfolio, which holds what others recorded, is not')
})

t.test('share links need consent to share: none without it, none after it is withdrawn', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const { coach } = s.w.keysA
  const fatima = s.people.fatima
  const url = `/v1/participants/${fatima}/shares`
  const before = (app.db.$client.prepare('select count(*) as n from shares').get() as { n: number }).n

  t.match(await call(app, coach, 'POST', url, { scope: 'all' }), { status: 409, type: /application\/problem\+json/, body: { code: 'consent-required' } }, 'never given')
  await consent(app, coach, fatima, { purpose: 'share-with-employers', given: true })
  const made = await expectStatus(call(app, coach, 'POST', url, { scope: 'all' }), 201)
  const token = made.url.slice(made.url.lastIndexOf('/') + 1)
  t.equal((await app.inject({ method: 'GET', url: `/s/${token}/portfolio.json` })).statusCode, 200, 'the link opens')

  await consent(app, coach, fatima, { purpose: 'share-with-employers', given: false })
  const gone = await app.inject({ method: 'GET', url: `/s/${token}/portfolio.json` })
  t.equal(gone.statusCode, 410, 'the withdrawal stops the existing link at once')
  t.equal(gone.json().code, 'share-withdrawn')
  t.match(await call(app, coach, 'POST', url, { scope: 'all' }), { status: 409, body: { code: 'consent-required' } }, 'withdrawn consent blocks a new share link')
  t.equal((app.db.$client.prepare('select count(*) as n from shares').get() as { n: number }).n, before + 1, 'only the one made with consent was stored')
})
