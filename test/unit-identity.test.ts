import t from 'tap'
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { build, call, expectStatus } from './helpers/build.ts'
import { createModule, magazijnModule } from './helpers/catalogue.ts'
import { completion, publishChange, publishDraft, seedLearning, type Learning } from './helpers/learning.ts'

const BASE = 'http://localhost:3000'

/** Provider A's module with three units, each mapped to its own skill, published as version 1. */
async function threeUnitModule (app: FastifyInstance, x: Learning) {
  const s = x.skills
  const m = await createModule(app, x.w.keysA.provider, magazijnModule(s, {
    code: 'VWM-03',
    units: [
      { key: 'les-1', title: 'Veiligheidsregels', skillIds: [s.veilig] },
      { key: 'les-2', title: 'Heftruck rijden', skillIds: [s.heftruck] },
      { key: 'les-3', title: 'Orderpicken', skillIds: [s.orderpicken] }
    ]
  }))
  return { id: m.id as string, v1: await publishDraft(app, x.w.keysA.provider, m.id) }
}

/** A change to the module, published as the next version. */
const nextVersion = (app: FastifyInstance, x: Learning, moduleId: string, body: object) => publishChange(app, x.w.keysA.provider, moduleId, body)

async function complete (app: FastifyInstance, x: Learning, unitId: string, externalId: string) {
  return (await expectStatus(call(app, x.w.keysA.provider, 'POST', '/v1/completions', completion(x.people.fatima, unitId, externalId)), 201)).id as string
}

async function portfolioEntries (app: FastifyInstance, x: Learning, moduleId: string) {
  const body = (await call(app, x.w.keysA.coach, 'GET', `/v1/participants/${x.people.fatima}/portfolio`)).body
  return { entries: body.modules.filter((m: any) => m.moduleId === moduleId), summary: body.summary }
}

async function credentialsOf (app: FastifyInstance, x: Learning) {
  await app.issuance.drain()
  const items = (await call(app, x.w.keysA.coach, 'GET', `/v1/participants/${x.people.fatima}/credentials`)).body.items as any[]
  const documents: any[] = []
  for (const item of items) documents.push((await call(app, x.w.keysA.coach, 'GET', `/v1/credentials/${item.id}`)).body.credential)
  return items.map((item, i) => ({ ...item, document: documents[i] }))
}

