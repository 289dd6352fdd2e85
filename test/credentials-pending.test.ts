import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, call, expectStatus } from './helpers/build.ts'
import { createModule, magazijnModule } from './helpers/catalogue.ts'
import { completion, seedLearning, type Learning } from './helpers/learning.ts'

/**
 * Holds back the issuer's signatures until `release()`: its credentials stay in the outbox as a
 * long backlog would keep them. Every other issuer (the programme) signs as usual.
 */
function holdSigning (app: FastifyInstance, issuerId: string) {
  let release!: () => void
  let arrive!: () => void
  const gate = new Promise<void>((resolve) => { release = resolve })
  /** resolves once a credential of the issuer is waiting to be signed */
  const reached = new Promise<void>((resolve) => { arrive = resolve })
  const signingKey = app.issuerKeys.signingKey.bind(app.issuerKeys)
  app.issuerKeys.signingKey = async (id: string) => {
    if (id === issuerId) {
      arrive()
      await gate
    }
    return signingKey(id)
  }
  return { release, reached }
}

/**
 * The answer while the issuer's signing is held: one that waited for the outbox could never come
 * before `release()`. The cap only ends the wait of a build that does wait, with a failure; it is
 * no measure of speed.
 */
async function promptly<T> (t: Test, answer: Promise<T>, ms = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms) })
  try {
    return await Promise.race([answer, late])
  } finally {
    clearTimeout(timer)
  }
}

async function completeModule (app: FastifyInstance, { w, module }: Learning, participantId: string, prefix: string) {
  for (const [i, unitId] of module.unitIds.entries()) {
    await expectStatus(call(app, w.keysA.provider, 'POST', '/v1/completions', completion(participantId, unitId, `${prefix}-${i}`)), 201)
  }
}

/** A development path met by provider A's module alone. */
async function pathwayOfModule (app: FastifyInstance, { w, module }: Learning) {
  await expectStatus(call(app, w.admin, 'POST', '/v1/pathways', {
    name: 'Ontwikkelpad magazijnmedewerker', sector: 'logistiek', requirement: { type: 'all', parts: [{ type: 'module', moduleId: module.id }] }
  }), 201)
}

const unhandled = (app: FastifyInstance) => app.db.$client.prepare('select count(*) from domain_events where handled_at is null').pluck().get() as number

t.test('the list of credentials answers at once and names what is still being issued', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const held = holdSigning(app, s.w.orgs.providerA)
  await completeModule(app, s, s.people.fatima, 'f')

  const list = await promptly(t, call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`))
  t.equal(list.status, 200)
  t.same(list.body.items, [], 'nothing issued yet')
  t.match(list.body.pending, [{ event: 'module.completed', moduleId: s.module.id, moduleVersion: 1, since: /^\d{4}-\d\d-\d\dT/ }])
  t.equal(list.body.pending.length, 1)
  t.equal(unhandled(app), 1, 'answered while the outbox still holds the credential')
  t.same((await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.henk}/credentials`)).body, { items: [], pending: [] },
    'another participant has nothing pending')
  t.same((await call(app, s.w.keysB.coach, 'GET', `/v1/participants/${s.people.noor}/credentials`)).body.pending, [])

  held.release()
  await app.issuance.drain()
  const after = await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)
  t.match(after.body, { items: [{ kind: 'module', status: { revoked: false } }], pending: [] })
})

