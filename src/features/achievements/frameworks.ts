import { SKILL_DOMAINS } from '../../lib/vocabulary.ts'
import { FRAMEWORKS, frameworkOf, levelsFor, type Framework } from '../catalogue/levels.ts'
import { FRAMEWORK_NAMES, publicUrls } from '../credentials/alignments.ts'
import { moduleAchievementUrl } from '../credentials/documents.ts'
import type { ModuleMention, SkillFacts } from './repository.ts'

/**
 * What the service says about the framework levels, qualifications, work processes and skills
 * that credentials align to: the JSON behind each alignment's `targetUrl`. Pure.
 */

const FRAMEWORK_TEXT: Record<Framework, string> = {
  referentiekader: 'Het Referentiekader taal en rekenen beschrijft wat iemand kan in lezen, schrijven, ' +
    'mondelinge taalvaardigheid en rekenen. 1F is het fundamentele niveau, 2F hoort bij mbo-niveau 2 en 3, ' +
    '3F bij mbo-niveau 4. Instroom ligt onder 1F.',
  cefr: 'Het Europees Referentiekader (ERK, in het Engels CEFR) beschrijft taalvaardigheid van A1 (beginner) tot C2. ' +
    'Voor Nederlands als tweede taal gebruikt Stapsteen de niveaus A1 tot en met B2.',
  'digitale-basisvaardigheden': 'Digitale basisvaardigheden in twee niveaus: basis-1 is het eerste, basis-2 het tweede.',
  digcomp: 'DigComp 2.2 is het Europese kader voor digitale competenties, met acht beheersingsniveaus: ' +
    'van 1 (basis) tot 8 (hooggespecialiseerd).'
}

const DOMAIN_WORDS = { language: 'taal', numeracy: 'rekenen', digital: 'digitaal' } as const

/** Every level of a framework, lowest first, and the skill domains that use it. */
function scaleOf (framework: Framework) {
  const domains = SKILL_DOMAINS.filter((d) => levelsFor(d).some((l) => frameworkOf(d, l) === framework))
  const levels = domains.length > 0 ? levelsFor(domains[0]!).filter((l) => frameworkOf(domains[0]!, l) === framework) : []
  return { domains, levels }
}

const moduleRef = (publicUrl: string, m: ModuleMention) =>
  ({ id: moduleAchievementUrl(publicUrl, m.moduleId, m.version), name: m.title, provider: m.providerName })

/** A level of a basic-skill framework, or undefined when the framework or the level is not one the service knows. */
export function describeFrameworkLevel (publicUrl: string, framework: string, level: string) {
  if (!(FRAMEWORKS as readonly string[]).includes(framework)) return undefined
  const { domains, levels } = scaleOf(framework as Framework)
  const position = levels.indexOf(level)
  if (position === -1) return undefined
  const frameworkName = FRAMEWORK_NAMES[framework] ?? framework
  return {
    id: publicUrls.frameworkLevel(publicUrl, framework, level),
    type: 'FrameworkLevel',
    name: `${frameworkName}: niveau ${level}`,
    description: FRAMEWORK_TEXT[framework as Framework],
    framework,
    frameworkName,
    level,
    /** 1 is the lowest */
    rank: position + 1,
    levels,
    domains: domains.map((d) => DOMAIN_WORDS[d])
  }
}
export type FrameworkLevelDescription = NonNullable<ReturnType<typeof describeFrameworkLevel>>

/** A crebo qualification, as the published modules that lead to it name it; undefined when none does. */
export function describeCrebo (publicUrl: string, crebo: string, modules: readonly ModuleMention[]) {
  if (modules.length === 0) return undefined
  return {
    id: publicUrls.crebo(publicUrl, crebo),
    type: 'Qualification',
    name: `Kwalificatie crebo ${crebo}`,
    description: 'Een mbo-kwalificatie uit de Kwalificatiestructuur mbo, aangeduid met haar crebonummer. ' +
      'De modules hieronder dragen eraan bij.',
    framework: 'Kwalificatiestructuur mbo (crebo)',
    code: crebo,
    modules: modules.map((m) => moduleRef(publicUrl, m))
  }
}

/** A work process of an mbo qualification file, as the published modules that train it name it; undefined when none does. */
export function describeWorkProcess (publicUrl: string, code: string, modules: readonly ModuleMention[]) {
  if (modules.length === 0) return undefined
  return {
    id: publicUrls.workProcess(publicUrl, code),
    type: 'WorkProcess',
    name: `Werkproces ${code}`,
    description: 'Een werkproces uit een kwalificatiedossier van het mbo. De modules hieronder oefenen het.',
    framework: 'Kwalificatiedossier mbo: werkprocessen',
    code,
    modules: modules.map((m) => moduleRef(publicUrl, m))
  }
}
export type ReferenceDescription = NonNullable<ReturnType<typeof describeCrebo>>

/** A skill of the catalogue and the published modules that train it. */
export function describeSkill (publicUrl: string, skill: SkillFacts, modules: readonly ModuleMention[]) {
  const framework = skill.domain && skill.level ? frameworkOf(skill.domain, skill.level) ?? null : null
  return {
    id: publicUrls.skill(publicUrl, skill.id),
    type: skill.kind === 'basic' ? 'BasicSkill' : 'VocationalSkill',
    name: skill.name,
    description: skill.description ?? (skill.kind === 'basic' ? 'Een basisvaardigheid.' : 'Een vakvaardigheid.'),
    kind: skill.kind,
    domain: skill.domain,
    level: skill.level,
    framework,
    frameworkLevel: framework && skill.level ? publicUrls.frameworkLevel(publicUrl, framework, skill.level) : null,
    escoUri: skill.escoUri,
    modules: modules.map((m) => moduleRef(publicUrl, m))
  }
}
export type SkillDescription = ReturnType<typeof describeSkill>
