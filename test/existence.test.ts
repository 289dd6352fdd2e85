import t from 'tap'
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { build, call, expectStatus } from './helpers/build.ts'
import { createModule, magazijnModule } from './helpers/catalogue.ts'
import { completion, seedLearning, type Learning } from './helpers/learning.ts'
import { todayInAmsterdam } from '../src/features/completions/rules.ts'

/** Every method and path of the app, from its route tree (HEAD mirrors GET and is left out). */
function routesOf (app: FastifyInstance): string[] {
  const out: string[] = []
  const stack: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const at = line.indexOf('── ')
    if (at < 0) continue
    const depth = (at - 1) / 4
    const [, segment, methods] = /^(\S+)(?: \(([^)]*)\))?/.exec(line.slice(at + 3))!
    stack.length = depth
    stack.push(segment!)
    for (const method of methods?.split(', ') ?? []) if (method !== 'HEAD') out.push(`${method} ${stack.join('')}`)
  }
  return out
}

/** Region B's things, and one of each that region A may see, made through the API. */
async function seedOtherRegion (app: FastifyInstance, s: Learning) {
  const { w } = s
  const items: unknown[] = []
  for (const [i, unitId] of s.moduleB.unitIds.entries()) {
    items.push((await expectStatus(call(app, w.keysB.provider, 'POST', '/v1/completions', completion(s.people.noor, unitId, `noor-${i}`)), 201)).id)
  }
  // the list answers at once: let the queue issue first
  await app.issuance.drain()
  const credential = (await expectStatus(call(app, w.keysB.coach, 'GET', `/v1/participants/${s.people.noor}/credentials`), 200)).items[0].id as string
  const draft = await createModule(app, w.keysB.provider, magazijnModule(s.skills, { code: 'SUMMA-DRAFT' }))
  const keyB = (await expectStatus(call(app, w.admin, 'GET', `/v1/organisations/${w.orgs.providerB}/api-keys`), 200)).items[0].id as string
  const both = (await expectStatus(call(app, w.admin, 'POST', '/v1/organisations', { name: 'Sectorfonds Logistiek', kind: 'sector-body', regionIds: [w.regions.a, w.regions.b] }), 201)).id as string
  await expectStatus(call(app, w.keysB.coach, 'POST', `/v1/participants/${s.people.noor}/consents`, { purpose: 'share-with-employers', given: true }), 201)
  const share = (await expectStatus(call(app, w.keysB.coach, 'POST', `/v1/participants/${s.people.noor}/shares`, { scope: 'all' }), 201)).id as string
  // the app's own day: an outcome may not be dated before the participant was enrolled, today
  const today = todayInAmsterdam(app.config.now())
  const outcome = (await expectStatus(call(app, w.keysB.coach, 'POST', `/v1/participants/${s.people.noor}/outcomes`, outcomeJob(today)), 201)).id as string
  return { completion: items[0] as string, credential, draft: { id: draft.id as string, unitId: draft.current.units[0].id as string, activityId: draft.current.units[0].activityId as string }, keyB, both, share, outcome, today }
}

/** An id of the same shape that names nothing: its prefix kept, the rest zeros. */
const madeUp = (id: string) => id.replace(/(?<=_)[0-9a-z]+$/, (rest) => '0'.repeat(rest.length))

type Seed = Learning & { b: Awaited<ReturnType<typeof seedOtherRegion>> }
interface Probe {
  /** method and route path as the app lists it */
  route: string
  /** what is probed, for the message */
  what: string
  /** the key to send, or null for a public route */
  key: (s: Seed) => string | null
  /** the id of region B's (or another organisation's) real thing */
  other: (s: Seed) => string
  /** a made-up id of the same shape as `other`; madeUp(other) when left out */
  unknown?: (other: string) => string
  request: (id: string, s: Seed) => { url: string, body?: unknown }
}

const outcomeJob = (startedOn: string, changes: object = {}) =>
  ({ kind: 'job-started', sector: 'logistiek', contractType: 'permanent', hoursPerWeek: 32, startedOn, ...changes })