t.test('a void answers without waiting for the outbox; what rested on the completion is revoked when it answers', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  await pathwayOfModule(app, s)
  await completeModule(app, s, s.people.fatima, 'f')
  // the first unit done again on another day: the module still holds once the first record is voided
  await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.fatima, s.module.unitIds[0]!, 'f-redo', { completedOn: '2026-10-20' }))
  await app.issuance.drain()
  const clr = await call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/portfolio-credential`)
  t.equal(clr.status, 201)
  const before = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items
  t.same(before.map((c: any) => c.kind), ['module', 'pathway', 'portfolio'])

  // a backlog of another participant's credential, held back, sits before the correction in the outbox
  const held = holdSigning(app, s.w.orgs.providerA)
  await completeModule(app, s, s.people.henk, 'h')
  const original = app.db.$client.prepare("select id from completions where external_id = 'f-0'").pluck().get() as string
  const voided = await promptly(t, call(app, s.w.keysA.provider, 'POST', `/v1/completions/${original}/void`, { reason: 'verkeerde datum' }))
  t.equal(voided.status, 200)
  t.ok(unhandled(app) >= 2, 'answered while the backlog and the correction are still queued')
  const module = before[0]
  t.equal(app.statusLists.isRevoked(module.status.statusListCredential.split('/').at(-1), module.status.statusListIndex), true,
    'the module credential\'s bit is set when the void answers')
  const now = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body
  t.match(now.items, [
    { kind: 'module', status: { revoked: true, reason: 'completion-voided' } },
    { kind: 'pathway', status: { revoked: false } },
    { kind: 'portfolio', status: { revoked: true, reason: 'completion-voided' } }
  ])
  t.match(now.pending, [{ event: 'completion.voided', moduleId: s.module.id, moduleVersion: 1 }])
  t.equal(now.pending.length, 1)

  held.release()
  await app.issuance.drain()
  const verified = await call(app, null, 'POST', '/v1/verify', { credential: (await call(app, s.w.keysA.coach, 'GET', `/v1/credentials/${module.id}`)).body.jwt })
  t.equal(verified.body.checks.status.status, 'failed', 'a verifier sees it revoked')
  const settled = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body
  t.same(settled.pending, [])
  t.same(settled.items.map((c: any) => [c.kind, c.status.revoked]), [['module', true], ['pathway', false], ['portfolio', true], ['module', false]],
    'the module credential is issued anew on the remaining completion; the path still holds')
})

t.test('voiding the only completion of a unit revokes the path credential too, before the answer', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  await pathwayOfModule(app, s)
  await completeModule(app, s, s.people.fatima, 'f')
  await app.issuance.drain()
  const held = holdSigning(app, s.w.orgs.providerA)
  const original = app.db.$client.prepare("select id from completions where external_id = 'f-1'").pluck().get() as string
  t.equal((await promptly(t, call(app, s.w.keysA.provider, 'POST', `/v1/completions/${original}/void`, { reason: 'niet afgerond' }))).status, 200)
  const now = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body
  t.match(now.items, [
    { kind: 'module', status: { revoked: true, reason: 'completion-voided' } },
    { kind: 'pathway', status: { revoked: true, reason: 'requirements-no-longer-met' } }
  ])
  held.release()
  await app.issuance.drain()
  t.equal((await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items.length, 2, 'nothing issued anew')
})

t.test('a path resting on the voided unit\'s skill alone is revoked with the void, and the portfolio credential holding it', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const path = await call(app, s.w.admin, 'POST', '/v1/pathways', {
    name: 'Heftruckchauffeur', sector: 'logistiek', requirement: { type: 'skill', skillId: s.skills.heftruck }
  })
  t.equal(path.status, 201)
  await completeModule(app, s, s.people.fatima, 'f')
  await app.issuance.drain()
  const [module] = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items
  t.equal((await call(app, s.w.keysA.provider, 'POST', `/v1/credentials/${module.id}/revoke`, { reason: 'issued-in-error' })).status, 200)
  t.equal((await call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/portfolio-credential`)).status, 201)

  holdSigning(app, s.w.orgs.providerA)
  // les-2 is the unit that shows heftruck rijden
  const original = app.db.$client.prepare("select id from completions where external_id = 'f-1'").pluck().get() as string
  t.equal((await promptly(t, call(app, s.w.keysA.provider, 'POST', `/v1/completions/${original}/void`, { reason: 'niet afgerond' }))).status, 200)
  const now = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items
  t.match(now, [
    { kind: 'module', status: { revoked: true, reason: 'issued-in-error' } },
    { kind: 'pathway', status: { revoked: true, reason: 'requirements-no-longer-met' } },
    { kind: 'portfolio', status: { revoked: true, reason: 'completion-voided' } }
  ])
})

