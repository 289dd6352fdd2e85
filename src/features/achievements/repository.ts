import type { Db } from '../../db/client.ts'

export interface ModuleMention { moduleId: string, version: number, title: string, providerName: string }
export interface SkillFacts {
  id: string
  name: string
  kind: 'vocational' | 'basic'
  domain: 'language' | 'numeracy' | 'digital' | null
  level: string | null
  escoUri: string | null
  description: string | null
}

const MENTIONS = `select distinct v.module_id as moduleId, v.version, v.title, o.name as providerName
  from module_versions v join modules m on m.id = v.module_id join organisations o on o.id = m.provider_id`
const MENTION_ORDER = 'order by v.title, v.module_id, v.version'

/** The public facts behind achievement and framework pages: published versions only, queries only. */
export function createAchievementRepository (db: Db) {
  const client = db.$client
  const versionIdStmt = client.prepare<[string, number], string>(
    'select id from module_versions where module_id = ? and version = ? and status = \'published\'').pluck()
  const pathwayStmt = client.prepare<[string], { id: string, name: string, sector: string, description: string | null }>(
    'select id, name, sector, description from pathways where id = ?')
  const skillStmt = client.prepare<[string], SkillFacts>(
    'select id, name, kind, domain, level, esco_uri as escoUri, description from skills where id = ?')
  const byCreboStmt = client.prepare<[string], ModuleMention>(`${MENTIONS} where v.status = 'published' and v.crebo = ? ${MENTION_ORDER}`)
  const byWorkProcessStmt = client.prepare<[string], ModuleMention>(`${MENTIONS} where v.status = 'published' and v.work_process = ? ${MENTION_ORDER}`)
  const bySkillStmt = client.prepare<[string], ModuleMention>(`${MENTIONS} join units u on u.module_version_id = v.id
    join unit_skills us on us.unit_id = u.id where v.status = 'published' and us.skill_id = ? ${MENTION_ORDER}`)

  return {
    /** the id of a published version of the module, undefined for a draft or an unknown one */
    publishedVersionId: (moduleId: string, version: number) => versionIdStmt.get(moduleId, version),
    findPathway: (id: string) => pathwayStmt.get(id),
    findSkill: (id: string) => skillStmt.get(id),
    /** published versions that lead to the crebo qualification */
    modulesWithCrebo: (crebo: string) => byCreboStmt.all(crebo),
    /** published versions that train the work process */
    modulesWithWorkProcess: (code: string) => byWorkProcessStmt.all(code),
    /** published versions with a unit that trains the skill */
    modulesWithSkill: (skillId: string) => bySkillStmt.all(skillId)
  }
}
export type AchievementRepository = ReturnType<typeof createAchievementRepository>