/** Provider A says fatima (its ROC-1001) completed the activity `iri`. */
function postStatement (app: FastifyInstance, x: Learning, iri: string) {
  return app.inject({
    method: 'POST',
    url: '/v1/xapi/statements',
    headers: { authorization: `Bearer ${x.w.keysA.provider}` },
    payload: {
      id: randomUUID(),
      actor: { account: { homePage: 'https://leren.rocvantwente.nl', name: 'ROC-1001' } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
      object: { id: iri },
      timestamp: '2026-10-14T10:00:00Z'
    }
  })
}

const unitsOf = (version: any) => version.units.map((u: any) => [u.key, u.revision, u.activityId])

t.test('a title edit keeps every unit: progress adds up across versions, one credential, the same activity IRIs', async (t) => {
  const app = await build(t)
  const x = await seedLearning(app)
  const { id, v1 } = await threeUnitModule(app, x)
  await complete(app, x, v1.units[0].id, 'f-1')
  await complete(app, x, v1.units[1].id, 'f-2')
  const v2 = await nextVersion(app, x, id, { title: 'Veilig werken in het magazijn (2026)' })
  t.equal(v2.version, 2)
  t.strictSame(unitsOf(v2), [
    ['les-1', 1, `${BASE}/modules/${id}/units/les-1`],
    ['les-2', 1, `${BASE}/modules/${id}/units/les-2`],
    ['les-3', 1, `${BASE}/modules/${id}/units/les-3`]
  ])
  t.strictSame(unitsOf(v2), unitsOf(v1), 'the activity IRI of each unit is the same in both versions')
  t.not(v2.units[2].id, v1.units[2].id, 'each version still has its own unit rows')

  await complete(app, x, v2.units[2].id, 'f-3')
  const { entries, summary } = await portfolioEntries(app, x, id)
  t.strictSame(entries.map((m: any) => [m.version, m.title, m.status, m.unitsDone, m.unitsTotal, m.remaining.length]),
    [[2, 'Veilig werken in het magazijn (2026)', 'complete', 3, 3, 0]], 'one entry for the module, complete')
  t.match(summary, { modulesComplete: 1, modulesInProgress: 0, unitsDone: 3, hoursCompleted: 16 })

  const credentials = await credentialsOf(app, x)
  t.equal(credentials.length, 1, 'one credential')
  const doc = credentials[0].document
  t.equal(doc.credentialSubject.achievement.id, `${BASE}/achievements/modules/${id}/versions/2`, 'for the version the module was completed in')
  t.equal(doc.credentialSubject.achievement.name, 'Veilig werken in het magazijn (2026)')
  t.equal(doc.evidence.length, 3, 'evidence from each unit, whichever version it was recorded in')

  // xAPI statements naming les-1 by the version 1 IRI, in its current and in its older form
  for (const iri of [v1.units[0].activityId, `${BASE}/modules/${id}/versions/1/units/les-1`]) {
    t.equal((await postStatement(app, x, iri)).statusCode, 200, iri)
  }
  const recorded = app.db.$client.prepare("select unit_id from completions where source = 'xapi'").pluck().all()
  t.strictSame(recorded, [v2.units[0].id, v2.units[0].id], 'both record against les-1, in the newest published version')
  const after = await portfolioEntries(app, x, id)
  t.match(after.entries, [{ version: 2, status: 'complete', unitsDone: 3, unitsTotal: 3 }])
  t.equal(after.summary.unitsDone, 3, 'a unit done again counts once')
  t.equal((await credentialsOf(app, x)).length, 1, 'still one credential')
})

t.test('new skills for a key start a new unit identity; each version earns its credential when its own units are done', async (t) => {
  const app = await build(t)
  const x = await seedLearning(app)
  const s = x.skills
  const { id, v1 } = await threeUnitModule(app, x)
  await complete(app, x, v1.units[0].id, 'f-1')
  await complete(app, x, v1.units[1].id, 'f-2')
  const v2 = await nextVersion(app, x, id, {
    units: [
      { key: 'les-1', title: 'Veiligheidsregels en PBM', description: 'Nieuwe titel, zelfde inhoud.', skillIds: [s.veilig] },
      { key: 'les-2', title: 'Heftruck rijden', skillIds: [s.veilig, s.heftruck] },
      { key: 'les-3', title: 'Orderpicken', skillIds: [s.orderpicken] }
    ]
  })
  t.strictSame(unitsOf(v2), [
    ['les-1', 1, `${BASE}/modules/${id}/units/les-1`],
    ['les-2', 2, `${BASE}/modules/${id}/units/les-2/revisions/2`],
    ['les-3', 1, `${BASE}/modules/${id}/units/les-3`]
  ], 'a new title keeps the identity; new skills start revision 2 with its own IRI')

  await complete(app, x, v2.units[2].id, 'f-3')
  let portfolio = await portfolioEntries(app, x, id)
  t.strictSame(portfolio.entries.map((m: any) => [m.version, m.status, m.unitsDone, m.unitsTotal]), [[1, 'complete', 3, 3]],
    'les-3 done under version 2 completes version 1; version 2 still needs its les-2')
  let credentials = await credentialsOf(app, x)
  t.strictSame(credentials.map((c) => c.document.credentialSubject.achievement.id), [`${BASE}/achievements/modules/${id}/versions/1`])

  await complete(app, x, v2.units[1].id, 'f-4')
  portfolio = await portfolioEntries(app, x, id)
  t.strictSame(portfolio.entries.map((m: any) => [m.version, m.status, m.unitsDone, m.unitsTotal]), [[2, 'complete', 3, 3]])
  t.equal(portfolio.summary.unitsDone, 4, 'les-1, both revisions of les-2, les-3')
  credentials = await credentialsOf(app, x)
  t.strictSame(credentials.map((c) => c.document.credentialSubject.achievement.id),
    [`${BASE}/achievements/modules/${id}/versions/1`, `${BASE}/achievements/modules/${id}/versions/2`], 'version 2 holds a unit version 1 did not')

  // voiding the completion only version 2 rests on (les-2, revision 2) revokes that credential
  // alone: version 1 does not hold that unit
  const lastCompletion = (await call(app, x.w.keysA.provider, 'GET', '/v1/completions?externalId=f-4')).body.items[0].id
  t.equal((await call(app, x.w.keysA.provider, 'POST', `/v1/completions/${lastCompletion}/void`, { reason: 'verkeerde les' })).status, 200)
  credentials = await credentialsOf(app, x)
  t.strictSame(credentials.map((c) => [c.document.credentialSubject.achievement.id, c.status.revoked]), [
    [`${BASE}/achievements/modules/${id}/versions/1`, false],
    [`${BASE}/achievements/modules/${id}/versions/2`, true]
  ], 'the credential still earned is not lost')
  t.match((await portfolioEntries(app, x, id)).entries, [{ version: 1, status: 'complete' }])
})

t.test('a unit done again under a renamed version earns no second credential', async (t) => {
  const app = await build(t)
  const x = await seedLearning(app)
  const { id, v1 } = await threeUnitModule(app, x)
  for (const [i, unit] of v1.units.entries()) await complete(app, x, unit.id, `f-${i}`)
  const v2 = await nextVersion(app, x, id, { title: 'Veilig werken in het magazijn (2026)' })
  await complete(app, x, v2.units[0].id, 'f-again')
  const credentials = await credentialsOf(app, x)
  t.strictSame(credentials.map((c) => c.document.credentialSubject.achievement.id), [`${BASE}/achievements/modules/${id}/versions/1`])
  t.match((await portfolioEntries(app, x, id)).entries, [{ version: 2, status: 'complete', unitsDone: 3, unitsTotal: 3 }])
})

t.test('voiding a completion recorded under version 1 revokes the credential of version 2 that rests on it', async (t) => {
  const app = await build(t)
  const x = await seedLearning(app)
  const { id, v1 } = await threeUnitModule(app, x)
  const first = await complete(app, x, v1.units[0].id, 'f-1')
  await complete(app, x, v1.units[1].id, 'f-2')
  const v2 = await nextVersion(app, x, id, { title: 'Veilig werken in het magazijn (2026)' })
  await complete(app, x, v2.units[2].id, 'f-3')
  t.equal((await credentialsOf(app, x)).length, 1)
  const voided = await call(app, x.w.keysA.provider, 'POST', `/v1/completions/${first}/void`, { reason: 'verkeerde deelnemer' })
  t.equal(voided.status, 200)
  const credentials = await credentialsOf(app, x)
  t.strictSame(credentials.map((c) => [c.document.credentialSubject.achievement.id, c.status.revoked, c.status.reason]),
    [[`${BASE}/achievements/modules/${id}/versions/2`, true, 'completion-voided']], 'revoked, and nothing new: les-1 is no longer done')
  t.match((await portfolioEntries(app, x, id)).entries, [{ version: 2, status: 'in-progress', unitsDone: 2, unitsTotal: 3 }])
})

t.test('xAPI: an activity IRI of a revision no version holds is refused, and nothing is written', async (t) => {
  const app = await build(t)
  const x = await seedLearning(app)
  const { id } = await threeUnitModule(app, x)
  const res = await postStatement(app, x, `${BASE}/modules/${id}/units/les-1/revisions/2`)
  t.equal(res.statusCode, 400)
  t.match(res.json(), { code: 'unknown-activity', errors: [{ pointer: '#/object/id', code: 'unknown-activity' }] })
  t.equal(app.db.$client.prepare('select count(*) from completions').pluck().get(), 0)
})
