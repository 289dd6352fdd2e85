import { sqliteTable, text, integer, real, primaryKey, index, unique } from 'drizzle-orm/sqlite-core'
import { organisations } from './access.ts'
import { MODULE_KINDS, SKILL_DOMAINS, SKILL_KINDS, VERSION_STATUSES } from '../../lib/vocabulary.ts'

export const skills = sqliteTable('skills', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: SKILL_KINDS }).notNull(),
  /** basic skills only */
  domain: text('domain', { enum: SKILL_DOMAINS }),
  /** framework level: 1F/2F…, CEFR A1…, basis-1/basis-2 or digcomp-1… */
  level: text('level'),
  escoUri: text('esco_uri'),
  description: text('description'),
  createdAt: text('created_at').notNull()
})

export const modules = sqliteTable('modules', {
  id: text('id').primaryKey(),
  providerId: text('provider_id').notNull().references(() => organisations.id),
  /** the provider's own code for the module, unique per provider */
  code: text('code').notNull(),
  createdAt: text('created_at').notNull()
}, (t) => [unique('modules_provider_code_uq').on(t.providerId, t.code)])

export const moduleVersions = sqliteTable('module_versions', {
  id: text('id').primaryKey(),
  moduleId: text('module_id').notNull().references(() => modules.id),
  version: integer('version').notNull(),
  status: text('status', { enum: VERSION_STATUSES }).notNull(),
  title: text('title').notNull(),
  description: text('description'),
  kind: text('kind', { enum: MODULE_KINDS }).notNull(),
  hours: real('hours').notNull(),
  nlqfLevel: text('nlqf_level'),
  eqfLevel: integer('eqf_level'),
  crebo: text('crebo'),
  workProcess: text('work_process'),
  learningOutcomes: text('learning_outcomes', { mode: 'json' }).$type<string[]>().notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  publishedAt: text('published_at')
}, (t) => [unique('module_versions_module_version_uq').on(t.moduleId, t.version)])

export const units = sqliteTable('units', {
  id: text('id').primaryKey(),
  moduleVersionId: text('module_version_id').notNull().references(() => moduleVersions.id),
  key: text('key').notNull(),
  /**
   * With the module and the key, the unit's identity across versions: a unit keeps its revision
   * while its skills stay the same, and a new revision starts when they change (see
   * `assignRevisions` in features/catalogue/module-rules.ts). Completions count per identity.
   */
  revision: integer('revision').notNull().default(1),
  title: text('title').notNull(),
  description: text('description'),
  position: integer('position').notNull()
}, (t) => [unique('units_version_key_uq').on(t.moduleVersionId, t.key)])

export const unitSkills = sqliteTable('unit_skills', {
  unitId: text('unit_id').notNull().references(() => units.id),
  skillId: text('skill_id').notNull().references(() => skills.id)
}, (t) => [primaryKey({ columns: [t.unitId, t.skillId] }), index('unit_skills_skill_idx').on(t.skillId)])

export const pathways = sqliteTable('pathways', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  sector: text('sector').notNull(),
  description: text('description'),
  /** the requirement tree, as posted (see features/pathways/requirements.ts) */
  requirement: text('requirement', { mode: 'json' }).notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull()
})

/**
 * One row counting changes to the catalogue (organisations, skills, modules, versions, units and
 * development paths), bumped by triggers (migration 0004): readers keep catalogue facts in memory
 * and learn with one read, from any process, when to read them again. A migration that rebuilds
 * one of those tables drops its triggers: it must create them again (a test checks they exist).
 */
export const catalogueChanges = sqliteTable('catalogue_changes', {
  id: integer('id').primaryKey(),
  changes: integer('changes').notNull()
})
