import type { FastifyInstance } from 'fastify'
import { call, expectStatus } from './build.ts'
import { seedWorld, type World } from './world.ts'
import { createModule, magazijnModule, seedSkills, type Skills } from './catalogue.ts'

export interface Learning {
  w: World
  skills: Skills
  /** provider A's published module with units les-1 and les-2 */
  module: { id: string, unitIds: string[], activityIds: string[] }
  /** provider B's published module */
  moduleB: { id: string, unitIds: string[], activityIds: string[] }
  /** participants: fatima and henk in region A (provider A knows fatima as `ROC-1001`), noor in region B */
  people: { fatima: string, henk: string, noor: string }
}

/** Two regions, a published module per provider and three participants, all through the API. */
export async function seedLearning (app: FastifyInstance): Promise<Learning> {
  const w = await seedWorld(app)
  const skills = await seedSkills(app, w)
  const published = async (key: string, body: object) => {
    const mod = await createModule(app, key, body)
    const version = await publishDraft(app, key, mod.id)
    return { id: mod.id as string, unitIds: version.units.map((u: any) => u.id), activityIds: version.units.map((u: any) => u.activityId) }
  }
  const module = await published(w.keysA.provider, magazijnModule(skills))
  const moduleB = await published(w.keysB.provider, magazijnModule(skills, { code: 'SUMMA-VWM' }))
  const person = async (coach: string, regionId: string, displayName: string) =>
    (await expectStatus(call(app, coach, 'POST', '/v1/participants', { regionId, displayName }), 201)).id as string
  const people = {
    fatima: await person(w.keysA.coach, w.regions.a, 'Fatima B.'),
    henk: await person(w.keysA.coach, w.regions.a, 'Henk de Vries'),
    noor: await person(w.keysB.coach, w.regions.b, 'Noor El A.')
  }
  await expectStatus(call(app, w.keysA.provider, 'POST', `/v1/participants/${people.fatima}/references`, { reference: 'ROC-1001' }), 201)
  return { w, skills, module, moduleB, people }
}

/** A valid completion body for unit `unitId`; `changes` replace fields. */
export function completion (participantId: string, unitId: string, externalId: string, changes: Record<string, unknown> = {}) {
  return { externalId, participantId, unitId, completedOn: '2026-10-14', assessment: 'test', ...changes }
}

/** Publishes the module's draft as `key` and returns the version; throws unless 200. */
export async function publishDraft (app: FastifyInstance, key: string, moduleId: string) {
  return expectStatus(call(app, key, 'POST', `/v1/modules/${moduleId}/publish`), 200)
}

/** Changes a module as `key` and publishes the change as its next version, which it returns. */
export async function publishChange (app: FastifyInstance, key: string, moduleId: string, body: object) {
  await expectStatus(call(app, key, 'PATCH', `/v1/modules/${moduleId}`, body), 200)
  return publishDraft(app, key, moduleId)
}
