import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { moduleVersions, pathways, skills } from '../../db/schema/index.ts'
import { afterCursor } from '../../lib/pagination.ts'
import { collectReferences, type RequirementNode } from './requirements.ts'

type PathwayRow = typeof pathways.$inferSelect
export type StoredPathway = Omit<PathwayRow, 'requirement'> & { requirement: RequirementNode }

export interface PathwayFilter {
  sector?: string | undefined
  limit: number
  cursor?: string | undefined
}

/** The stored tree was checked on the way in, so it is read back as a `RequirementNode`. */
const typed = (row: PathwayRow): StoredPathway => ({ ...row, requirement: row.requirement as RequirementNode })

export function createPathwayRepository (db: Db) {
  const byId = db.select().from(pathways).where(eq(pathways.id, sql.placeholder('id'))).prepare()

  const findById = (id: string) => {
    const row = byId.get({ id })
    return row ? typed(row) : undefined
  }

  return {
    findById,
    /** a development path with this name, ignoring case, other than `exceptId` */
    findByName: (name: string, exceptId?: string) => db.select({ id: pathways.id }).from(pathways)
      .where(and(sql`lower(${pathways.name}) = lower(${name})`, exceptId ? ne(pathways.id, exceptId) : undefined)).get(),
    /** a page in creation order, plus one row to tell whether more follow */
    list: (filter: PathwayFilter): StoredPathway[] => db.select().from(pathways)
      .where(and(filter.sector ? eq(pathways.sector, filter.sector) : undefined, afterCursor(filter.cursor, pathways.createdAt, pathways.id)))
      .orderBy(asc(pathways.createdAt), asc(pathways.id)).limit(filter.limit + 1).all().map(typed),
    /** the development paths that the stored tree of `id` names (none when it does not exist) */
    referencedPathwayIds: (id: string): string[] => {
      const row = findById(id)
      return row ? collectReferences(row.requirement).pathwayIds : []
    },
    existingPathwayIds: (ids: string[]) => ids.length === 0
      ? []
      : db.select({ id: pathways.id }).from(pathways).where(inArray(pathways.id, ids)).all().map((r) => r.id),
    /** of `ids`, the modules that have at least one published version */
    publishedModuleIds: (ids: string[]) => ids.length === 0
      ? []
      : db.selectDistinct({ id: moduleVersions.moduleId }).from(moduleVersions)
        .where(and(inArray(moduleVersions.moduleId, ids), eq(moduleVersions.status, 'published'))).all().map((r) => r.id),
    existingSkillIds: (ids: string[]) => ids.length === 0
      ? []
      : db.select({ id: skills.id }).from(skills).where(inArray(skills.id, ids)).all().map((r) => r.id),
    insert: (row: typeof pathways.$inferInsert): StoredPathway => typed(db.insert(pathways).values(row).returning().get()),
    update: (id: string, changes: Pick<PathwayRow, 'name' | 'sector' | 'description' | 'requirement' | 'updatedAt'>): StoredPathway =>
      typed(db.update(pathways).set(changes).where(eq(pathways.id, id)).returning().get()!)
  }
}
export type PathwayRepository = ReturnType<typeof createPathwayRepository>
