import type { FastifyInstance } from 'fastify'
import { call } from './build.ts'
import { completion, seedLearning } from './learning.ts'

/**
 * A world for fuzzing: two regions with a key per role, published modules, participants, and a
 * credential issued to one of them, so that fuzzed requests meet real ids of every kind.
 */
export async function seedFuzzWorld (app: FastifyInstance) {
  const s = await seedLearning(app)
  const completions: string[] = []
  for (const [i, unitId] of s.module.unitIds.entries()) {
    const res = await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.fatima, unitId, `fuzz-${i}`))
    completions.push(res.body.id)
  }
  await app.issuance.drain()
  const credentials = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items.map((c: { id: string }) => c.id)
  const ids = [
    ...Object.values(s.people), s.module.id, s.moduleB.id, ...s.module.unitIds, ...s.moduleB.unitIds,
    ...Object.values(s.skills), ...Object.values(s.w.orgs), s.w.regions.a, s.w.regions.b, ...completions, ...credentials, 'programme'
  ]
  const keys = [s.w.admin, ...Object.values(s.w.keysA), s.w.keysB.provider, s.w.keysB.coach, '', 'stp_key_not-a-real-key']
  return { ids, keys }
}
