import type { FastifyInstance } from 'fastify'
import type { Role } from '../../src/lib/principal.ts'
import { call, expectStatus, serviceAdminKey } from './build.ts'

export interface World {
  admin: string
  regions: { a: string, b: string }
  orgs: { providerA: string, providerB: string, employerA: string, municipalityA: string, employerB: string }
  /** one key per role in region A (admin is a region admin of A) */
  keysA: Record<Role, string>
  /** one key per role in region B */
  keysB: Record<Role, string>
}

/** Two regions, organisations in each and a key per role, made through the API. */
export async function seedWorld (app: FastifyInstance): Promise<World> {
  const admin = serviceAdminKey(app)
  const a = (await expectStatus(call(app, admin, 'POST', '/v1/regions', { slug: 'twente', name: 'Twente' }), 201)).id
  const b = (await expectStatus(call(app, admin, 'POST', '/v1/regions', { slug: 'zuidoost-brabant', name: 'Zuidoost-Brabant' }), 201)).id
  const org = async (name: string, kind: string, regionIds: string[]) =>
    (await expectStatus(call(app, admin, 'POST', '/v1/organisations', { name, kind, regionIds }), 201)).id
  const providerA = await org('ROC van Twente', 'provider', [a])
  const providerB = await org('Summa College', 'provider', [b])
  const employerA = await org('Logistiek Hengelo BV', 'employer', [a])
  const municipalityA = await org('Gemeente Enschede', 'municipality', [a])
  const employerB = await org('Eindhoven Distributie BV', 'employer', [b])
  const municipalityB = await org('Gemeente Eindhoven', 'municipality', [b])
  const key = async (organisationId: string, role: Role, regionId?: string) =>
    (await expectStatus(call(app, admin, 'POST', `/v1/organisations/${organisationId}/api-keys`, { role, label: `${role} key`, ...(regionId ? { regionId } : {}) }), 201)).key as string
  const keysOf = async (providerId: string, employerId: string, municipalityId: string, regionId: string) => ({
    admin: await key(municipalityId, 'admin', regionId),
    provider: await key(providerId, 'provider'),
    coach: await key(municipalityId, 'coach'),
    employer: await key(employerId, 'employer'),
    analyst: await key(municipalityId, 'analyst')
  })
  const keysA = await keysOf(providerA, employerA, municipalityA, a)
  const keysB = await keysOf(providerB, employerB, municipalityB, b)
  return { admin, regions: { a, b }, orgs: { providerA, providerB, employerA, municipalityA, employerB }, keysA, keysB }
}
