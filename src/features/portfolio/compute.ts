/*
 * The combined portfolio of one participant: vocational and basic skills with their evidence,
 * modules done and in progress, and the development paths. Pure: no Fastify, no database.
 */
import type { HostCompany, WorkplaceAttestation } from '../../db/schema/participants.ts'
import { SKILL_DOMAINS, type ModuleKind, type SkillDomain } from '../../lib/vocabulary.ts'
import { FRAMEWORKS, frameworkOf, highestLevel, meetsLevel, type Framework } from '../catalogue/levels.ts'
import { unitIdentityOf } from '../catalogue/module-rules.ts'
import { evaluateRequirement, type EvaluatedNode, type ProgressFacts } from '../pathways/progress.ts'
import type { RequirementNode } from '../pathways/requirements.ts'

export type Assessment = 'test' | 'workplace' | 'portfolio' | 'observation'

export interface PortfolioCompletion {
  id: string
  unitId: string
  /** the version the completion names; it must be the version the unit belongs to */
  moduleVersionId: string
  completedOn: string
  assessment: Assessment
  hostCompany: HostCompany | null
  workplaceAttestation: WorkplaceAttestation | null
  providerId: string
  providerName: string
  voided: boolean
}

/** A unit of a version; with the module, `key` and `revision` are its identity across versions. */
export interface PortfolioUnit { id: string, key: string, revision: number, title: string, skillIds: readonly string[] }

export interface PortfolioModuleVersion {
  id: string
  moduleId: string
  version: number
  title: string
  kind: ModuleKind
  hours: number
  /** the provider that offers the module */
  providerId: string
  providerName: string
  /** every unit of the version, in order */
  units: readonly PortfolioUnit[]
}

export interface PortfolioSkill {
  id: string
  name: string
  kind: 'vocational' | 'basic'
  domain: SkillDomain | null
  level: string | null
  escoUri: string | null
}

export interface PortfolioPathway { id: string, name: string, sector: string, requirement: RequirementNode }

export interface PortfolioInput {
  /** the completions of the participant; void ones may be left out, as they never count */
  completions: readonly PortfolioCompletion[]
  /** at least the versions the completions name */
  moduleVersions: readonly PortfolioModuleVersion[]
  /** at least the skills the units of those versions map to */
  skills: readonly PortfolioSkill[]
  /** every development path, so that references between paths resolve */
  pathways: readonly PortfolioPathway[]
}

export interface Evidence {
  completionId: string
  unitId: string
  unitKey: string
  unitTitle: string
  moduleId: string
  moduleVersion: number
  moduleTitle: string
  providerId: string
  providerName: string
  completedOn: string
  assessment: Assessment
  /** learned and assessed at work (praktijkleren) */
  workplaceLearning: boolean
  hostCompany: HostCompany | null
  workplaceAttestation: WorkplaceAttestation | null
}

export interface HeldSkill { skillId: string, name: string, evidence: Evidence[] }
export interface BasicSkillGroup {
  domain: SkillDomain
  framework: Framework
  highestLevel: string
  skills: Array<HeldSkill & { level: string }>
}
export interface ModuleProgress {
  moduleId: string
  version: number
  title: string
  kind: ModuleKind
  hours: number
  providerId: string
  providerName: string
  status: 'complete' | 'in-progress'
  unitsDone: number
  unitsTotal: number
  remaining: Array<{ unitId: string, key: string, title: string }>
  completedOn: string | null
}
export interface PathwayProgress {
  pathwayId: string
  name: string
  sector: string
  met: boolean
  progress: number
  requirement: EvaluatedNode
}
export interface Portfolio {
  basicSkills: BasicSkillGroup[]
  vocationalSkills: Array<HeldSkill & { escoUri: string | null }>
  modules: ModuleProgress[]
  pathways: PathwayProgress[]
  summary: { modulesComplete: number, modulesInProgress: number, unitsDone: number, hoursCompleted: number }
}

const identityOf = (version: { moduleId: string }, unit: { key: string, revision: number }) => unitIdentityOf(version.moduleId, unit.key, unit.revision)

const collator = new Intl.Collator('nl')
const byText = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)
const byName = (a: { name: string, skillId: string }, b: { name: string, skillId: string }) =>
  byText(a.name, b.name) || byText(a.skillId, b.skillId)

/**
 * Computes the combined portfolio of one participant from plain data. Nothing is stored: the
 * same input always gives the same output, in the same order.
 *
 * Rules a reviewer must trust:
 * - a voided completion never counts: it is no evidence and does not make a unit done; a
 *   completion whose unit does not belong to the version it names is ignored too;
 * - a skill is held when a unit mapped to it has a counted completion; its evidence is every
 *   such completion, by `completedOn` then completion id (a unit done twice gives two);
 * - a unit is done when a counted completion names a unit with the same identity (module, key
 *   and revision) in any version: a new version that keeps a unit keeps its completions;
 * - progress is one entry per module: of the versions that counted completions name, the
 *   newest complete one (every unit done), else the newest one. `completedOn` is then the
 *   day the last of its units was first done; `unitsDone` counts its done units, never more than
 *   it has. The summary's `unitsDone` counts done identities, not completions;
 * - basic skills are grouped per domain and framework (1F and CEFR A2 are two groups, since their
 *   levels cannot be compared), each with its highest level;
 * - development paths are evaluated with `evaluateRequirement`: a `module` node is met when any
 *   version of the module is complete, a `level` node when a held basic skill of that domain
 *   meets the level (`meetsLevel`), a `skill` node when the skill is held.
 *
 * Ordering: basic-skill groups by domain (language, numeracy, digital) then framework; skills by
 * name; modules by title, then version; paths by name.
 */
