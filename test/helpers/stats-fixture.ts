import type { FastifyInstance } from 'fastify'
import { call, expectStatus } from './build.ts'
import { createModule } from './catalogue.ts'
import { completion, publishDraft, seedLearning, type Learning } from './learning.ts'
import type { testClock } from './time.ts'

export interface StatsFixture extends Learning {
  /** the 15 participants of Twente and the 11 of Zuidoost-Brabant, the seeded ones first */
  twente: string[]
  brabant: string[]
  /** Twente's tenth participant's voided completion of the basic-skills module */
  voided: string
}

/**
 * The figures' fixture, every number of it worked out by hand in test/stats.test.ts. Enrolled on
 * 1 December 2025: 15 participants in Twente, 11 in Zuidoost-Brabant. Then, by 2 November 2026:
 * - Twente 1-12 complete both units of provider A's vocational module on 14 October 2026 (12
 *   module credentials); Twente 1-10 the one unit of a basic-skills module on 20 October (10
 *   credentials), and the completion of Twente 10 is voided (its credential revoked);
 * - Zuidoost-Brabant 1-11 complete one of the two units of provider B's module (no credential);
 * - Twente 1-11 start a job on 5 January 2026 and the job of Twente 11 is retracted; Twente 1-10
 *   are still at work at 6 months on 10 July 2026; Zuidoost-Brabant 1-3 start a job on 2 February.
 */
export async function seedStatsFixture (app: FastifyInstance, clock: ReturnType<typeof testClock>): Promise<StatsFixture> {
  clock.set('2025-12-01T10:00:00.000Z')
  const learning = await seedLearning(app)
  const { w, people } = learning
  const enrol = async (coach: string, regionId: string, n: number, prefix: string) => {
    const ids: string[] = []
    for (let i = 0; i < n; i++) {
      ids.push((await expectStatus(call(app, coach, 'POST', '/v1/participants', { regionId, displayName: `${prefix} ${i + 1}` }), 201)).id)
    }
    return ids
  }
  const twente = [people.fatima, people.henk, ...await enrol(w.keysA.coach, w.regions.a, 13, 'Deelnemer Twente')]
  const brabant = [people.noor, ...await enrol(w.keysB.coach, w.regions.b, 10, 'Deelnemer Brabant')]

  clock.set('2026-11-02T09:30:00.000Z')
  const basic = await createModule(app, w.keysA.provider, {
    code: 'TAAL-1F',
    title: 'Werkinstructies lezen',
    description: 'Lezen op 1F op de werkvloer.',
    kind: 'basic',
    hours: 8,
    learningOutcomes: ['Leest een werkinstructie'],
    units: [{ key: 'les-1', title: 'Een werkinstructie lezen', skillIds: [learning.skills.lezen] }]
  })
  const basicUnit = (await publishDraft(app, w.keysA.provider, basic.id)).units[0].id as string
  const batch = async (key: string, items: object[]) => expectStatus(call(app, key, 'POST', '/v1/completions/batch', { items }), 200)
  await batch(w.keysA.provider, twente.slice(0, 12).flatMap((p, i) => learning.module.unitIds.map((u, j) => completion(p, u, `voc-${i}-${j}`))))
  const basics = await batch(w.keysA.provider, twente.slice(0, 10).map((p, i) => completion(p, basicUnit, `basic-${i}`, { completedOn: '2026-10-20' })))
  await batch(w.keysB.provider, brabant.map((p, i) => completion(p, learning.moduleB.unitIds[0]!, `b-${i}`)))
  await app.issuance.drain()
  const voided = basics.results[9].id as string
  await expectStatus(call(app, w.keysA.provider, 'POST', `/v1/completions/${voided}/void`, { reason: 'verkeerde deelnemer' }), 200)
  await app.issuance.drain()

  const outcome = (key: string, participant: string, body: object) => expectStatus(call(app, key, 'POST', `/v1/participants/${participant}/outcomes`, body), 201)
  const job = { kind: 'job-started', sector: 'logistiek', contractType: 'temporary', hoursPerWeek: 24 }
  for (const [i, p] of twente.slice(0, 11).entries()) {
    const started = await outcome(w.keysA.coach, p, { ...job, startedOn: '2026-01-05' })
    if (i === 10) {
      await expectStatus(call(app, w.keysA.coach, 'POST', `/v1/participants/${p}/outcomes/${started.id}/retract`, { reason: 'andere deelnemer' }), 200)
    } else {
      await outcome(w.keysA.coach, p, { kind: 'still-at-work', months: 6, checkedOn: '2026-07-10', jobOutcomeId: started.id })
    }
  }
  for (const p of brabant.slice(0, 3)) await outcome(w.keysB.coach, p, { ...job, startedOn: '2026-02-02' })
  return { ...learning, twente, brabant, voided }
}
