import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { apiKeys, organisationRegions } from '../../db/schema/index.ts'

export type ApiKeyRow = typeof apiKeys.$inferSelect

/** Queries on API keys; the auth hook runs `findActive` on every request, so it is prepared. */
export function createApiKeyRepository (db: Db) {
  const activeById = db.select().from(apiKeys)
    .where(and(eq(apiKeys.id, sql.placeholder('id')), isNull(apiKeys.revokedAt))).prepare()
  const regionsOfOrg = db.select({ regionId: organisationRegions.regionId }).from(organisationRegions)
    .where(eq(organisationRegions.organisationId, sql.placeholder('organisationId'))).prepare()
  const touch = db.update(apiKeys).set({ lastUsedAt: sql`${sql.placeholder('at')}` })
    .where(eq(apiKeys.id, sql.placeholder('id'))).prepare()

  return {
    findActive: (id: string) => activeById.get({ id }),
    regionIdsOfOrganisation: (organisationId: string) => regionsOfOrg.all({ organisationId }).map((r) => r.regionId),
    touch: (id: string, at: string) => { touch.run({ id, at }) },
    insert: (row: typeof apiKeys.$inferInsert) => db.insert(apiKeys).values(row).returning().get(),
    listByOrganisation: (organisationId: string) =>
      db.select().from(apiKeys).where(eq(apiKeys.organisationId, organisationId)).orderBy(apiKeys.createdAt, apiKeys.id).all(),
    findById: (id: string) => db.select().from(apiKeys).where(eq(apiKeys.id, id)).get(),
    /** only for keys that never left the process (the demo's seeding key) */
    remove: (id: string) => { db.delete(apiKeys).where(eq(apiKeys.id, id)).run() },
    revoke: (id: string, at: string) => db.update(apiKeys).set({ revokedAt: at }).where(eq(apiKeys.id, id)).returning().get()
  }
}
export type ApiKeyRepository = ReturnType<typeof createApiKeyRepository>
