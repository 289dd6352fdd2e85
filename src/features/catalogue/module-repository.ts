import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { moduleVersions, modules, organisationRegions, unitSkills, units } from '../../db/schema/index.ts'
import { afterCursor, decodeCursor } from '../../lib/pagination.ts'
import { newId } from '../../lib/ids.ts'
import type { DraftScope } from '../../lib/access-policy.ts'
import type { ModuleKind } from '../../lib/vocabulary.ts'
import { assignRevisions, type ActivityRef } from './module-rules.ts'

export type ModuleRow = typeof modules.$inferSelect
export type VersionRow = typeof moduleVersions.$inferSelect
type UnitRow = typeof units.$inferSelect

/** The fields of a version that its author chooses. */
export type VersionValues = Pick<VersionRow,
  'title' | 'description' | 'kind' | 'hours' | 'nlqfLevel' | 'eqfLevel' | 'crebo' | 'workProcess' | 'learningOutcomes'>

export interface UnitValues { key: string, title: string, description: string | null, skillIds: string[] }
export interface UnitRecord extends UnitValues { id: string, revision: number }

/** A module with the version the caller sees as current. */
export interface ModuleListRow extends ModuleRow { current: VersionRow, publishedVersion: number | null }

export interface ModuleFilter {
  scope: DraftScope
  providerId?: string | undefined
  kind?: ModuleKind | undefined
  q?: string | undefined
  limit: number
  cursor?: string | undefined
}

/** SQL that is true for modules whose drafts the scope sees. */
function managedBy (db: Db, scope: DraftScope): SQL {
  switch (scope.kind) {
    case 'all': return sql`1`
    case 'provider': return sql`${modules.providerId} = ${scope.providerId}`
    case 'regions': return scope.regionIds.length === 0
      ? sql`0`
      : sql`${modules.providerId} in ${db.select({ id: organisationRegions.organisationId }).from(organisationRegions)
        .where(inArray(organisationRegions.regionId, scope.regionIds))}`
    case 'none': return sql`0`
  }
}

/**
 * Queries on modules, their versions and units. A version is a row of module_versions; a
 * published one is never updated again. Writes that touch several tables run in one transaction.
 */