t.test('a credential being signed when a completion it rests on is voided is never issued', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  await pathwayOfModule(app, s)
  const held = holdSigning(app, s.w.orgs.providerA)
  await completeModule(app, s, s.people.fatima, 'f')
  await held.reached
  const original = app.db.$client.prepare("select id from completions where external_id = 'f-1'").pluck().get() as string
  t.equal((await call(app, s.w.keysA.provider, 'POST', `/v1/completions/${original}/void`, { reason: 'niet afgerond' })).status, 200)
  held.release()
  await app.issuance.drain()
  t.same((await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body, { items: [], pending: [] },
    'neither the module credential nor the path credential decided before the void')

  // the same, where the module still holds on another completion: issued once, on what remains
  const again = holdSigning(app, s.w.orgs.providerA)
  await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.henk, s.module.unitIds[0]!, 'h-0'))
  await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.henk, s.module.unitIds[0]!, 'h-0-redo', { completedOn: '2026-10-20' }))
  await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.henk, s.module.unitIds[1]!, 'h-1'))
  await again.reached
  const first = app.db.$client.prepare("select id from completions where external_id = 'h-0'").pluck().get() as string
  t.equal((await call(app, s.w.keysA.provider, 'POST', `/v1/completions/${first}/void`, { reason: 'verkeerde datum' })).status, 200)
  again.release()
  await app.issuance.drain()
  const items = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.henk}/credentials`)).body.items
  t.same(items.map((c: any) => [c.kind, c.status.revoked]), [['module', false], ['pathway', false]])
  const doc = (await call(app, s.w.keysA.coach, 'GET', `/v1/credentials/${items[0].id}`)).body.credential
  t.match(doc.evidence[0].narrative, /afgerond op 2026-10-20/, 'it rests on the remaining completion')
})

t.test('a portfolio credential being signed when a credential it holds is revoked is made again from what is valid', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  await completeModule(app, s, s.people.fatima, 'f')
  await app.issuance.drain()
  const held = holdSigning(app, 'programme')
  const answer = call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/portfolio-credential`)
  await held.reached
  const original = app.db.$client.prepare("select id from completions where external_id = 'f-1'").pluck().get() as string
  t.equal((await call(app, s.w.keysA.provider, 'POST', `/v1/completions/${original}/void`, { reason: 'niet afgerond' })).status, 200)
  held.release()
  t.match((await answer).body, { status: 409, code: 'no-credentials' }, 'nothing valid is left to hold')
  t.same((await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items.map((c: any) => c.kind), ['module'])
})

t.test('a portfolio credential is issued from what is held, and says what is still being issued', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const held = holdSigning(app, s.w.orgs.providerA)
  await completeModule(app, s, s.people.fatima, 'f')
  const none = await promptly(t, call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/portfolio-credential`))
  t.match(none.body, { status: 409, code: 'no-credentials', detail: /1 still being issued, try again shortly/ })

  held.release()
  await app.issuance.drain()
  const again = holdSigning(app, s.w.orgs.providerA)
  // a second module's credential is queued: the portfolio holds the first and names the second as pending
  const second = await createModule(app, s.w.keysA.provider, magazijnModule(s.skills, { code: 'VWM-02', title: 'Orderpicken' }))
  const published = await call(app, s.w.keysA.provider, 'POST', `/v1/modules/${second.id}/publish`)
  t.equal(published.status, 200)
  for (const [i, unit] of published.body.units.entries()) {
    t.equal((await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.fatima, unit.id, `m2-${i}`))).status, 201)
  }
  const clr = await promptly(t, call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/portfolio-credential`))
  t.equal(clr.status, 201)
  t.equal(clr.body.credential.credentialSubject.verifiableCredential.length, 1, 'the credential held now')
  t.match(clr.body.pending, [{ event: 'module.completed', moduleId: second.id, moduleVersion: 1 }])
  t.equal(clr.body.pending.length, 1)
  again.release()
})
