import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { organisationRegions, organisations } from '../../db/schema/index.ts'
import { afterCursor } from '../../lib/pagination.ts'
import type { OrganisationKind } from '../../lib/vocabulary.ts'
import type { Organisation } from './schemas.ts'

type OrganisationRow = typeof organisations.$inferSelect

export interface OrganisationFilter {
  /** only organisations active in one of these regions; null for all */
  regionIds: string[] | null
  kind?: OrganisationKind | undefined
  limit: number
  cursor?: string | undefined
}

export function createOrganisationRepository (db: Db) {
  const regionsOf = (ids: string[]) => {
    const map = new Map<string, string[]>(ids.map((id) => [id, []]))
    if (ids.length === 0) return map
    const rows = db.select().from(organisationRegions).where(inArray(organisationRegions.organisationId, ids))
      .orderBy(asc(organisationRegions.regionId)).all()
    for (const r of rows) map.get(r.organisationId)!.push(r.regionId)
    return map
  }
  const withRegions = (rows: OrganisationRow[]): Organisation[] => {
    const map = regionsOf(rows.map((r) => r.id))
    return rows.map((r) => ({ ...r, regionIds: map.get(r.id)! }))
  }
  const setRegions = (organisationId: string, regionIds: string[]) => {
    db.delete(organisationRegions).where(eq(organisationRegions.organisationId, organisationId)).run()
    db.insert(organisationRegions).values(regionIds.map((regionId) => ({ organisationId, regionId }))).run()
  }

  return {
    findById: (id: string): Organisation | undefined => {
      const row = db.select().from(organisations).where(eq(organisations.id, id)).get()
      return row ? withRegions([row])[0] : undefined
    },
    findByName: (name: string) => db.select().from(organisations).where(sql`lower(${organisations.name}) = lower(${name})`).get(),
    /** a page in creation order, plus one row to tell whether more follow */
    list: (filter: OrganisationFilter): Organisation[] => {
      if (filter.regionIds !== null && filter.regionIds.length === 0) return []
      const inRegions = filter.regionIds === null
        ? undefined
        : inArray(organisations.id, db.selectDistinct({ id: organisationRegions.organisationId }).from(organisationRegions)
          .where(inArray(organisationRegions.regionId, filter.regionIds)))
      const rows = db.select().from(organisations)
        .where(and(inRegions, filter.kind ? eq(organisations.kind, filter.kind) : undefined,
          afterCursor(filter.cursor, organisations.createdAt, organisations.id)))
        .orderBy(asc(organisations.createdAt), asc(organisations.id)).limit(filter.limit + 1).all()
      return withRegions(rows)
    },
    insert: (row: typeof organisations.$inferInsert, regionIds: string[]): Organisation =>
      db.transaction(() => {
        db.insert(organisations).values(row).run()
        setRegions(row.id, regionIds)
        return { ...(row as OrganisationRow), regionIds: [...regionIds].sort() }
      }),
    update: (id: string, changes: { name?: string | undefined, regionIds?: string[] | undefined }) =>
      db.transaction(() => {
        if (changes.name !== undefined) db.update(organisations).set({ name: changes.name }).where(eq(organisations.id, id)).run()
        if (changes.regionIds !== undefined) setRegions(id, changes.regionIds)
      })
  }
}
export type OrganisationRepository = ReturnType<typeof createOrganisationRepository>
