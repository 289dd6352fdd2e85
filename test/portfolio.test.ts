import t from 'tap'
import { eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { build, call, expectStatus } from './helpers/build.ts'
import { seedWorld } from './helpers/world.ts'
import { createModule, magazijnModule, seedSkills } from './helpers/catalogue.ts'
import { completions, participants, units } from '../src/db/schema/index.ts'
import type { HostCompany, WorkplaceAttestation } from '../src/db/schema/index.ts'
import { newId } from '../src/lib/ids.ts'

/*
 * The completions API is written in parallel, so participants and completions are put straight
 * into their tables; the catalogue and the development paths go through the API.
 */

const AT = '2026-01-05T09:00:00.000Z'

function addParticipant (app: FastifyInstance, regionId: string, displayName: string): string {
  const id = newId('ppt')
  app.db.insert(participants).values({ id, regionId, displayName, createdAt: AT, updatedAt: AT }).run()
  return id
}

interface Done {
  completedOn: string
  assessment?: 'test' | 'workplace' | 'portfolio' | 'observation'
  hostCompany?: HostCompany
  workplaceAttestation?: WorkplaceAttestation
  voided?: boolean
}

function addCompletion (app: FastifyInstance, participantId: string, providerId: string, unitId: string, done: Done): string {
  const unit = app.db.select().from(units).where(eq(units.id, unitId)).get()!
  const id = newId('cmp')
  app.db.insert(completions).values({
    id,
    participantId,
    unitId,
    moduleVersionId: unit.moduleVersionId,
    providerId,
    completedOn: done.completedOn,
    assessment: done.assessment ?? 'test',
    hostCompany: done.hostCompany ?? null,
    workplaceAttestation: done.workplaceAttestation ?? null,
    externalId: id,
    source: 'api',
    createdAt: AT,
    voidedAt: done.voided ? AT : null,
    voidReason: done.voided ? 'wrong participant' : null
  }).run()
  return id
}

const HOST = { name: 'Logistiek Hengelo BV', kvkNumber: '12345678' }
const TRAINER = { name: 'Henk Jansen', role: 'praktijkopleider', statement: 'Rijdt zelfstandig en veilig met de heftruck.' }

/**
 * Two published modules of provider A: the warehouse module (2 units) and a basic-skills module
 * (4 units) on reading 1F and 2F, NT2 A2 and numeracy 1F. Participant Fatima (region A) did both
 * warehouse units, the second at work, and three of the four basic units; her numeracy completion
 * was voided. Participant Bram lives in region B.
 */
async function seed (app: FastifyInstance) {
  const w = await seedWorld(app)
  const s = await seedSkills(app, w)
  const skill = async (body: object) => (await expectStatus(call(app, w.admin, 'POST', '/v1/skills', body), 201)).id as string
  const lezen2F = await skill({ name: 'Lezen op 2F', kind: 'basic', domain: 'language', level: '2F' })
  const nt2 = await skill({ name: 'Spreken NT2 A2', kind: 'basic', domain: 'language', level: 'A2' })
  const magazijn = await createModule(app, w.keysA.provider, magazijnModule(s))
  const taal = await createModule(app, w.keysA.provider, {
    code: 'TAAL-01',
    title: 'Taal en rekenen op de werkvloer',
    kind: 'basic',
    hours: 12,
    units: [
      { key: 'lezen-1', title: 'Werkinstructies lezen', skillIds: [s.lezen] },
      { key: 'lezen-2', title: 'Veiligheidsbladen lezen', skillIds: [lezen2F] },
      { key: 'spreken', title: 'Overleggen met collega\'s', skillIds: [nt2] },
      { key: 'rekenen', title: 'Voorraad tellen', skillIds: [s.rekenen] }
    ]
  })
  for (const m of [magazijn, taal]) await expectStatus(call(app, w.keysA.provider, 'POST', `/v1/modules/${m.id}/publish`), 200)
  const [m1, m2] = magazijn.current.units.map((u: { id: string }) => u.id)
  const [t1, t2, t3, t4] = taal.current.units.map((u: { id: string }) => u.id)

  const pathway = async (body: object) => (await expectStatus(call(app, w.admin, 'POST', '/v1/pathways', body), 201)).id as string
  const logistiek = await pathway({
    name: 'Logistiek medewerker',
    sector: 'logistiek',
    requirement: {
      type: 'all',
      parts: [
        { type: 'module', moduleId: magazijn.id },
        { type: 'any', title: 'Taal', n: 1, parts: [{ type: 'level', domain: 'language', level: '2F' }, { type: 'level', domain: 'language', level: 'B1' }] },
        { type: 'level', domain: 'numeracy', level: '1F' }
      ]
    }
  })
  const nt2Path = await pathway({ name: 'Nederlands op A2', sector: 'algemeen', requirement: { type: 'level', domain: 'language', level: 'A2' } })

  const fatima = addParticipant(app, w.regions.a, 'Fatima')
  const bram = addParticipant(app, w.regions.b, 'Bram')
  const p = w.orgs.providerA
  const c = {
    m1: addCompletion(app, fatima, p, m1, { completedOn: '2026-02-02' }),
    m2: addCompletion(app, fatima, p, m2, { completedOn: '2026-02-09', assessment: 'workplace', hostCompany: HOST, workplaceAttestation: TRAINER }),
    t1: addCompletion(app, fatima, p, t1, { completedOn: '2026-03-01' }),
    t2: addCompletion(app, fatima, p, t2, { completedOn: '2026-03-08', assessment: 'portfolio' }),
    t3: addCompletion(app, fatima, p, t3, { completedOn: '2026-03-15', assessment: 'observation' }),
    t4: addCompletion(app, fatima, p, t4, { completedOn: '2026-03-20', voided: true })
  }
  addCompletion(app, bram, w.orgs.providerB, m1, { completedOn: '2026-02-03' })
  return { w, s, lezen2F, nt2, magazijn, taal, units: { m1, m2, t1, t2, t3, t4 }, c, paths: { logistiek, nt2Path }, fatima, bram }
}

const url = (participantId: string, query = '') => `/v1/participants/${participantId}/portfolio${query}`

t.test('a coach sees the combined portfolio of a participant of the region', async (t) => {
  const app = await build(t)
  const x = await seed(app)
  const res = await call(app, x.w.keysA.coach, 'GET', url(x.fatima))
  t.equal(res.status, 200)
  const body = res.body
  t.equal(body.participantId, x.fatima)
  t.match(body.generatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)

  t.strictSame(body.modules.map((m: any) => [m.title, m.version, m.status, m.unitsDone, m.unitsTotal, m.remaining.map((r: any) => r.key), m.completedOn]), [
    ['Taal en rekenen op de werkvloer', 1, 'in-progress', 3, 4, ['rekenen'], null],
    ['Veilig werken in het magazijn', 1, 'complete', 2, 2, [], '2026-02-09']
  ], 'units done of total, remaining units by key; the voided numeracy unit is still to do')
  t.strictSame(body.modules[1], {
    moduleId: x.magazijn.id,
    version: 1,
    title: 'Veilig werken in het magazijn',
    kind: 'vocational',
    hours: 16,
    providerId: x.w.orgs.providerA,
    providerName: 'ROC van Twente',
    status: 'complete',
    unitsDone: 2,
    unitsTotal: 2,
    remaining: [],
    completedOn: '2026-02-09'
  })
  t.strictSame(body.modules[0].remaining, [{ unitId: x.units.t4, key: 'rekenen', title: 'Voorraad tellen' }])

  t.strictSame(body.basicSkills.map((g: any) => [g.domain, g.framework, g.highestLevel, g.skills.map((s: any) => s.name)]), [
    ['language', 'referentiekader', '2F', ['Lezen op 1F', 'Lezen op 2F']],
    ['language', 'cefr', 'A2', ['Spreken NT2 A2']]
  ], 'highest level per framework; no numeracy, since that completion was voided')

  const heftruck = body.vocationalSkills.find((s: any) => s.skillId === x.s.heftruck)
  t.strictSame(heftruck, {
    skillId: x.s.heftruck,
    name: 'Heftruck rijden',
    escoUri: null,
    evidence: [{
      completionId: x.c.m2,
      unitId: x.units.m2,
      unitKey: 'les-2',
      unitTitle: 'Heftruck rijden in de praktijk',
      moduleId: x.magazijn.id,
      moduleVersion: 1,
      moduleTitle: 'Veilig werken in het magazijn',
      providerId: x.w.orgs.providerA,
      providerName: 'ROC van Twente',
      completedOn: '2026-02-09',
      assessment: 'workplace',
      workplaceLearning: true,
      hostCompany: HOST,
      workplaceAttestation: TRAINER
    }]
  }, 'the evidence names workplace learning, the host company and the trainer')
  t.strictSame(body.vocationalSkills.map((s: any) => [s.name, s.evidence.map((e: any) => [e.unitKey, e.workplaceLearning])]), [
    ['Heftruck rijden', [['les-2', true]]],
    ['Veilig werken volgens VCA', [['les-1', false], ['les-2', true]]]
  ])

  t.strictSame(body.pathways.map((p: any) => [p.name, p.met, p.progress]), [['Logistiek medewerker', false, 2 / 3], ['Nederlands op A2', true, 1]])
  t.strictSame(body.pathways[0].requirement, {
    type: 'all',
    parts: [
      { type: 'module', moduleId: x.magazijn.id, met: true, progress: 1 },
      {
        type: 'any',
        title: 'Taal',
        n: 1,
        parts: [{ type: 'level', domain: 'language', level: '2F', met: true, progress: 1 }, { type: 'level', domain: 'language', level: 'B1', met: false, progress: 0 }],
        met: true,
        metCount: 1,
        needed: 1,
        progress: 1
      },
      { type: 'level', domain: 'numeracy', level: '1F', met: false, progress: 0 }
    ],
    met: false,
    metCount: 2,
    needed: 3,
    progress: 2 / 3
  })
  t.strictSame(body.summary, { modulesComplete: 1, modulesInProgress: 1, unitsDone: 5, hoursCompleted: 16 })
})

t.test('a voided completion stops counting at once', async (t) => {
  const app = await build(t)
  const x = await seed(app)
  app.db.update(completions).set({ voidedAt: AT, voidReason: 'not done' }).where(eq(completions.id, x.c.m2)).run()
  const body = (await call(app, x.w.keysA.coach, 'GET', url(x.fatima))).body
  const magazijn = body.modules.find((m: any) => m.moduleId === x.magazijn.id)
  t.strictSame([magazijn.status, magazijn.unitsDone, magazijn.remaining.map((r: any) => r.key), magazijn.completedOn], ['in-progress', 1, ['les-2'], null])
  t.strictSame(body.vocationalSkills.map((s: any) => [s.name, s.evidence.map((e: any) => e.completionId)]), [['Veilig werken volgens VCA', [x.c.m1]]])
  t.strictSame(body.pathways[0].requirement.parts[0], { type: 'module', moduleId: x.magazijn.id, met: false, progress: 0 })
  t.strictSame(body.summary, { modulesComplete: 0, modulesInProgress: 2, unitsDone: 4, hoursCompleted: 0 })
})

t.test('pathwayId limits the development paths shown', async (t) => {
  const app = await build(t)
  const x = await seed(app)
  const one = await call(app, x.w.keysA.coach, 'GET', url(x.fatima, `?pathwayId=${x.paths.nt2Path}`))
  t.equal(one.status, 200)
  t.strictSame(one.body.pathways, [{
    pathwayId: x.paths.nt2Path,
    name: 'Nederlands op A2',
    sector: 'algemeen',
    met: true,
    progress: 1,
    requirement: { type: 'level', domain: 'language', level: 'A2', met: true, progress: 1 }
  }])
  t.equal(one.body.modules.length, 2, 'the rest of the portfolio is whole')
  const unknown = await call(app, x.w.keysA.coach, 'GET', url(x.fatima, '?pathwayId=pwy_nothere'))
  t.equal(unknown.status, 404)
  t.equal(unknown.body.code, 'not-found')
  t.match(unknown.body.detail, /development path pwy_nothere/)
  const extra = await call(app, x.w.keysA.coach, 'GET', url(x.fatima, '?sector=zorg'))
  t.equal(extra.status, 400)
  t.equal(extra.body.code, 'validation-failed')
})

t.test('who may read a portfolio', async (t) => {
  const app = await build(t)
  const x = await seed(app)
  const { keysA, keysB } = x.w

  const anonymous = await call(app, null, 'GET', url(x.fatima))
  t.equal(anonymous.status, 401)
  t.equal(anonymous.body.code, 'unauthenticated')
  for (const role of ['employer', 'analyst'] as const) {
    const res = await call(app, keysA[role], 'GET', url(x.fatima))
    t.equal(res.status, 403, role)
    t.equal(res.body.code, 'forbidden-role', role)
    t.equal(res.type, 'application/problem+json; charset=utf-8')
  }
  for (const key of [keysA.admin, keysA.coach, x.w.admin]) {
    t.equal((await call(app, key, 'GET', url(x.fatima))).status, 200)
  }
  t.match((await call(app, keysA.provider, 'GET', url(x.fatima))).body, { status: 403, code: 'reference-required' }, 'a provider without a reference for her does not see her')
  t.equal((await call(app, keysA.provider, 'POST', `/v1/participants/${x.fatima}/references`, { reference: 'ROC-77' })).status, 201)
  t.match((await call(app, keysA.provider, 'GET', url(x.fatima))).body, { status: 403, code: 'data-exchange-consent-required' }, 'linked, it needs her consent for data exchange too')
  t.equal((await call(app, keysA.coach, 'POST', `/v1/participants/${x.fatima}/consents`, { purpose: 'data-exchange', given: true, organisationId: x.w.orgs.providerA })).status, 201)
  t.equal((await call(app, keysA.provider, 'GET', url(x.fatima))).status, 200, 'once linked and with her consent, it does')

  const unknown = await call(app, keysA.coach, 'GET', url('ppt_00000000000000000000'))
  t.equal(unknown.status, 404)
  t.equal(unknown.body.code, 'not-found')
  for (const key of [keysA.coach, keysA.admin, keysA.provider]) {
    const other = await call(app, key, 'GET', url(x.bram))
    t.equal(other.status, 404, 'a participant of region B does not exist for region A')
    t.equal(other.body.code, 'not-found')
    t.strictSame(Object.keys(other.body).sort(), Object.keys(unknown.body).sort())
  }
  const own = await call(app, keysB.coach, 'GET', url(x.bram))
  t.equal(own.status, 200)
  t.strictSame(own.body.modules.map((m: any) => [m.title, m.unitsDone, m.unitsTotal]), [['Veilig werken in het magazijn', 1, 2]])
  t.equal((await call(app, x.w.admin, 'GET', url(x.bram))).status, 200, 'a service admin sees every region')
})

t.test('a participant with nothing done has an empty portfolio', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const id = addParticipant(app, w.regions.a, 'Nieuw')
  const res = await call(app, w.keysA.coach, 'GET', url(id))
  t.equal(res.status, 200)
  t.strictSame({ ...res.body, generatedAt: 'x' }, {
    participantId: id,
    generatedAt: 'x',
    basicSkills: [],
    vocationalSkills: [],
    modules: [],
    pathways: [],
    summary: { modulesComplete: 0, modulesInProgress: 0, unitsDone: 0, hoursCompleted: 0 }
  })
})

