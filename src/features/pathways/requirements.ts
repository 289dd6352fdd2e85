import type { FieldError, ProblemCode } from '../../lib/problems.ts'
import type { SkillDomain } from '../../lib/vocabulary.ts'
import { frameworkOf, levelsFor } from '../catalogue/levels.ts'

/*
 * The requirement tree of a development path, and what can be said about one without HTTP or a
 * database: whether it is well-formed against the catalogue and whether it closes a cycle of path
 * references. How far a participant has come is computed in progress.ts.
 */

export type BasicDomain = SkillDomain

export const NODE_TYPES = ['all', 'any', 'module', 'skill', 'level', 'pathway'] as const
export type NodeType = typeof NODE_TYPES[number]

/** The deepest a tree may nest: the root is at depth 1. */
export const MAX_DEPTH = 8

export interface AllNode { type: 'all', title?: string, parts: RequirementNode[] }
export interface AnyNode { type: 'any', title?: string, n: number, parts: RequirementNode[] }
export interface ModuleNode { type: 'module', moduleId: string }
export interface SkillNode { type: 'skill', skillId: string }
export interface LevelNode { type: 'level', domain: BasicDomain, level: string }
export interface PathwayNode { type: 'pathway', pathwayId: string }
export type RequirementNode = AllNode | AnyNode | ModuleNode | SkillNode | LevelNode | PathwayNode

/** What the catalogue knows, as plain questions; the route answers them from the database. */
export interface RequirementLookups {
  /** the module exists and has at least one published version */
  moduleExists: (moduleId: string) => boolean
  skillExists: (skillId: string) => boolean
  pathwayExists: (pathwayId: string) => boolean
}

function fieldError (pointer: string, code: ProblemCode, detail: string): FieldError {
  return { pointer, detail, code, in: 'body' }
}

/**
 * Checks a requirement tree against the catalogue, the basic-skill levels and the depth limit.
 *
 * @param node the tree, already valid against the `RequirementNode` JSON Schema
 * @param lookups answers about the catalogue
 * @param pointer JSON Pointer of `node` in the request body
 * @returns every problem in document order (empty when the tree is fine), each with a pointer to
 *   the offending field: `n-exceeds-parts` (at `n`), `unknown-module`, `unknown-skill`,
 *   `unknown-pathway`, `invalid-level`, or `too-deep` (at the first node below the limit, whose
 *   subtree is then not checked)
 */
export function validateRequirement (node: RequirementNode, lookups: RequirementLookups, pointer = '#/requirement'): FieldError[] {
  const errors: FieldError[] = []
  const visit = (n: RequirementNode, at: string, depth: number) => {
    if (depth > MAX_DEPTH) {
      errors.push(fieldError(at, 'too-deep', `the requirement tree nests deeper than ${MAX_DEPTH} levels`))
      return
    }
    switch (n.type) {
      case 'all':
      case 'any':
        if (n.type === 'any' && n.n > n.parts.length) {
          errors.push(fieldError(`${at}/n`, 'n-exceeds-parts', `asks for ${n.n} of ${n.parts.length} part(s)`))
        }
        n.parts.forEach((part, i) => visit(part, `${at}/parts/${i}`, depth + 1))
        break
      case 'module':
        if (!lookups.moduleExists(n.moduleId)) {
          errors.push(fieldError(`${at}/moduleId`, 'unknown-module', `module ${n.moduleId} does not exist or has no published version`))
        }
        break
      case 'skill':
        if (!lookups.skillExists(n.skillId)) errors.push(fieldError(`${at}/skillId`, 'unknown-skill', `skill ${n.skillId} does not exist`))
        break
      case 'level':
        if (frameworkOf(n.domain, n.level) === undefined) {
          errors.push(fieldError(`${at}/level`, 'invalid-level', `level ${n.level} does not fit domain ${n.domain}; allowed: ${levelsFor(n.domain).join(', ')}`))
        }
        break
      case 'pathway':
        if (!lookups.pathwayExists(n.pathwayId)) {
          errors.push(fieldError(`${at}/pathwayId`, 'unknown-pathway', `development path ${n.pathwayId} does not exist`))
        }
        break
    }
  }
  visit(node, pointer, 1)
  return errors
}

/**
 * Finds the first node nested deeper than `maxDepth` in a parsed but not yet validated body part,
 * without recursion, so that a hostile body cannot exhaust the stack of the schema validator.
 *
 * @returns the JSON Pointer of that node, or null
 */
export function findTooDeep (value: unknown, pointer = '#/requirement', maxDepth = MAX_DEPTH): string | null {
  const stack: Array<{ value: unknown, pointer: string, depth: number }> = [{ value, pointer, depth: 1 }]
  while (stack.length > 0) {
    const item = stack.pop()!
    if (item.depth > maxDepth) return item.pointer
    const parts = (item.value as { parts?: unknown } | null)?.parts
    if (typeof item.value !== 'object' || !Array.isArray(parts)) continue
    for (let i = parts.length - 1; i >= 0; i--) {
      stack.push({ value: parts[i], pointer: `${item.pointer}/parts/${i}`, depth: item.depth + 1 })
    }
  }
  return null
}

export interface References { moduleIds: string[], skillIds: string[], pathwayIds: string[] }

/** The distinct modules, skills and development paths a tree names, in document order. */
export function collectReferences (node: RequirementNode): References {
  const moduleIds = new Set<string>()
  const skillIds = new Set<string>()
  const pathwayIds = new Set<string>()
  const visit = (n: RequirementNode) => {
    if (n.type === 'all' || n.type === 'any') n.parts.forEach(visit)
    else if (n.type === 'module') moduleIds.add(n.moduleId)
    else if (n.type === 'skill') skillIds.add(n.skillId)
    else if (n.type === 'pathway') pathwayIds.add(n.pathwayId)
  }
  visit(node)
  return { moduleIds: [...moduleIds], skillIds: [...skillIds], pathwayIds: [...pathwayIds] }
}

/** JSON Pointer of the first `{ type: 'pathway' }` node that names `pathwayId`, or null. */
export function pointerToPathway (node: RequirementNode, pathwayId: string, pointer = '#/requirement'): string | null {
  if (node.type === 'pathway') return node.pathwayId === pathwayId ? pointer : null
  if (node.type !== 'all' && node.type !== 'any') return null
  for (const [i, part] of node.parts.entries()) {
    const found = pointerToPathway(part, pathwayId, `${pointer}/parts/${i}`)
    if (found) return found
  }
  return null
}

/**
 * Finds whether giving `pathwayId` the tree `requirement` would close a cycle of development path
 * references (a path that, through others, requires itself).
 *
 * @param refsOf the pathway ids that the stored tree of another development path names
 * @returns the chain of ids from `pathwayId` back to itself (`[a, a]` for a self-reference,
 *   `[a, b, a]` for two steps), or null when there is no cycle
 */
export function findCycle (pathwayId: string, requirement: RequirementNode, refsOf: (id: string) => readonly string[]): string[] | null {
  const done = new Set<string>()
  const search = (id: string, chain: string[]): string[] | null => {
    if (id === pathwayId) return [...chain, id]
    if (done.has(id) || chain.includes(id)) return null
    for (const next of refsOf(id)) {
      const found = search(next, [...chain, id])
      if (found) return found
    }
    done.add(id)
    return null
  }
  for (const first of collectReferences(requirement).pathwayIds) {
    const found = search(first, [pathwayId])
    if (found) return found
  }
  return null
}
