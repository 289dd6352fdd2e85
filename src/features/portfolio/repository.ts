import { asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import {
  completions, moduleVersions, modules, organisations, participants, pathways, skills, unitSkills, units
} from '../../db/schema/index.ts'
import type { RequirementNode } from '../pathways/requirements.ts'
import type { PortfolioInput, PortfolioModuleVersion, PortfolioPathway, PortfolioUnit } from './compute.ts'

/**
 * The reads behind a portfolio: a constant number of queries, whatever the number of completions.
 * Sets of versions, units and skills are selected by subqueries on the participant's completions,
 * so no list of ids is sent back and forth.
 */
export function createPortfolioRepository (db: Db) {
  const participantById = db.select({ id: participants.id, regionId: participants.regionId }).from(participants)
    .where(eq(participants.id, sql.placeholder('id'))).prepare()

  const completionsOf = db.select({
    id: completions.id,
    unitId: completions.unitId,
    moduleVersionId: completions.moduleVersionId,
    completedOn: completions.completedOn,
    assessment: completions.assessment,
    hostCompany: completions.hostCompany,
    workplaceAttestation: completions.workplaceAttestation,
    providerId: completions.providerId,
    providerName: organisations.name,
    voidedAt: completions.voidedAt
  }).from(completions)
    .innerJoin(organisations, eq(organisations.id, completions.providerId))
    .where(eq(completions.participantId, sql.placeholder('participantId')))
    .prepare()

  const versionIds = db.selectDistinct({ id: completions.moduleVersionId }).from(completions)
    .where(eq(completions.participantId, sql.placeholder('participantId')))
  const versionsOf = db.select({
    id: moduleVersions.id,
    moduleId: moduleVersions.moduleId,
    version: moduleVersions.version,
    title: moduleVersions.title,
    kind: moduleVersions.kind,
    hours: moduleVersions.hours,
    providerId: modules.providerId,
    providerName: organisations.name
  }).from(moduleVersions)
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .innerJoin(organisations, eq(organisations.id, modules.providerId))
    .where(inArray(moduleVersions.id, versionIds))
    .prepare()

  const unitsOf = db.select({ id: units.id, moduleVersionId: units.moduleVersionId, key: units.key, title: units.title })
    .from(units).where(inArray(units.moduleVersionId, versionIds))
    .orderBy(asc(units.moduleVersionId), asc(units.position)).prepare()

  const unitIds = db.select({ id: units.id }).from(units).where(inArray(units.moduleVersionId, versionIds))
  const unitSkillsOf = db.select({ unitId: unitSkills.unitId, skillId: unitSkills.skillId }).from(unitSkills)
    .where(inArray(unitSkills.unitId, unitIds)).orderBy(sql`${unitSkills}.rowid`).prepare()

  const skillsOf = db.select({
    id: skills.id, name: skills.name, kind: skills.kind, domain: skills.domain, level: skills.level, escoUri: skills.escoUri
  }).from(skills)
    .where(inArray(skills.id, db.select({ id: unitSkills.skillId }).from(unitSkills).where(inArray(unitSkills.unitId, unitIds))))
    .prepare()

  const allPathways = db.select({ id: pathways.id, name: pathways.name, sector: pathways.sector, requirement: pathways.requirement })
    .from(pathways).prepare()

  // the stored tree was checked on the way in
  const readPathways = (): PortfolioPathway[] => allPathways.all().map((p) => ({ ...p, requirement: p.requirement as RequirementNode }))

  /**
   * Everything `computePortfolio` needs for one participant, read in one transaction so that the
   * parts agree: the participant's completions (voided ones too), the versions they name with all
   * their units and skills, and every development path (`pathways`, when the caller read them
   * already for several participants).
   */
  const readInput = (participantId: string, pathways?: readonly PortfolioPathway[]): PortfolioInput => db.transaction(() => {
    const args = { participantId }
    const skillIdsOf = new Map<string, string[]>()
    for (const link of unitSkillsOf.all(args)) {
      const list = skillIdsOf.get(link.unitId) ?? []
      list.push(link.skillId)
      skillIdsOf.set(link.unitId, list)
    }
    const unitsOfVersion = new Map<string, PortfolioUnit[]>()
    for (const u of unitsOf.all(args)) {
      const list = unitsOfVersion.get(u.moduleVersionId) ?? []
      list.push({ id: u.id, key: u.key, title: u.title, skillIds: skillIdsOf.get(u.id) ?? [] })
      unitsOfVersion.set(u.moduleVersionId, list)
    }
    const moduleVersionList: PortfolioModuleVersion[] = versionsOf.all(args)
      .map((v) => ({ ...v, units: unitsOfVersion.get(v.id) ?? [] }))
    return {
      completions: completionsOf.all(args).map(({ voidedAt, ...c }) => ({ ...c, voided: voidedAt !== null })),
      moduleVersions: moduleVersionList,
      skills: skillsOf.all(args),
      pathways: pathways ?? readPathways()
    }
  }, { behavior: 'deferred' })

  return {
    /** the participant's id and region, or undefined when unknown */
    findParticipant: (id: string) => participantById.get({ id }),
    /** every development path */
    readPathways,
    readInput
  }
}
export type PortfolioRepository = ReturnType<typeof createPortfolioRepository>