t.test('a change to the catalogue shows in the next portfolio, whoever made it', async (t) => {
  const app = await build(t)
  const x = await seed(app)
  const read = async () => (await call(app, x.w.keysA.coach, 'GET', url(x.fatima))).body
  const before = await read()
  t.strictSame(before.pathways.map((p: any) => p.name), ['Logistiek medewerker', 'Nederlands op A2'])

  // through the API: a path renamed and a new one added
  await expectStatus(call(app, x.w.admin, 'PUT', `/v1/pathways/${x.paths.nt2Path}`,
    { name: 'Nederlands op niveau A2', sector: 'algemeen', requirement: { type: 'level', domain: 'language', level: 'A2' } }), 200)
  await expectStatus(call(app, x.w.admin, 'POST', '/v1/pathways',
    { name: 'Rekenen 1F', sector: 'algemeen', requirement: { type: 'level', domain: 'numeracy', level: '1F' } }), 201)
  const after = await read()
  t.strictSame(after.pathways.map((p: any) => [p.name, p.met]), [['Logistiek medewerker', false], ['Nederlands op niveau A2', true], ['Rekenen 1F', false]])

  // straight into the tables, as another process on the same database would
  app.db.$client.prepare('update skills set name = ? where id = ?').run('Heftruck besturen', x.s.heftruck)
  app.db.$client.prepare('update organisations set name = ? where id = ?').run('ROC Twente', x.w.orgs.providerA)
  const renamed = await read()
  t.equal(renamed.vocationalSkills.find((s: any) => s.skillId === x.s.heftruck).name, 'Heftruck besturen')
  t.strictSame([...new Set(renamed.vocationalSkills.flatMap((s: any) => s.evidence.map((e: any) => e.providerName)))], ['ROC Twente'])
  t.equal(renamed.modules.find((m: any) => m.moduleId === x.magazijn.id).providerName, 'ROC Twente')
})

