import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { afterCursor } from '../../lib/pagination.ts'
import type { Db } from '../../db/client.ts'
import { regions } from '../../db/schema/index.ts'

export function createRegionRepository (db: Db) {
  return {
    findById: (id: string) => db.select().from(regions).where(eq(regions.id, id)).get(),
    findBySlug: (slug: string) => db.select().from(regions).where(eq(regions.slug, slug)).get(),
    findByName: (name: string) => db.select().from(regions).where(sql`lower(${regions.name}) = lower(${name})`).get(),
    /** a page in creation order, limited to `ids` unless null */
    list: (ids: string[] | null, limit: number, cursor?: string) => ids !== null && ids.length === 0
      ? []
      : db.select().from(regions)
        .where(and(ids === null ? undefined : inArray(regions.id, ids), afterCursor(cursor, regions.createdAt, regions.id)))
        .orderBy(asc(regions.createdAt), asc(regions.id)).limit(limit + 1).all(),
    existing: (ids: string[]) => ids.length === 0 ? [] : db.select({ id: regions.id }).from(regions).where(inArray(regions.id, ids)).all().map((r) => r.id),
    insert: (row: typeof regions.$inferInsert) => db.insert(regions).values(row).returning().get()
  }
}
