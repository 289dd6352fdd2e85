/**
 * Basic-skill levels (basisvaardigheden) and the frameworks they come from. Pure: no Fastify, no
 * database, so progress on development paths and credential alignments can use it directly.
 */

import { SKILL_DOMAINS, type SkillDomain } from '../../lib/vocabulary.ts'

export const FRAMEWORKS = ['referentiekader', 'cefr', 'digitale-basisvaardigheden', 'digcomp'] as const
export type Framework = typeof FRAMEWORKS[number]

interface Scale {
  framework: Framework
  /** lowest first */
  levels: readonly string[]
}

/** Referentiekader taal en rekenen; `instroom` is the entry level below 1F. */
const REFERENTIEKADER: Scale = { framework: 'referentiekader', levels: ['instroom', '1F', '2F', '3F'] }
/** Dutch as a second language (NT2) is described on the CEFR scale. */
const CEFR: Scale = { framework: 'cefr', levels: ['A1', 'A2', 'B1', 'B2'] }
const DIGITALE_BASISVAARDIGHEDEN: Scale = { framework: 'digitale-basisvaardigheden', levels: ['basis-1', 'basis-2'] }
/** DigComp 2.2 proficiency levels 1 (foundation) to 8 (highly specialised). */
const DIGCOMP: Scale = { framework: 'digcomp', levels: ['1', '2', '3', '4', '5', '6', '7', '8'].map((n) => `digcomp-${n}`) }

const SCALES: Record<SkillDomain, readonly Scale[]> = {
  language: [REFERENTIEKADER, CEFR],
  numeracy: [REFERENTIEKADER],
  digital: [DIGITALE_BASISVAARDIGHEDEN, DIGCOMP]
}

function scaleOf (domain: SkillDomain, level: string): Scale | undefined {
  return SCALES[domain].find((s) => s.levels.includes(level))
}

/** Every level a skill of `domain` may have, lowest first within each framework. */
export function levelsFor (domain: SkillDomain): string[] {
  return SCALES[domain].flatMap((s) => s.levels)
}

/** The framework that defines `level` in `domain`, or undefined when the level does not fit the domain. */
export function frameworkOf (domain: SkillDomain, level: string): Framework | undefined {
  return scaleOf(domain, level)?.framework
}

/**
 * The position of `level` on its own framework's scale (0 = lowest), or undefined when the level
 * does not fit the domain. Ranks are comparable only between levels of the same framework.
 */
export function levelRank (domain: SkillDomain, level: string): number | undefined {
  const scale = scaleOf(domain, level)
  return scale ? scale.levels.indexOf(level) : undefined
}

/**
 * Orders two levels of one domain: negative when `a` is lower than `b`, 0 when equal, positive when
 * higher. Returns null when they cannot be compared: different frameworks (1F against CEFR A2, or
 * basis-2 against digcomp-3) or a level that does not fit the domain. `instroom` sits below 1F.
 */
export function compareLevels (domain: SkillDomain, a: string, b: string): number | null {
  const scaleA = scaleOf(domain, a)
  if (!scaleA || scaleA !== scaleOf(domain, b)) return null
  return scaleA.levels.indexOf(a) - scaleA.levels.indexOf(b)
}

/** True when `reached` is `required` or higher on the same framework; false when not comparable. */
export function meetsLevel (domain: SkillDomain, reached: string, required: string): boolean {
  const order = compareLevels(domain, reached, required)
  return order !== null && order >= 0
}

/**
 * The highest of `levels` on `framework`, ignoring levels of other frameworks or that do not fit
 * the domain; undefined when none is on that framework.
 */
export function highestLevel (domain: SkillDomain, framework: Framework, levels: readonly string[]): string | undefined {
  let best: string | undefined
  for (const level of levels) {
    if (frameworkOf(domain, level) !== framework) continue
    if (best === undefined || compareLevels(domain, level, best)! > 0) best = level
  }
  return best
}

export interface LevelIssue {
  pointer: '#/domain' | '#/level'
  code: 'domain-required' | 'level-required' | 'invalid-level' | 'not-for-vocational'
  detail: string
}

/**
 * Checks the domain and level of a skill: a basic skill needs both, and the level must belong to
 * the domain; a vocational skill has neither. Returns every issue found, in field order.
 */
export function checkSkillLevel (kind: 'vocational' | 'basic', domain: SkillDomain | null | undefined, level: string | null | undefined): LevelIssue[] {
  const issues: LevelIssue[] = []
  if (kind === 'vocational') {
    if (domain != null) issues.push({ pointer: '#/domain', code: 'not-for-vocational', detail: 'a vocational skill has no basic-skill domain' })
    if (level != null) issues.push({ pointer: '#/level', code: 'not-for-vocational', detail: 'a vocational skill has no framework level' })
    return issues
  }
  if (domain == null) issues.push({ pointer: '#/domain', code: 'domain-required', detail: `a basic skill needs a domain: one of ${SKILL_DOMAINS.join(', ')}` })
  if (level == null) {
    issues.push({ pointer: '#/level', code: 'level-required', detail: 'a basic skill needs a framework level' })
  } else if (domain != null && frameworkOf(domain, level) === undefined) {
    issues.push({ pointer: '#/level', code: 'invalid-level', detail: `level ${level} does not fit domain ${domain}; allowed: ${levelsFor(domain).join(', ')}` })
  }
  return issues
}
