import type {
  AllNode, AnyNode, BasicDomain, LevelNode, ModuleNode, PathwayNode, RequirementNode, SkillNode
} from './requirements.ts'

/** What is known of one participant, in the terms a requirement tree asks about. */
export interface ProgressFacts {
  /** modules of which the participant completed (any published version) */
  completedModuleIds: ReadonlySet<string>
  /** skills the participant holds */
  skillIds: ReadonlySet<string>
  /** the participant holds a basic skill in `domain` at `level` or higher */
  hasLevel: (domain: BasicDomain, level: string) => boolean
  /** the stored tree of another development path; undefined when it does not exist */
  requirementOf: (pathwayId: string) => RequirementNode | undefined
}

interface Outcome {
  met: boolean
  /** 0..1; 1 exactly when met */
  progress: number
}
interface Counted { metCount: number, needed: number }

export type EvaluatedNode =
  | (Omit<AllNode, 'parts'> & Outcome & Counted & { parts: EvaluatedNode[] })
  | (Omit<AnyNode, 'parts'> & Outcome & Counted & { parts: EvaluatedNode[] })
  | (ModuleNode & Outcome)
  | (SkillNode & Outcome)
  | (LevelNode & Outcome)
  | (PathwayNode & Outcome & { unresolved?: 'cycle' | 'unknown-pathway' })

interface Context {
  facts: ProgressFacts
  /** outcomes of referenced paths whose evaluation met no cycle, so each is evaluated once */
  memo: Map<string, Outcome>
  cycleHits: number
}

const mean = (values: number[]) => values.length === 0 ? 1 : values.reduce((a, b) => a + b, 0) / values.length
const leaf = (met: boolean): Outcome => ({ met, progress: met ? 1 : 0 })

function evaluatePathwayReference (node: PathwayNode, ctx: Context, within: readonly string[]): EvaluatedNode {
  if (within.includes(node.pathwayId)) {
    ctx.cycleHits++
    return { ...node, ...leaf(false), unresolved: 'cycle' }
  }
  const known = ctx.memo.get(node.pathwayId)
  if (known) return { ...node, ...known }
  const requirement = ctx.facts.requirementOf(node.pathwayId)
  if (!requirement) return { ...node, ...leaf(false), unresolved: 'unknown-pathway' }
  const hitsBefore = ctx.cycleHits
  const { met, progress } = evaluateNode(requirement, ctx, [...within, node.pathwayId])
  if (ctx.cycleHits === hitsBefore) ctx.memo.set(node.pathwayId, { met, progress })
  return { ...node, met, progress }
}

function evaluateNode (node: RequirementNode, ctx: Context, within: readonly string[]): EvaluatedNode {
  switch (node.type) {
    case 'all':
    case 'any': {
      const parts = node.parts.map((part) => evaluateNode(part, ctx, within))
      const metCount = parts.filter((p) => p.met).length
      const needed = node.type === 'all' ? parts.length : node.n
      // for `any n` the n best parts count; parts missing below n count as 0
      const best = parts.map((p) => p.progress).sort((a, b) => b - a).slice(0, needed)
      const progress = node.type === 'all' ? mean(best) : best.reduce((a, b) => a + b, 0) / needed
      return { ...node, parts, met: metCount >= needed, metCount, needed, progress }
    }
    case 'module': return { ...node, ...leaf(ctx.facts.completedModuleIds.has(node.moduleId)) }
    case 'skill': return { ...node, ...leaf(ctx.facts.skillIds.has(node.skillId)) }
    case 'level': return { ...node, ...leaf(ctx.facts.hasLevel(node.domain, node.level)) }
    case 'pathway': return evaluatePathwayReference(node, ctx, within)
  }
}

/**
 * Computes how far a participant has come on a requirement tree. Nothing is stored: progress is
 * always derived from the facts.
 *
 * Every node of the result carries `met` and `progress` (0..1, exactly 1 when met):
 * - a module, skill or level is met when the facts say so (progress 1 or 0);
 * - `all` is met when every part is; its progress is the mean of its parts' progress;
 * - `any n` is met when at least n parts are; its progress is the mean of its n best parts;
 * - `all` and `any` also carry `metCount` (parts met) and `needed` (parts count, or n);
 * - `pathway` is the outcome of that path's own tree, evaluated with the same facts. A reference
 *   back to a path already being evaluated (a cycle, which writes refuse) or to a path that does
 *   not exist is not met and says so in `unresolved`.
 *
 * @param node the tree to evaluate
 * @param facts what the participant has done and holds
 * @param within ids of the development paths being evaluated, outermost first: pass the id of the
 *   path that `node` belongs to, so that a reference back to it is caught as a cycle
 * @returns the same tree, annotated
 */
export function evaluateRequirement (node: RequirementNode, facts: ProgressFacts, within: readonly string[] = []): EvaluatedNode {
  return evaluateNode(node, { facts, memo: new Map(), cycleHits: 0 }, within)
}