export function createModuleRepository (db: Db) {
  const moduleById = db.select().from(modules).where(eq(modules.id, sql.placeholder('id'))).prepare()
  const versionOf = db.select().from(moduleVersions)
    .where(and(eq(moduleVersions.moduleId, sql.placeholder('moduleId')), eq(moduleVersions.version, sql.placeholder('version')))).prepare()
  const newestOf = db.select().from(moduleVersions)
    .where(and(eq(moduleVersions.moduleId, sql.placeholder('moduleId')),
      sql`(${moduleVersions.status} = 'published' or ${sql.placeholder('drafts')} = 1)`))
    .orderBy(desc(moduleVersions.version)).limit(1).prepare()
  const publishedOf = db.select({ version: sql<number | null>`max(${moduleVersions.version})` }).from(moduleVersions)
    .where(and(eq(moduleVersions.moduleId, sql.placeholder('moduleId')), eq(moduleVersions.status, 'published'))).prepare()
  const unitById = db.select({ unit: units, version: moduleVersions, providerId: modules.providerId }).from(units)
    .innerJoin(moduleVersions, eq(moduleVersions.id, units.moduleVersionId))
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .where(eq(units.id, sql.placeholder('id'))).prepare()
  const unitByKey = db.select({ unit: units, version: moduleVersions, providerId: modules.providerId }).from(units)
    .innerJoin(moduleVersions, eq(moduleVersions.id, units.moduleVersionId))
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .where(and(eq(moduleVersions.moduleId, sql.placeholder('moduleId')), eq(moduleVersions.version, sql.placeholder('version')),
      eq(units.key, sql.placeholder('key')))).prepare()
  // the unit of an identity in the newest version that holds it, published versions first
  const unitByIdentity = db.select({ unit: units, version: moduleVersions, providerId: modules.providerId }).from(units)
    .innerJoin(moduleVersions, eq(moduleVersions.id, units.moduleVersionId))
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .where(and(eq(moduleVersions.moduleId, sql.placeholder('moduleId')), eq(units.key, sql.placeholder('key')),
      eq(units.revision, sql.placeholder('revision'))))
    .orderBy(sql`${moduleVersions.status} = 'published' desc`, desc(moduleVersions.version)).limit(1).prepare()
  const publishedWithIdentity = db.select({
    version: moduleVersions.version, moduleTitle: moduleVersions.title, publishedAt: moduleVersions.publishedAt, unitId: units.id, title: units.title
  }).from(units).innerJoin(moduleVersions, eq(moduleVersions.id, units.moduleVersionId))
    .where(and(eq(moduleVersions.moduleId, sql.placeholder('moduleId')), eq(moduleVersions.status, 'published'),
      eq(units.key, sql.placeholder('key')), eq(units.revision, sql.placeholder('revision'))))
    .orderBy(asc(moduleVersions.version)).prepare()
  const skillsOfUnit = db.select({ skillId: unitSkills.skillId }).from(unitSkills)
    .where(eq(unitSkills.unitId, sql.placeholder('unitId'))).orderBy(sql`rowid`).prepare()

  /** stores the units of a version, each with its revision among the module's other versions */
  const insertUnits = (version: { id: string, moduleId: string }, list: readonly UnitValues[]) => {
    if (list.length === 0) return
    const others = db.select({ id: moduleVersions.id }).from(moduleVersions)
      .where(and(eq(moduleVersions.moduleId, version.moduleId), sql`${moduleVersions.id} <> ${version.id}`)).all()
    const revisions = assignRevisions([...unitsOf(others.map((v) => v.id)).values()].flat(), list)
    const moduleVersionId = version.id
    const rows = list.map((u, position) => ({
      id: newId('unt'), moduleVersionId, key: u.key, revision: revisions[position]!, title: u.title, description: u.description, position
    }))
    db.insert(units).values(rows).run()
    const links = rows.flatMap((row, i) => list[i]!.skillIds.map((skillId) => ({ unitId: row.id, skillId })))
    db.insert(unitSkills).values(links).run()
  }
  const deleteUnits = (moduleVersionId: string) => {
    const ids = db.select({ id: units.id }).from(units).where(eq(units.moduleVersionId, moduleVersionId))
    db.delete(unitSkills).where(inArray(unitSkills.unitId, ids)).run()
    db.delete(units).where(eq(units.moduleVersionId, moduleVersionId)).run()
  }
  const withSkills = (unit: UnitRow) => ({ unit, skillIds: skillsOfUnit.all({ unitId: unit.id }).map((r) => r.skillId) })

  /** The units of each version, in order, with their skill ids in the order they were given. */
  const unitsOf = (versionIds: readonly string[]): Map<string, UnitRecord[]> => {
    const out = new Map<string, UnitRecord[]>(versionIds.map((id) => [id, []]))
    if (versionIds.length === 0) return out
    const unitRows = db.select().from(units).where(inArray(units.moduleVersionId, [...versionIds]))
      .orderBy(asc(units.moduleVersionId), asc(units.position)).all()
    const skillMap = new Map<string, string[]>(unitRows.map((u) => [u.id, []]))
    if (unitRows.length > 0) {
      const links = db.select({ unitId: unitSkills.unitId, skillId: unitSkills.skillId }).from(unitSkills)
        .where(inArray(unitSkills.unitId, unitRows.map((u) => u.id))).orderBy(sql`rowid`).all()
      for (const link of links) skillMap.get(link.unitId)!.push(link.skillId)
    }
    for (const u of unitRows) {
      out.get(u.moduleVersionId)!.push({
        id: u.id, key: u.key, revision: u.revision, title: u.title, description: u.description, skillIds: skillMap.get(u.id)!
      })
    }
    return out
  }

  return {
    findModule: (id: string) => moduleById.get({ id }),
    /** case-insensitive, so that `VWM-01` and `vwm-01` are not two modules */
    findByCode: (providerId: string, code: string) =>
      db.select().from(modules).where(and(eq(modules.providerId, providerId), sql`lower(${modules.code}) = lower(${code})`)).get(),
    findVersion: (moduleId: string, version: number) => versionOf.get({ moduleId, version }),
    /** the newest version, or the newest published one when `drafts` is false */
    findNewestVersion: (moduleId: string, drafts: boolean) => newestOf.get({ moduleId, drafts: drafts ? 1 : 0 }),
    publishedVersionOf: (moduleId: string): number | null => publishedOf.get({ moduleId })?.version ?? null,
    unitsOf,
    /** a unit by id, with its version and the module's provider */
    findUnitById: (id: string) => {
      const row = unitById.get({ id })
      return row ? { ...row, ...withSkills(row.unit) } : undefined
    },
    /**
     * The unit an xAPI activity IRI names (see parseActivityId in module-rules.ts): of its
     * identity, the one in the newest published version (the newest draft when none is
     * published). An IRI naming a version finds the unit's identity through that version.
     */
    findUnitByActivity: (ref: ActivityRef) => {
      let identity: { key: string, revision: number } | undefined = 'revision' in ref ? ref : undefined
      if ('version' in ref) identity = unitByKey.get(ref)?.unit
      const row = identity && unitByIdentity.get({ moduleId: ref.moduleId, key: identity.key, revision: identity.revision })
      return row ? { ...row, ...withSkills(row.unit) } : undefined
    },
    /** the published versions that hold a unit identity, oldest first, with the unit's id and title in each */
    publishedWithIdentity: (moduleId: string, key: string, revision: number) => publishedWithIdentity.all({ moduleId, key, revision }),

    /** a page of modules in creation order, each with the version the scope sees as current */
    list: (filter: ModuleFilter): ModuleListRow[] => {
      const managed = managedBy(db, filter.scope)
      const current = sql`(select max(v2.version) from module_versions v2 where v2.module_id = ${modules.id}
        and (v2.status = 'published' or ${managed}))`
      const rows = db.select({
        module: modules,
        current: moduleVersions,
        publishedVersion: sql<number | null>`(select max(v3.version) from module_versions v3 where v3.module_id = ${modules.id} and v3.status = 'published')`
      }).from(modules).innerJoin(moduleVersions, eq(moduleVersions.moduleId, modules.id))
        .where(and(
          eq(moduleVersions.version, current),
          filter.providerId ? eq(modules.providerId, filter.providerId) : undefined,
          filter.kind ? eq(moduleVersions.kind, filter.kind) : undefined,
          filter.q
            ? sql`(instr(lower(${moduleVersions.title}), lower(${filter.q})) > 0 or instr(lower(${modules.code}), lower(${filter.q})) > 0)`
            : undefined,
          afterCursor(filter.cursor, modules.createdAt, modules.id)))
        .orderBy(asc(modules.createdAt), asc(modules.id)).limit(filter.limit + 1).all()
      return rows.map((r) => ({ ...r.module, current: r.current, publishedVersion: r.publishedVersion }))
    },
    /** versions in order, only published ones unless `drafts`; the cursor is the last version given */
    listVersions: (moduleId: string, drafts: boolean, limit: number, cursor?: string): VersionRow[] => {
      const after = cursor ? decodeCursor(cursor) : undefined
      return db.select().from(moduleVersions)
        .where(and(
          eq(moduleVersions.moduleId, moduleId),
          drafts ? undefined : eq(moduleVersions.status, 'published'),
          after ? sql`${moduleVersions.version} > (select v2.version from module_versions v2 where v2.id = ${after.id})` : undefined))
        .orderBy(asc(moduleVersions.version)).limit(limit + 1).all()
    },

    /** a new module with version 1 as a draft */
    create: (module: ModuleRow, values: VersionValues, unitList: readonly UnitValues[]) => db.transaction(() => {
      db.insert(modules).values(module).run()
      const at = module.createdAt
      const version = db.insert(moduleVersions).values({
        id: newId('mvr'), moduleId: module.id, version: 1, status: 'draft', ...values, createdAt: at, updatedAt: at, publishedAt: null
      }).returning().get()
      insertUnits(version, unitList)
      return version
    }),
    /** changes a draft in place; `unitList` replaces every unit when given */
    updateDraft: (draft: VersionRow, values: VersionValues, unitList: readonly UnitValues[] | undefined, at: string) => db.transaction(() => {
      if (draft.status !== 'draft') throw new Error(`version ${draft.id} is published and never changes`)
      const row = db.update(moduleVersions).set({ ...values, updatedAt: at }).where(eq(moduleVersions.id, draft.id)).returning().get()
      if (unitList) {
        deleteUnits(draft.id)
        insertUnits(draft, unitList)
      }
      return row!
    }),
    /** a new draft version after `previous`, with these values and units */
    addDraft: (previous: VersionRow, values: VersionValues, unitList: readonly UnitValues[], at: string) => db.transaction(() => {
      const row = db.insert(moduleVersions).values({
        id: newId('mvr'), moduleId: previous.moduleId, version: previous.version + 1, status: 'draft', ...values, createdAt: at, updatedAt: at, publishedAt: null
      }).returning().get()
      insertUnits(row, unitList)
      return row
    }),
    publish: (draft: VersionRow, at: string) => db.update(moduleVersions).set({ status: 'published', publishedAt: at, updatedAt: at })
      .where(and(eq(moduleVersions.id, draft.id), eq(moduleVersions.status, 'draft'))).returning().get()
  }
}
export type ModuleRepository = ReturnType<typeof createModuleRepository>