t.test('every catalogue table the portfolio keeps in memory counts its changes', async (t) => {
  const app = await build(t)
  const triggers = app.db.$client.prepare("select tbl_name as tableName, name from sqlite_master where type = 'trigger' and name like 'catalogue_changed_%'")
    .all() as Array<{ tableName: string, name: string }>
  const tables = ['organisations', 'skills', 'modules', 'module_versions', 'units', 'unit_skills', 'pathways']
  t.strictSame([...new Set(triggers.map((r) => r.tableName))].sort(), [...tables].sort())
  for (const table of tables) {
    t.strictSame(triggers.filter((r) => r.tableName === table).map((r) => r.name).sort(),
      ['delete', 'insert', 'update'].map((op) => `catalogue_changed_${table}_${op}`), `${table}: insert, update and delete`)
  }
  const count = () => app.db.$client.prepare('select changes from catalogue_changes where id = 1').pluck().get() as number
  const before = count()
  app.db.$client.prepare("insert into skills (id, name, kind, created_at) values ('skl_x', 'Lassen', 'vocational', ?)").run(AT)
  app.db.$client.prepare("update skills set name = 'Lassen MIG' where id = 'skl_x'").run()
  app.db.$client.prepare("delete from skills where id = 'skl_x'").run()
  t.equal(count(), before + 3, 'an insert, an update and a delete are counted')
})