const xapiStatement = (activityId: string) => ({
  id: randomUUID(),
  actor: { objectType: 'Agent', account: { homePage: 'https://leren.rocvantwente.nl', name: 'ROC-1001' } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
  object: { objectType: 'Activity', id: activityId },
  timestamp: '2026-10-14T21:30:00Z'
})

const PROBES: Probe[] = [
  { route: 'GET /v1/regions/:regionId', what: 'region', key: (s) => s.w.keysA.admin, other: (s) => s.w.regions.b, request: (id) => ({ url: `/v1/regions/${id}` }) },
  { route: 'POST /v1/organisations', what: 'region in body', key: (s) => s.w.keysA.admin, other: (s) => s.w.regions.b, request: (id) => ({ url: '/v1/organisations', body: { name: 'Nieuw', kind: 'employer', regionIds: [id] } }) },
  { route: 'GET /v1/organisations', what: 'region in query', key: (s) => s.w.keysA.coach, other: (s) => s.w.regions.b, request: (id) => ({ url: `/v1/organisations?regionId=${id}` }) },
  { route: 'GET /v1/organisations/:organisationId', what: 'organisation', key: (s) => s.w.keysA.coach, other: (s) => s.w.orgs.providerB, request: (id) => ({ url: `/v1/organisations/${id}` }) },
  { route: 'PATCH /v1/organisations/:organisationId', what: 'organisation', key: (s) => s.w.keysA.admin, other: (s) => s.w.orgs.providerB, request: (id) => ({ url: `/v1/organisations/${id}`, body: { name: 'X' } }) },
  { route: 'PATCH /v1/organisations/:organisationId', what: 'region in body', key: (s) => s.w.keysA.admin, other: (s) => s.w.regions.b, request: (id, s) => ({ url: `/v1/organisations/${s.w.orgs.providerA}`, body: { regionIds: [s.w.regions.a, id] } }) },
  { route: 'POST /v1/organisations/:organisationId/api-keys', what: 'organisation', key: (s) => s.w.keysA.admin, other: (s) => s.w.orgs.providerB, request: (id) => ({ url: `/v1/organisations/${id}/api-keys`, body: { role: 'provider', label: 'x' } }) },
  { route: 'POST /v1/organisations/:organisationId/api-keys', what: 'region in body', key: (s) => s.w.keysA.admin, other: (s) => s.w.regions.b, request: (id, s) => ({ url: `/v1/organisations/${s.b.both}/api-keys`, body: { role: 'employer', label: 'x', regionId: id } }) },
  { route: 'GET /v1/organisations/:organisationId/api-keys', what: 'organisation', key: (s) => s.w.keysA.admin, other: (s) => s.w.orgs.providerB, request: (id) => ({ url: `/v1/organisations/${id}/api-keys` }) },
  { route: 'DELETE /v1/organisations/:organisationId/api-keys/:keyId', what: 'organisation', key: (s) => s.w.keysA.admin, other: (s) => s.w.orgs.providerB, request: (id, s) => ({ url: `/v1/organisations/${id}/api-keys/${s.b.keyB}` }) },
  { route: 'DELETE /v1/organisations/:organisationId/api-keys/:keyId', what: 'another organisation\'s key', key: (s) => s.w.keysA.admin, other: (s) => s.b.keyB, request: (id, s) => ({ url: `/v1/organisations/${s.w.orgs.providerA}/api-keys/${id}` }) },
  { route: 'POST /v1/modules', what: 'provider in body', key: (s) => s.w.keysA.admin, other: (s) => s.w.orgs.providerB, request: (id, s) => ({ url: '/v1/modules', body: magazijnModule(s.skills, { code: 'NEW-1', providerId: id }) }) },
  { route: 'GET /v1/modules/:moduleId', what: 'draft module', key: (s) => s.w.keysA.provider, other: (s) => s.b.draft.id, request: (id) => ({ url: `/v1/modules/${id}` }) },
  { route: 'PATCH /v1/modules/:moduleId', what: 'draft module', key: (s) => s.w.keysA.admin, other: (s) => s.b.draft.id, request: (id) => ({ url: `/v1/modules/${id}`, body: { hours: 3 } }) },
  { route: 'POST /v1/modules/:moduleId/publish', what: 'draft module', key: (s) => s.w.keysA.provider, other: (s) => s.b.draft.id, request: (id) => ({ url: `/v1/modules/${id}/publish` }) },
  { route: 'GET /v1/modules/:moduleId/versions', what: 'draft module', key: (s) => s.w.keysA.coach, other: (s) => s.b.draft.id, request: (id) => ({ url: `/v1/modules/${id}/versions` }) },
  { route: 'GET /v1/modules/:moduleId/versions/:version', what: 'draft module', key: (s) => s.w.keysA.coach, other: (s) => s.b.draft.id, request: (id) => ({ url: `/v1/modules/${id}/versions/1` }) },
  { route: 'POST /v1/participants', what: 'region in body', key: (s) => s.w.keysA.coach, other: (s) => s.w.regions.b, request: (id) => ({ url: '/v1/participants', body: { regionId: id, displayName: 'Nieuw' } }) },
  { route: 'GET /v1/participants', what: 'region in query', key: (s) => s.w.keysA.coach, other: (s) => s.w.regions.b, request: (id) => ({ url: `/v1/participants?regionId=${id}` }) },
  { route: 'GET /v1/participants/:participantId', what: 'participant', key: (s) => s.w.keysA.provider, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}` }) },
  { route: 'PATCH /v1/participants/:participantId', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}`, body: { displayName: 'X' } }) },
  { route: 'DELETE /v1/participants/:participantId', what: 'participant', key: (s) => s.w.keysA.admin, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}` }) },
  { route: 'GET /v1/participants/:participantId/export', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}/export` }) },
  { route: 'POST /v1/participants/:participantId/references', what: 'participant', key: (s) => s.w.keysA.provider, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}/references`, body: { reference: 'R-9' } }) },
  { route: 'POST /v1/participants/:participantId/references', what: 'organisation in body', key: (s) => s.w.keysA.admin, other: (s) => s.w.orgs.providerB, request: (id, s) => ({ url: `/v1/participants/${s.people.henk}/references`, body: { reference: 'R-9', organisationId: id } }) },
  { route: 'POST /v1/participants/:participantId/consents', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}/consents`, body: { purpose: 'impact-research', given: true } }) },
  { route: 'POST /v1/participants/:participantId/consents', what: 'organisation in body', key: (s) => s.w.keysA.coach, other: (s) => s.w.orgs.providerB, request: (id, s) => ({ url: `/v1/participants/${s.people.fatima}/consents`, body: { purpose: 'data-exchange', given: true, organisationId: id } }) },
  { route: 'GET /v1/participants/:participantId/consents', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}/consents` }) },
  { route: 'GET /v1/participants/:participantId/credentials', what: 'participant', key: (s) => s.w.keysA.provider, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}/credentials` }) },
  { route: 'GET /v1/participants/:participantId/portfolio', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}/portfolio` }) },
  { route: 'POST /v1/participants/:participantId/portfolio-credential', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}/portfolio-credential` }) },
  { route: 'POST /v1/participants/:participantId/access-link', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}/access-link` }) },
  { route: 'GET /v1/participants/:participantId/access-link', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}/access-link` }) },
  { route: 'DELETE /v1/participants/:participantId/access-link', what: 'participant', key: (s) => s.w.keysA.admin, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}/access-link` }) },
  { route: 'POST /v1/participants/:participantId/shares', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}/shares`, body: { scope: 'all' } }) },
  { route: 'POST /v1/participants/:participantId/shares', what: 'employer in body', key: (s) => s.w.keysA.coach, other: (s) => s.w.orgs.employerB, request: (id, s) => ({ url: `/v1/participants/${s.people.fatima}/shares`, body: { scope: 'all', employerId: id } }) },
  { route: 'GET /v1/participants/:participantId/shares', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}/shares` }) },
  { route: 'GET /v1/participants/:participantId/shares/:shareId', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id, s) => ({ url: `/v1/participants/${id}/shares/${s.b.share}` }) },
  { route: 'GET /v1/participants/:participantId/shares/:shareId', what: 'another participant\'s share', key: (s) => s.w.keysA.coach, other: (s) => s.b.share, request: (id, s) => ({ url: `/v1/participants/${s.people.fatima}/shares/${id}` }) },
  { route: 'DELETE /v1/participants/:participantId/shares/:shareId', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id, s) => ({ url: `/v1/participants/${id}/shares/${s.b.share}` }) },
  { route: 'DELETE /v1/participants/:participantId/shares/:shareId', what: 'another participant\'s share', key: (s) => s.w.keysA.admin, other: (s) => s.b.share, request: (id, s) => ({ url: `/v1/participants/${s.people.fatima}/shares/${id}` }) },
  { route: 'POST /v1/participants/:participantId/outcomes', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id, s) => ({ url: `/v1/participants/${id}/outcomes`, body: outcomeJob(s.b.today) }) },
  { route: 'POST /v1/participants/:participantId/outcomes', what: 'employer in body', key: (s) => s.w.keysA.coach, other: (s) => s.w.orgs.employerB, request: (id, s) => ({ url: `/v1/participants/${s.people.fatima}/outcomes`, body: outcomeJob(s.b.today, { employerId: id }) }) },
  { route: 'POST /v1/participants/:participantId/outcomes', what: 'outcome corrected in body', key: (s) => s.w.keysA.coach, other: (s) => s.b.outcome, request: (id, s) => ({ url: `/v1/participants/${s.people.fatima}/outcomes`, body: outcomeJob(s.b.today, { corrects: id }) }) },
  { route: 'POST /v1/participants/:participantId/outcomes', what: 'job followed up in body', key: (s) => s.w.keysA.admin, other: (s) => s.b.outcome, request: (id, s) => ({ url: `/v1/participants/${s.people.fatima}/outcomes`, body: { kind: 'still-at-work', months: 3, checkedOn: s.b.today, jobOutcomeId: id } }) },
  { route: 'GET /v1/participants/:participantId/outcomes', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/participants/${id}/outcomes` }) },
  { route: 'GET /v1/stats', what: 'region in query', key: (s) => s.w.keysA.analyst, other: (s) => s.w.regions.b, request: (id) => ({ url: `/v1/stats?region=${id}` }) },
  { route: 'GET /v1/stats/export.csv', what: 'region in query', key: (s) => s.w.keysA.admin, other: (s) => s.w.regions.b, request: (id) => ({ url: `/v1/stats/export.csv?region=${id}` }) },
  { route: 'GET /v1/participants/:participantId/outcomes/:outcomeId', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id, s) => ({ url: `/v1/participants/${id}/outcomes/${s.b.outcome}` }) },
  { route: 'GET /v1/participants/:participantId/outcomes/:outcomeId', what: 'another participant\'s outcome', key: (s) => s.w.keysA.coach, other: (s) => s.b.outcome, request: (id, s) => ({ url: `/v1/participants/${s.people.fatima}/outcomes/${id}` }) },
  { route: 'POST /v1/participants/:participantId/outcomes/:outcomeId/retract', what: 'participant', key: (s) => s.w.keysA.coach, other: (s) => s.people.noor, request: (id, s) => ({ url: `/v1/participants/${id}/outcomes/${s.b.outcome}/retract`, body: { reason: 'fout' } }) },
  { route: 'POST /v1/participants/:participantId/outcomes/:outcomeId/retract', what: 'another participant\'s outcome', key: (s) => s.w.keysA.admin, other: (s) => s.b.outcome, request: (id, s) => ({ url: `/v1/participants/${s.people.fatima}/outcomes/${id}/retract`, body: { reason: 'fout' } }) },
  { route: 'POST /v1/completions', what: 'participant in body', key: (s) => s.w.keysA.provider, other: (s) => s.people.noor, request: (id, s) => ({ url: '/v1/completions', body: completion(id, s.module.unitIds[0]!, 'probe') }) },
  { route: 'POST /v1/completions', what: 'draft unit in body', key: (s) => s.w.keysA.provider, other: (s) => s.b.draft.unitId, request: (id, s) => ({ url: '/v1/completions', body: completion(s.people.fatima, id, 'probe') }) },
  { route: 'POST /v1/completions/batch', what: 'participant in an item', key: (s) => s.w.keysA.provider, other: (s) => s.people.noor, request: (id, s) => ({ url: '/v1/completions/batch', body: { items: [completion(id, s.module.unitIds[0]!, 'probe')] } }) },
  { route: 'POST /v1/xapi/statements', what: 'draft unit activity', key: (s) => s.w.keysA.provider, other: (s) => s.b.draft.activityId, unknown: (iri) => iri.replace(/mod_[0-9a-z]+/, madeUp), request: (id) => ({ url: '/v1/xapi/statements', body: xapiStatement(id) }) },
  { route: 'GET /v1/completions', what: 'participant in query', key: (s) => s.w.keysA.provider, other: (s) => s.people.noor, request: (id) => ({ url: `/v1/completions?participantId=${id}` }) },
  { route: 'GET /v1/completions/:completionId', what: 'completion', key: (s) => s.w.keysA.coach, other: (s) => s.b.completion, request: (id) => ({ url: `/v1/completions/${id}` }) },
  { route: 'POST /v1/completions/:completionId/void', what: 'another provider\'s completion', key: (s) => s.w.keysA.provider, other: (s) => s.b.completion, request: (id) => ({ url: `/v1/completions/${id}/void`, body: { reason: 'fout' } }) },
  { route: 'GET /v1/credentials/:credentialId', what: 'credential', key: (s) => s.w.keysA.coach, other: (s) => s.b.credential, request: (id) => ({ url: `/v1/credentials/${id}` }) },
  { route: 'GET /v1/credentials/:credentialId/download', what: 'credential', key: (s) => s.w.keysA.coach, other: (s) => s.b.credential, request: (id) => ({ url: `/v1/credentials/${id}/download` }) },
  { route: 'POST /v1/credentials/:credentialId/revoke', what: 'credential', key: (s) => s.w.keysA.admin, other: (s) => s.b.credential, request: (id) => ({ url: `/v1/credentials/${id}/revoke`, body: { reason: 'fraud' } }) },
  { route: 'POST /v1/issuers/:issuerId/keys/rotate', what: 'issuer', key: (s) => s.w.keysA.admin, other: (s) => s.w.orgs.providerB, request: (id) => ({ url: `/v1/issuers/${id}/keys/rotate`, body: {} }) },
  { route: 'PUT /v1/issuers/:issuerId/image', what: 'issuer', key: (s) => s.w.keysA.admin, other: (s) => s.w.orgs.providerB, request: (id) => ({ url: `/v1/issuers/${id}/image`, body: { svg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>' } }) },
  { route: 'DELETE /v1/issuers/:issuerId/image', what: 'issuer', key: (s) => s.w.keysA.admin, other: (s) => s.w.orgs.providerB, request: (id) => ({ url: `/v1/issuers/${id}/image` }) },
  { route: 'GET /modules/:moduleId/units/:key', what: 'unit of a draft module', key: () => null, other: (s) => s.b.draft.id, request: (id) => ({ url: `/modules/${id}/units/les-1` }) },
  { route: 'GET /modules/:moduleId/versions/:version/units/:key', what: 'unit of a draft module', key: () => null, other: (s) => s.b.draft.id, request: (id) => ({ url: `/modules/${id}/versions/1/units/les-1` }) },
  { route: 'GET /achievements/modules/:moduleId/versions/:version', what: 'draft module', key: () => null, other: (s) => s.b.draft.id, request: (id) => ({ url: `/achievements/modules/${id}/versions/1` }) },
  { route: 'GET /v1/shares/:shareId/portfolio', what: 'share not made for the key\'s organisation', key: (s) => s.w.keysA.employer, other: (s) => s.b.share, request: (id) => ({ url: `/v1/shares/${id}/portfolio` }) },
  { route: 'GET /achievements/modules/:moduleId/versions/:version/image.svg', what: 'draft module', key: () => null, other: (s) => s.b.draft.id, request: (id) => ({ url: `/achievements/modules/${id}/versions/1/image.svg` }) }
]

/** Routes with no other region's thing to name, and why. */
const NOTHING_TO_PROBE: Record<string, string> = {
  'GET /docs': 'documentation',
  'GET /docs/static/index.html': 'documentation',
  'GET /docs/static/swagger-initializer.js': 'documentation',
  'GET /docs*': 'documentation',
  'GET /docs/json': 'documentation',
  'GET /docs/yaml': 'documentation',
  'GET /openapi.json': 'documentation',
  'GET /assets/:file': 'the pages\' own stylesheet and images, the same for everyone',
  'GET /health': 'no id',
  'GET /metrics': 'no id; counts of the whole service, for service admins only',
  'GET /v1/audit': 'no id; a region admin reads only the events of organisations active in its regions and of its own key (test/audit.test.ts)',
  'POST /v1/regions': 'no id (service admins only)',
  'GET /v1/regions': 'no id; lists the key\'s own regions',
  'POST /v1/skills': 'skills are one programme-wide catalogue',
  'GET /v1/skills': 'skills are one programme-wide catalogue',
  'GET /v1/skills/:skillId': 'skills are one programme-wide catalogue',
  'GET /v1/modules': 'published modules are a public catalogue; drafts are listed only for those who manage them',
  'POST /v1/pathways': 'development paths are programme-wide',
  'GET /v1/pathways': 'development paths are programme-wide',
  'GET /v1/pathways/:pathwayId': 'development paths are programme-wide',
  'PUT /v1/pathways/:pathwayId': 'development paths are programme-wide',
  'GET /v1/issuers/:issuerId/keys': 'public keys, published for every issuer in the JWKS and did.json',
  'POST /v1/verify': 'public verification',
  'POST /credentials/verify': 'public verification',
  'GET /verify': 'public verify page: a form, no id',
  'GET /stats': 'public figures of every region, suppressed so that no count under 10 shows; a region is chosen by its public slug',
  'POST /verify': 'public verification from the verify page: the credential is the input, no id',
  'GET /.well-known/jwks.json': 'public document',
  'GET /issuers/:issuerId': 'public document',
  'GET /issuers/:issuerId/did.json': 'public document',
  'GET /status-lists/:listId': 'public document',
  'GET /issuers/:issuerId/image.svg': 'public document: every issuer\'s logo',
  'GET /modules/:moduleId/units/:key/revisions/:revision': 'public document of a published unit (the draft case is probed on the unrevised IRI)',
  'GET /skills/:skillId': 'skills are one programme-wide catalogue',
  'GET /achievements/pathways/:pathwayId': 'development paths are programme-wide',
  'GET /achievements/pathways/:pathwayId/image.svg': 'development paths are programme-wide',
  'GET /frameworks/crebo/:code': 'public description of a national qualification code',
  'GET /frameworks/werkprocessen/:code': 'public description of a national work process code',
  'GET /frameworks/:framework/:level': 'public description of a national framework level',
  'GET /s/:token': 'capability URL: the token is the only key, a wrong one is a 404 (test/share-page.test.ts)',
  'GET /s/:token/portfolio.json': 'capability URL: the token is the only key, a wrong one is a 404 (test/share-page.test.ts)',
  'GET /v1/shares': 'no id; lists only shares made for the key\'s own organisation',
  'GET /p/:token': 'a capability URL: the token names the participant, no region\'s id',
  'GET /p/:token/sheet': 'a capability URL: the token names the participant, no region\'s id',
  'GET /p/:token/credentials/:file': 'a capability URL: only the token\'s own participant\'s credentials (test/participant-page.test.ts)',
  'POST /p/:token/shares': 'a capability URL: the token names the participant, no region\'s id',
  'POST /p/:token/shares/:shareId/withdraw': 'a capability URL: only the token\'s own participant\'s shares (test/participant-page.test.ts)'
}

/** Everything stored, except the last-used time of keys (the probes use keys). */
function snapshot (app: FastifyInstance): string {
  const db = app.db.$client
  // the audit trail records requests, refused items of a batch and public reads included: it is checked in test/audit.test.ts
  const tables = db.prepare("select name from sqlite_master where type = 'table' and name <> 'audit_events' order by name").all() as Array<{ name: string }>
  return JSON.stringify(tables.map(({ name }) => {
    const rows = db.prepare(`select * from "${name}"`).all() as Array<Record<string, unknown>>
    return [name, rows.map((r) => ({ ...r, last_used_at: undefined }))]
  }))
}

/** The answer with the id named by a placeholder and the request id left out: what must be equal. */
function comparable (res: Awaited<ReturnType<typeof call>>, id: string) {
  const body = typeof res.body === 'string' ? res.body : JSON.stringify({ ...res.body, requestId: undefined })
  return { status: res.status, type: res.type, body: body.split(id).join('{id}') }
}

t.test('every route has a row: a probe, or the reason it has nothing of another region to name', async (t) => {
  const app = await build(t)
  const probed = new Set(PROBES.map((p) => p.route))
  for (const route of routesOf(app)) {
    t.ok(probed.has(route) || NOTHING_TO_PROBE[route], `${route} is in the table`)
  }
  t.ok(routesOf(app).length > 50, 'the routes were read')
})

t.test('another region\'s things answer exactly as ids that do not exist, and nothing is written', async (t) => {
  const app = await build(t)
  const learning = await seedLearning(app)
  const s: Seed = { ...learning, b: await seedOtherRegion(app, learning) }
  await app.issuance.drain()
  const before = snapshot(app)
  for (const probe of PROBES) {
    const other = probe.other(s)
    const unknown = (probe.unknown ?? madeUp)(other)
    t.not(unknown, other)
    const method = probe.route.split(' ')[0] as 'GET'
    const send = async (id: string) => {
      const { url, body } = probe.request(id, s)
      return comparable(await call(app, probe.key(s), method, url, body), id)
    }
    const [forOther, forUnknown] = [await send(other), await send(unknown)]
    t.same(forOther, forUnknown, `${probe.route}: ${probe.what}`)
    const refused = forOther.status >= 400 || method === 'GET' || forOther.body.includes('"summary":{"created":0,"duplicate":0,"error":1}')
    t.ok(refused, `${probe.route}: ${probe.what} is refused (${forOther.status})`)
  }
  t.equal(snapshot(app), before, 'nothing was written')
})
