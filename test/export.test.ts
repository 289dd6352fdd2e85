import t from 'tap'
import { build, call, expectRefusals, expectStatus } from './helpers/build.ts'
import { completion, seedLearning } from './helpers/learning.ts'
import { testClock } from './helpers/time.ts'

t.test('the export holds everything about the participant, without tokens, and is audited', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const s = await seedLearning(app)
  const { coach, provider } = s.w.keysA
  const fatima = s.people.fatima
  await expectStatus(call(app, coach, 'PATCH', `/v1/participants/${fatima}`, { contact: { email: 'fatima@example.nl' } }), 200)
  const consent = await expectStatus(call(app, coach, 'POST', `/v1/participants/${fatima}/consents`, { purpose: 'share-with-employers', given: true }), 201)
  const recorded = []
  for (const [i, unitId] of s.module.unitIds.entries()) {
    recorded.push((await expectStatus(call(app, provider, 'POST', '/v1/completions', completion(fatima, unitId, `ex-${i}`)), 201)).id)
  }
  await app.issuance.drain()
  const share = await expectStatus(call(app, coach, 'POST', `/v1/participants/${fatima}/shares`, { scope: 'all', label: 'Logistiek Hengelo' }), 201)
  const link = await expectStatus(call(app, coach, 'POST', `/v1/participants/${fatima}/access-link`), 201)
  const outcome = await expectStatus(call(app, coach, 'POST', `/v1/participants/${fatima}/outcomes`,
    { kind: 'job-started', sector: 'logistiek', contractType: 'permanent', hoursPerWeek: 32, startedOn: '2026-11-02' }), 201)

  const res = await call(app, coach, 'GET', `/v1/participants/${fatima}/export`)
  t.equal(res.status, 200)
  const body = res.body
  t.same(Object.keys(body), ['exportedAt', 'participant', 'references', 'consents', 'completions', 'credentials', 'portfolio', 'outcomes', 'accessLinks', 'shares', 'auditEvents'])
  t.equal(body.exportedAt, clock.iso())
  t.same(body.participant, {
    id: fatima,
    regionId: s.w.regions.a,
    displayName: 'Fatima B.',
    contact: { email: 'fatima@example.nl', phone: null },
    enrolledBy: s.w.orgs.municipalityA,
    createdAt: body.participant.createdAt,
    updatedAt: body.participant.updatedAt
  })
  t.same(body.references, [{ organisationId: s.w.orgs.providerA, reference: 'ROC-1001', createdAt: body.references[0].createdAt }], 'every organisation\'s reference')
  t.same(body.consents, [{ id: consent.id, purpose: 'share-with-employers', organisationId: null, given: true, recordedAt: consent.recordedAt }])
  t.same(body.completions.map((c: { id: string }) => c.id), recorded)
  t.same(body.completions[0], (await call(app, provider, 'GET', `/v1/completions/${recorded[0]}`)).body, 'a completion as the API shows it')
  t.equal(body.credentials.length, 1)
  t.same(body.credentials[0], (await call(app, coach, 'GET', `/v1/credentials/${body.credentials[0].id}`)).body, 'a credential whole: status, document and JWT')
  t.same(body.portfolio, { ...(await call(app, coach, 'GET', `/v1/participants/${fatima}/portfolio`)).body, generatedAt: clock.iso() })
  t.same(body.outcomes, [(await call(app, coach, 'GET', `/v1/participants/${fatima}/outcomes/${outcome.id}`)).body])
  t.same(body.accessLinks, [{ id: link.id, createdAt: link.createdAt, expiresAt: link.expiresAt, revokedAt: null, lastOpenedAt: null, state: 'active' }])
  t.same(body.shares, [(await call(app, coach, 'GET', `/v1/participants/${fatima}/shares/${share.id}`)).body])
  const text = JSON.stringify(body)
  for (const url of [share.url, link.url]) t.notOk(text.includes(url.slice(url.lastIndexOf('/') + 1)), 'no token')
  t.notOk(/tokenHash/.test(text), 'no token hash')

  // what was done, when, by which role, to which record: not which key, organisation or request (admins read those in GET /v1/audit)
  const at = clock.iso()
  t.same(body.auditEvents, [
    { action: 'participant.create', at, role: 'coach', targetType: 'participant', targetId: fatima },
    { action: 'reference.create', at, role: 'provider', targetType: 'participant', targetId: fatima },
    { action: 'participant.update', at, role: 'coach', targetType: 'participant', targetId: fatima },
    { action: 'consent.record', at, role: 'coach', targetType: 'participant', targetId: fatima },
    { action: 'completion.record', at, role: 'provider', targetType: 'completion', targetId: recorded[0] },
    { action: 'completion.record', at, role: 'provider', targetType: 'completion', targetId: recorded[1] },
    { action: 'share.create', at, role: 'coach', targetType: 'share', targetId: share.id },
    { action: 'access-link.create', at, role: 'coach', targetType: 'access-link', targetId: link.id },
    { action: 'outcome.record', at, role: 'coach', targetType: 'outcome', targetId: outcome.id }
  ], 'the audit events about her and her records, in chain order')

  const exported = (await call(app, s.w.keysA.admin, 'GET', `/v1/audit?action=participant.export&targetId=${fatima}`)).body.items
  t.match(exported, [{ action: 'participant.export', role: 'coach', targetType: 'participant', targetId: fatima, organisationId: s.w.orgs.municipalityA }])
  t.equal(exported.length, 1, 'the export itself is audited, once')
})

t.test('who may export: admins and coaches of the participant\'s region', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const url = `/v1/participants/${s.people.fatima}/export`
  for (const key of [s.w.keysA.admin, s.w.keysA.coach, s.w.admin]) t.equal((await call(app, key, 'GET', url)).status, 200)
  await expectRefusals(t, app, 'GET', url, [
    ['anyone', null, 401, 'unauthenticated'],
    ['provider', s.w.keysA.provider, 403, 'forbidden-role'],
    ['employer', s.w.keysA.employer, 403, 'forbidden-role'],
    ['analyst', s.w.keysA.analyst, 403, 'forbidden-role'],
    ['coach of region B', s.w.keysB.coach, 404, 'not-found'],
    ['admin of region B', s.w.keysB.admin, 404, 'not-found']
  ])
  const unknownId = 'ppt_00000000000000000000'
  /** The answer as it must be alike: the request's own url and id left out, the participant's id named by a placeholder. */
  const comparable = async (id: string) => {
    const { body: { instance: _instance, requestId: _requestId, ...rest }, ...res } = await call(app, s.w.keysB.coach, 'GET', `/v1/participants/${id}/export`)
    return { ...res, headers: undefined, body: JSON.parse(JSON.stringify(rest).split(id).join('{id}')) }
  }
  const unknown = await comparable(unknownId)
  t.match(unknown, { status: 404, body: { code: 'not-found', detail: 'participant {id} does not exist' } })
  t.same(await comparable(s.people.fatima), unknown, 'another region\'s participant answers as one that does not exist')
  t.equal((await call(app, s.w.admin, 'GET', '/v1/audit?action=participant.export')).body.items.length, 3, 'only the exports answered are audited')
})
