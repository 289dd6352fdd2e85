import { frameworkOf } from '../catalogue/levels.ts'

/**
 * The public pages that credentials' alignments point to (served by src/features/achievements):
 * one builder each, so what a credential names and what the page calls itself stay the same.
 */
export const publicUrls = {
  frameworkLevel: (publicUrl: string, framework: string, level: string) => `${publicUrl}/frameworks/${framework}/${encodeURIComponent(level)}`,
  crebo: (publicUrl: string, crebo: string) => `${publicUrl}/frameworks/crebo/${encodeURIComponent(crebo)}`,
  workProcess: (publicUrl: string, code: string) => `${publicUrl}/frameworks/werkprocessen/${encodeURIComponent(code)}`,
  skill: (publicUrl: string, skillId: string) => `${publicUrl}/skills/${encodeURIComponent(skillId)}`
}

/** Alignments that place an achievement in the Dutch and European frameworks. */

export interface Alignment {
  type: ['Alignment']
  targetName: string
  targetUrl: string
  targetFramework?: string
  targetCode?: string
  targetType?: string
  targetDescription?: string
}

export interface AlignedSkill {
  id: string
  name: string
  kind: 'vocational' | 'basic'
  domain: 'language' | 'numeracy' | 'digital' | null
  level: string | null
  framework: string | null
  escoUri: string | null
}

export const FRAMEWORK_NAMES: Record<string, string> = {
  referentiekader: 'Referentiekader taal en rekenen',
  cefr: 'Europees Referentiekader (ERK/CEFR), Nederlands als tweede taal',
  'digitale-basisvaardigheden': 'Digitale basisvaardigheden',
  digcomp: 'DigComp 2.2'
}

/** A catalogue skill with the framework its level comes from, as alignments name it. */
export const alignedSkill = (skill: Omit<AlignedSkill, 'framework'>): AlignedSkill =>
  ({ ...skill, framework: skill.domain && skill.level ? frameworkOf(skill.domain, skill.level) ?? null : null })

/**
 * One alignment per skill: a basic skill names its framework and level (1F, A2, basis-1…), a
 * skill with an ESCO URI points there. Framework levels without a public URI of their own get an
 * IRI under the service's `/frameworks/` path, so that each level is one stable identifier.
 */
export function skillAlignment (skill: AlignedSkill, publicUrl: string): Alignment {
  if (skill.kind === 'basic' && skill.framework && skill.level) {
    return {
      type: ['Alignment'],
      targetName: skill.name,
      targetUrl: skill.escoUri ?? publicUrls.frameworkLevel(publicUrl, skill.framework, skill.level),
      targetFramework: FRAMEWORK_NAMES[skill.framework] ?? skill.framework,
      targetCode: skill.level,
      targetType: 'ext:BasicSkillLevel',
      targetDescription: `Basisvaardigheid ${skill.domain === 'language' ? 'taal' : skill.domain === 'numeracy' ? 'rekenen' : 'digitaal'} op niveau ${skill.level}`
    }
  }
  return skill.escoUri
    ? { type: ['Alignment'], targetName: skill.name, targetUrl: skill.escoUri, targetFramework: 'ESCO', targetType: 'ceasn:Competency' }
    : { type: ['Alignment'], targetName: skill.name, targetUrl: publicUrls.skill(publicUrl, skill.id), targetType: 'ext:VocationalSkill' }
}

/** NLQF and EQF level, crebo qualification and work process, where the module gives them. */
export function moduleAlignments (module: { nlqfLevel: string | null, eqfLevel: number | null, crebo: string | null, workProcess: string | null }, publicUrl: string): Alignment[] {
  const out: Alignment[] = []
  if (module.nlqfLevel) {
    out.push({ type: ['Alignment'], targetName: `NLQF niveau ${module.nlqfLevel}`, targetUrl: 'https://www.nlqf.nl/nlqf-niveaus', targetFramework: 'NLQF', targetCode: module.nlqfLevel, targetType: 'ext:QualificationLevel' })
  }
  if (module.eqfLevel) {
    out.push({ type: ['Alignment'], targetName: `EQF level ${module.eqfLevel}`, targetUrl: 'https://europass.europa.eu/en/description-eight-eqf-levels', targetFramework: 'EQF', targetCode: String(module.eqfLevel), targetType: 'ext:QualificationLevel' })
  }
  if (module.crebo) {
    out.push({ type: ['Alignment'], targetName: `Kwalificatie crebo ${module.crebo}`, targetUrl: publicUrls.crebo(publicUrl, module.crebo), targetFramework: 'Kwalificatiestructuur mbo (crebo)', targetCode: module.crebo, targetType: 'ceterms:Credential' })
  }
  if (module.workProcess) {
    out.push({ type: ['Alignment'], targetName: `Werkproces ${module.workProcess}`, targetUrl: publicUrls.workProcess(publicUrl, module.workProcess), targetFramework: 'Kwalificatiedossier mbo: werkprocessen', targetCode: module.workProcess, targetType: 'ext:WorkProcess' })
  }
  return out
}
