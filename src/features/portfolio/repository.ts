import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import {
  catalogueChanges, completions as completionTable, moduleVersions as versionTable, modules, organisations, pathways as pathwayTable,
  skills, unitSkills, units
} from '../../db/schema/index.ts'
import type { RequirementNode } from '../pathways/requirements.ts'
import { boundedCache } from '../../lib/cache.ts'
import type {
  PortfolioCompletion, PortfolioInput, PortfolioModuleVersion, PortfolioPathway, PortfolioSkill
} from './compute.ts'

/**
 * The reads behind a portfolio. Per request the participant's own completions are read (one
 * indexed query), with their skills and providers' names by primary key; the versions they point
 * to (with their units, their units' skill ids and their provider's name) and the development
 * paths are kept in memory until the catalogue changes, which one read of `catalogue_changes`
 * tells (its triggers count every change, made by any process). Kept facts are shared by every
 * caller, who must not change them (versions, units and paths are frozen, a path's requirement
 * tree only at its top).
 *
 * Measured with bench/caches.ts (CPU per operation, with and without): keeping versions takes a
 * portfolio of 11 completions over two versions from 113 to 51 µs to read, and its request from
 * 495 to 405 µs. Keeping skills and names as well saved 8 and 5 µs of a request (under 2%, less
 * than the noise of the request), so they are read each time.
 */
export function createPortfolioRepository (db: Db) {
  const sqlite = db.$client
  const id = sql.placeholder('id')
  const stampStmt = db.select({ changes: catalogueChanges.changes }).from(catalogueChanges).where(eq(catalogueChanges.id, 1)).prepare()
  // the valid completions, from the participant index
  const completionsStmt = db.select({
    id: completionTable.id,
    unitId: completionTable.unitId,
    moduleVersionId: completionTable.moduleVersionId,
    completedOn: completionTable.completedOn,
    assessment: completionTable.assessment,
    hostCompany: completionTable.hostCompany,
    workplaceAttestation: completionTable.workplaceAttestation,
    providerId: completionTable.providerId
  }).from(completionTable).where(and(eq(completionTable.participantId, id), isNull(completionTable.voidedAt))).prepare()
  const versionStmt = db.select({
    id: versionTable.id,
    moduleId: versionTable.moduleId,
    version: versionTable.version,
    title: versionTable.title,
    kind: versionTable.kind,
    hours: versionTable.hours,
    providerId: modules.providerId
  }).from(versionTable).innerJoin(modules, eq(modules.id, versionTable.moduleId)).where(eq(versionTable.id, id)).prepare()
  const unitsStmt = db.select({ id: units.id, key: units.key, revision: units.revision, title: units.title }).from(units)
    .where(eq(units.moduleVersionId, id)).orderBy(asc(units.position)).prepare()
  const unitSkillsStmt = db.select({ unitId: unitSkills.unitId, skillId: unitSkills.skillId }).from(unitSkills)
    .innerJoin(units, eq(units.id, unitSkills.unitId)).where(eq(units.moduleVersionId, id)).orderBy(sql`${unitSkills}.rowid`).prepare()
  const skillStmt = db.select({ id: skills.id, name: skills.name, kind: skills.kind, domain: skills.domain, level: skills.level, escoUri: skills.escoUri })
    .from(skills).where(eq(skills.id, id)).prepare()
  const organisationNameStmt = db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, id)).prepare()
  const pathwaysStmt = db.select({ id: pathwayTable.id, name: pathwayTable.name, sector: pathwayTable.sector, requirement: pathwayTable.requirement })
    .from(pathwayTable).prepare()

  let stamp: number | undefined
  const versions = boundedCache<string, PortfolioModuleVersion | null>(1_000)
  let pathways: readonly PortfolioPathway[] | undefined

  /** forgets every cached fact when the catalogue changed since they were read */
  function checkStamp () {
    const now = stampStmt.get()?.changes
    // without the counter row (a damaged database) nothing is kept from one read to the next
    if (now !== undefined && now === stamp) return
    stamp = now
    versions.clear()
    pathways = undefined
  }

  const organisationName = (organisationId: string): string => organisationNameStmt.get({ id: organisationId })?.name ?? ''

  function version (versionId: string): PortfolioModuleVersion | null {
    let facts = versions.get(versionId)
    if (facts !== undefined) return facts
    const row = versionStmt.get({ id: versionId })
    if (row) {
      const skillIdsOf = new Map<string, string[]>()
      for (const link of unitSkillsStmt.all({ id: versionId })) {
        const list = skillIdsOf.get(link.unitId) ?? []
        list.push(link.skillId)
        skillIdsOf.set(link.unitId, list)
      }
      const unitList = unitsStmt.all({ id: versionId }).map((u) => Object.freeze({ ...u, skillIds: Object.freeze(skillIdsOf.get(u.id) ?? []) }))
      facts = Object.freeze({ ...row, providerName: organisationName(row.providerId), units: Object.freeze(unitList) })
    }
    versions.set(versionId, facts ?? null)
    return facts ?? null
  }

  const skill = (skillId: string): PortfolioSkill | undefined => skillStmt.get({ id: skillId })

  function cachedPathways (): readonly PortfolioPathway[] {
    // the stored tree was checked on the way in
    pathways ??= Object.freeze(pathwaysStmt.all().map((p) => Object.freeze({ ...p, requirement: p.requirement as RequirementNode })))
    return pathways
  }

  /**
   * Everything `computePortfolio` needs for one participant, read in one transaction so that the
   * parts agree: the participant's valid completions (void ones never count), the versions they name with all
   * their units and skills, and every development path (`pathways`, when the caller read them
   * already for several participants).
   */
  const readInput = sqlite.transaction((participantId: string, given?: readonly PortfolioPathway[]): PortfolioInput => {
    checkStamp()
    const completions: PortfolioCompletion[] = []
    const moduleVersions: PortfolioModuleVersion[] = []
    const skillList: PortfolioSkill[] = []
    const seenVersions = new Set<string>()
    const seenSkills = new Set<string>()
    for (const row of completionsStmt.all({ id: participantId })) {
      completions.push({
        id: row.id,
        unitId: row.unitId,
        moduleVersionId: row.moduleVersionId,
        completedOn: row.completedOn,
        assessment: row.assessment,
        hostCompany: row.hostCompany,
        workplaceAttestation: row.workplaceAttestation,
        providerId: row.providerId,
        providerName: organisationName(row.providerId),
        // only valid completions are read
        voided: false
      })
      if (seenVersions.has(row.moduleVersionId)) continue
      seenVersions.add(row.moduleVersionId)
      const facts = version(row.moduleVersionId)
      if (!facts) continue
      moduleVersions.push(facts)
      for (const unit of facts.units) {
        for (const skillId of unit.skillIds) {
          if (seenSkills.has(skillId)) continue
          seenSkills.add(skillId)
          const s = skill(skillId)
          if (s) skillList.push(s)
        }
      }
    }
    return { completions, moduleVersions, skills: skillList, pathways: given ?? cachedPathways() }
  })

  return {
    /** every development path */
    readPathways: (): readonly PortfolioPathway[] => sqlite.transaction(() => { checkStamp(); return cachedPathways() }).deferred(),
    readInput: (participantId: string, given?: readonly PortfolioPathway[]): PortfolioInput => readInput.deferred(participantId, given)
  }
}
export type PortfolioRepository = ReturnType<typeof createPortfolioRepository>
