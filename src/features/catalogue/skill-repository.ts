import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { skills } from '../../db/schema/index.ts'
import { afterCursor } from '../../lib/pagination.ts'
import type { SkillDomain } from '../../lib/vocabulary.ts'
import { frameworkOf } from './levels.ts'
import type { Skill } from './schemas.ts'

export type SkillRow = typeof skills.$inferSelect

export interface SkillFilter {
  kind?: 'vocational' | 'basic' | undefined
  domain?: SkillDomain | undefined
  /** part of the name, case-insensitive */
  q?: string | undefined
  limit: number
  cursor?: string | undefined
}

/** The API view: the framework follows from domain and level, so it is derived, not stored. */
export function toSkillView (row: SkillRow): Skill {
  const framework = row.domain && row.level ? frameworkOf(row.domain, row.level) ?? null : null
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    domain: row.domain,
    level: row.level,
    framework,
    escoUri: row.escoUri,
    description: row.description,
    createdAt: row.createdAt
  }
}

/** Queries on skills; lookups by id are prepared, since completions and modules resolve skills often. */
export function createSkillRepository (db: Db) {
  const byId = db.select().from(skills).where(eq(skills.id, sql.placeholder('id'))).prepare()
  const byName = db.select().from(skills).where(sql`lower(${skills.name}) = lower(${sql.placeholder('name')})`).prepare()

  return {
    findById: (id: string) => byId.get({ id }),
    /** case-insensitive */
    findByName: (name: string) => byName.get({ name }),
    /** the kind of each of `ids` that exists; unknown ids are absent from the map */
    kindsOf: (ids: readonly string[]): Map<string, SkillRow['kind']> => {
      const unique = [...new Set(ids)]
      if (unique.length === 0) return new Map()
      const rows = db.select({ id: skills.id, kind: skills.kind }).from(skills).where(inArray(skills.id, unique)).all()
      return new Map(rows.map((r) => [r.id, r.kind]))
    },
    /** a page in creation order, plus one row to tell whether more follow */
    list: (filter: SkillFilter): SkillRow[] => db.select().from(skills)
      .where(and(
        filter.kind ? eq(skills.kind, filter.kind) : undefined,
        filter.domain ? eq(skills.domain, filter.domain) : undefined,
        filter.q ? sql`instr(lower(${skills.name}), lower(${filter.q})) > 0` : undefined,
        afterCursor(filter.cursor, skills.createdAt, skills.id)))
      .orderBy(asc(skills.createdAt), asc(skills.id)).limit(filter.limit + 1).all(),
    insert: (row: typeof skills.$inferInsert) => db.insert(skills).values(row).returning().get()
  }
}
export type SkillRepository = ReturnType<typeof createSkillRepository>