export function computePortfolio (input: PortfolioInput): Portfolio {
  const unitIndex = new Map<string, { unit: PortfolioUnit, version: PortfolioModuleVersion }>()
  for (const version of input.moduleVersions) {
    for (const unit of version.units) unitIndex.set(unit.id, { unit, version })
  }
  const counted = input.completions
    .filter((c) => !c.voided && unitIndex.get(c.unitId)?.version.id === c.moduleVersionId)
    .sort((a, b) => byText(a.completedOn, b.completedOn) || byText(a.id, b.id))

  /** unit identity → the day it was first done */
  const firstDone = new Map<string, string>()
  const evidenceOf = new Map<string, Evidence[]>()
  for (const c of counted) {
    const { unit, version } = unitIndex.get(c.unitId)!
    const identity = identityOf(version, unit)
    if (!firstDone.has(identity)) firstDone.set(identity, c.completedOn)
    const evidence: Evidence = {
      completionId: c.id,
      unitId: unit.id,
      unitKey: unit.key,
      unitTitle: unit.title,
      moduleId: version.moduleId,
      moduleVersion: version.version,
      moduleTitle: version.title,
      providerId: c.providerId,
      providerName: c.providerName,
      completedOn: c.completedOn,
      assessment: c.assessment,
      workplaceLearning: c.assessment === 'workplace',
      hostCompany: c.hostCompany,
      workplaceAttestation: c.workplaceAttestation
    }
    for (const skillId of unit.skillIds) {
      const list = evidenceOf.get(skillId) ?? []
      list.push(evidence)
      evidenceOf.set(skillId, list)
    }
  }

  const isComplete = (v: PortfolioModuleVersion) => v.units.every((u) => firstDone.has(identityOf(v, u)))

  const held = input.skills.filter((s) => evidenceOf.has(s.id))
  const heldSkill = (s: PortfolioSkill): HeldSkill => ({ skillId: s.id, name: s.name, evidence: evidenceOf.get(s.id)! })

  const groups = new Map<string, BasicSkillGroup>()
  const heldLevels: Array<{ domain: SkillDomain, level: string }> = []
  for (const s of held) {
    if (s.kind !== 'basic' || !s.domain || !s.level) continue
    const framework = frameworkOf(s.domain, s.level)
    // the catalogue refuses levels outside their domain, so this only guards old or odd rows
    if (!framework) continue
    heldLevels.push({ domain: s.domain, level: s.level })
    const key = `${s.domain}/${framework}`
    const group = groups.get(key) ?? { domain: s.domain, framework, highestLevel: s.level, skills: [] }
    group.skills.push({ ...heldSkill(s), level: s.level })
    groups.set(key, group)
  }
  const basicSkills = [...groups.values()]
    .map((g) => ({ ...g, highestLevel: highestLevel(g.domain, g.framework, g.skills.map((s) => s.level))!, skills: g.skills.sort(byName) }))
    .sort((a, b) => SKILL_DOMAINS.indexOf(a.domain) - SKILL_DOMAINS.indexOf(b.domain) ||
      FRAMEWORKS.indexOf(a.framework) - FRAMEWORKS.indexOf(b.framework))

  const vocationalSkills = held.filter((s) => s.kind === 'vocational')
    .map((s) => ({ ...heldSkill(s), escoUri: s.escoUri }))
    .sort(byName)

  const shown = new Map<string, PortfolioModuleVersion>()
  const named = new Set(counted.map((c) => c.moduleVersionId))
  for (const v of input.moduleVersions) {
    if (!named.has(v.id)) continue
    const other = shown.get(v.moduleId)
    const better = !other || (isComplete(v) === isComplete(other) ? v.version > other.version : isComplete(v))
    if (better) shown.set(v.moduleId, v)
  }
  const modules: ModuleProgress[] = [...shown.values()]
    .map((v) => {
      const done = v.units.filter((u) => firstDone.has(identityOf(v, u)))
      const complete = done.length === v.units.length
      return {
        moduleId: v.moduleId,
        version: v.version,
        title: v.title,
        kind: v.kind,
        hours: v.hours,
        providerId: v.providerId,
        providerName: v.providerName,
        status: complete ? 'complete' as const : 'in-progress' as const,
        unitsDone: done.length,
        unitsTotal: v.units.length,
        remaining: v.units.filter((u) => !firstDone.has(identityOf(v, u))).map((u) => ({ unitId: u.id, key: u.key, title: u.title })),
        completedOn: complete ? done.map((u) => firstDone.get(identityOf(v, u))!).sort(byText).at(-1)! : null
      }
    })
    .sort((a, b) => byText(a.title, b.title) || a.version - b.version || byText(a.moduleId, b.moduleId))

  const complete = modules.filter((m) => m.status === 'complete')
  const requirements = new Map(input.pathways.map((p) => [p.id, p.requirement]))
  const facts: ProgressFacts = {
    completedModuleIds: new Set(complete.map((m) => m.moduleId)),
    skillIds: new Set(evidenceOf.keys()),
    hasLevel: (domain, level) => heldLevels.some((h) => h.domain === domain && meetsLevel(domain, h.level, level)),
    requirementOf: (id) => requirements.get(id)
  }
  const pathways = [...input.pathways]
    .sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id))
    .map((p) => {
      const requirement = evaluateRequirement(p.requirement, facts, [p.id])
      return { pathwayId: p.id, name: p.name, sector: p.sector, met: requirement.met, progress: requirement.progress, requirement }
    })

  return {
    basicSkills,
    vocationalSkills,
    modules,
    pathways,
    summary: {
      modulesComplete: complete.length,
      modulesInProgress: modules.length - complete.length,
      unitsDone: firstDone.size,
      hoursCompleted: complete.reduce((sum, m) => sum + m.hours, 0)
    }
  }
}
