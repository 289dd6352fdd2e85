import type { FastifyInstance } from 'fastify'
import { call, expectStatus } from './build.ts'
import type { World } from './world.ts'

export interface Skills { lezen: string, rekenen: string, heftruck: string, orderpicken: string, veilig: string }

/** Five skills, made through the API by the service admin. */
export async function seedSkills (app: FastifyInstance, w: World): Promise<Skills> {
  const skill = async (body: object) => (await expectStatus(call(app, w.admin, 'POST', '/v1/skills', body), 201)).id as string
  return {
    lezen: await skill({ name: 'Lezen op 1F', kind: 'basic', domain: 'language', level: '1F' }),
    rekenen: await skill({ name: 'Rekenen op 1F', kind: 'basic', domain: 'numeracy', level: '1F' }),
    heftruck: await skill({ name: 'Heftruck rijden', kind: 'vocational' }),
    orderpicken: await skill({ name: 'Orderpicken', kind: 'vocational' }),
    veilig: await skill({ name: 'Veilig werken volgens VCA', kind: 'vocational' })
  }
}

/** A realistic vocational module body; `changes` replace top-level fields. */
export function magazijnModule (s: Skills, changes: Record<string, unknown> = {}) {
  return {
    code: 'VWM-01',
    title: 'Veilig werken in het magazijn',
    description: 'Korte module voor orderpickers en magazijnmedewerkers in de logistiek.',
    kind: 'vocational',
    hours: 16,
    nlqfLevel: '2',
    eqfLevel: 2,
    crebo: '25457',
    workProcess: 'B1-K1-W2',
    learningOutcomes: ['Werkt volgens de veiligheidsregels van het magazijn', 'Rijdt veilig met een heftruck'],
    units: [
      { key: 'les-1', title: 'Veiligheidsregels en beschermingsmiddelen', skillIds: [s.veilig] },
      { key: 'les-2', title: 'Heftruck rijden in de praktijk', description: 'Praktijkles op de werkvloer met een leermeester.', skillIds: [s.heftruck, s.veilig] }
    ],
    ...changes
  }
}

/** Creates a module as `key` and returns its body; throws unless 201. */
export async function createModule (app: FastifyInstance, key: string, body: object) {
  return expectStatus(call(app, key, 'POST', '/v1/modules', body), 201)
}
