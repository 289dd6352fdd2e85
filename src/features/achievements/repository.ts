import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { moduleVersions, modules, organisations, pathways, skills, units, unitSkills } from '../../db/schema/index.ts'

export type ModuleMention = Pick<typeof moduleVersions.$inferSelect, 'moduleId' | 'version' | 'title'> & { providerName: string }
export type SkillFacts = Pick<typeof skills.$inferSelect, 'id' | 'name' | 'kind' | 'domain' | 'level' | 'escoUri' | 'description'>

/** The public facts behind achievement and framework pages: published versions only, queries only. */
export function createAchievementRepository (db: Db) {
  const versionIdStmt = db.select({ id: moduleVersions.id }).from(moduleVersions).where(and(
    eq(moduleVersions.moduleId, sql.placeholder('moduleId')),
    eq(moduleVersions.version, sql.placeholder('version')),
    eq(moduleVersions.status, 'published')
  )).prepare()
  const pathwayStmt = db.select({ id: pathways.id, name: pathways.name, sector: pathways.sector, description: pathways.description })
    .from(pathways).where(eq(pathways.id, sql.placeholder('id'))).prepare()
  const skillStmt = db.select({
    id: skills.id, name: skills.name, kind: skills.kind, domain: skills.domain, level: skills.level, escoUri: skills.escoUri, description: skills.description
  }).from(skills).where(eq(skills.id, sql.placeholder('id'))).prepare()
  // each published version once, with its provider's name, in title order
  const mentions = () => db.selectDistinct({
    moduleId: moduleVersions.moduleId, version: moduleVersions.version, title: moduleVersions.title, providerName: organisations.name
  }).from(moduleVersions)
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .innerJoin(organisations, eq(organisations.id, modules.providerId))
  const published = (filter: SQL) => and(eq(moduleVersions.status, 'published'), filter)
  const mentionOrder = [moduleVersions.title, moduleVersions.moduleId, moduleVersions.version] as const
  const byCreboStmt = mentions().where(published(eq(moduleVersions.crebo, sql.placeholder('crebo'))))
    .orderBy(...mentionOrder).prepare()
  const byWorkProcessStmt = mentions().where(published(eq(moduleVersions.workProcess, sql.placeholder('code'))))
    .orderBy(...mentionOrder).prepare()
  const bySkillStmt = mentions()
    .innerJoin(units, eq(units.moduleVersionId, moduleVersions.id))
    .innerJoin(unitSkills, eq(unitSkills.unitId, units.id))
    .where(published(eq(unitSkills.skillId, sql.placeholder('skillId'))))
    .orderBy(...mentionOrder).prepare()

  return {
    /** the id of a published version of the module, undefined for a draft or an unknown one */
    publishedVersionId: (moduleId: string, version: number): string | undefined => versionIdStmt.get({ moduleId, version })?.id,
    findPathway: (id: string) => pathwayStmt.get({ id }),
    findSkill: (id: string): SkillFacts | undefined => skillStmt.get({ id }),
    /** published versions that lead to the crebo qualification */
    modulesWithCrebo: (crebo: string): ModuleMention[] => byCreboStmt.all({ crebo }),
    /** published versions that train the work process */
    modulesWithWorkProcess: (code: string): ModuleMention[] => byWorkProcessStmt.all({ code }),
    /** published versions with a unit that trains the skill */
    modulesWithSkill: (skillId: string): ModuleMention[] => bySkillStmt.all({ skillId })
  }
}
export type AchievementRepository = ReturnType<typeof createAchievementRepository>
