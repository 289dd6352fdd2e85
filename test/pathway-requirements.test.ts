import t from 'tap'
import {
  collectReferences, findCycle, findTooDeep, pointerToPathway, validateRequirement,
  type RequirementLookups, type RequirementNode
} from '../src/features/pathways/requirements.ts'
import { evaluateRequirement, type ProgressFacts } from '../src/features/pathways/progress.ts'
import { meetsLevel } from '../src/features/catalogue/levels.ts'

const lookups: RequirementLookups = {
  moduleExists: (id) => id === 'mod-heftruck',
  skillExists: (id) => id === 'skl-orderpicken',
  pathwayExists: (id) => id === 'pwy-basis'
}

/** `levels` nested `all` nodes around one skill: the skill sits at depth levels + 1 */
function nested (levels: number): RequirementNode {
  let node: RequirementNode = { type: 'skill', skillId: 'skl-orderpicken' }
  for (let i = 0; i < levels; i++) node = { type: 'all', parts: [node] }
  return node
}

t.test('validateRequirement accepts a tree that the catalogue can answer', async (t) => {
  t.strictSame(validateRequirement({
    type: 'all',
    title: 'Logistiek medewerker',
    parts: [
      { type: 'pathway', pathwayId: 'pwy-basis' },
      { type: 'any', n: 2, parts: [{ type: 'module', moduleId: 'mod-heftruck' }, { type: 'skill', skillId: 'skl-orderpicken' }] },
      { type: 'level', domain: 'language', level: 'A2' },
      { type: 'level', domain: 'digital', level: 'digcomp-4' }
    ]
  }, lookups), [])
  t.strictSame(validateRequirement(nested(7), lookups), [], 'depth 8 is allowed')
})

t.test('validateRequirement lists every problem with a pointer, in document order', async (t) => {
  const tree: RequirementNode = {
    type: 'all',
    parts: [
      { type: 'any', n: 3, parts: [{ type: 'module', moduleId: 'mod-onbekend' }, { type: 'skill', skillId: 'skl-onbekend' }] },
      { type: 'pathway', pathwayId: 'pwy-onbekend' },
      { type: 'level', domain: 'numeracy', level: 'B1' },
      { type: 'level', domain: 'digital', level: '2F' }
    ]
  }
  t.strictSame(validateRequirement(tree, lookups), [
    { pointer: '#/requirement/parts/0/n', code: 'n-exceeds-parts', detail: 'asks for 3 of 2 part(s)', in: 'body' },
    { pointer: '#/requirement/parts/0/parts/0/moduleId', code: 'unknown-module', detail: 'module mod-onbekend does not exist or has no published version', in: 'body' },
    { pointer: '#/requirement/parts/0/parts/1/skillId', code: 'unknown-skill', detail: 'skill skl-onbekend does not exist', in: 'body' },
    { pointer: '#/requirement/parts/1/pathwayId', code: 'unknown-pathway', detail: 'development path pwy-onbekend does not exist', in: 'body' },
    { pointer: '#/requirement/parts/2/level', code: 'invalid-level', detail: 'level B1 does not fit domain numeracy; allowed: instroom, 1F, 2F, 3F', in: 'body' },
    { pointer: '#/requirement/parts/3/level', code: 'invalid-level', detail: 'level 2F does not fit domain digital; allowed: basis-1, basis-2, digcomp-1, digcomp-2, digcomp-3, digcomp-4, digcomp-5, digcomp-6, digcomp-7, digcomp-8', in: 'body' }
  ])
  t.strictSame(validateRequirement({ type: 'module', moduleId: 'x' }, lookups, '#/other').map((e) => e.pointer), ['#/other/moduleId'])
})

t.test('validateRequirement stops at the first node below depth 8', async (t) => {
  const errors = validateRequirement(nested(8), lookups)
  t.strictSame(errors, [{
    pointer: '#/requirement' + '/parts/0'.repeat(8),
    code: 'too-deep',
    detail: 'the requirement tree nests deeper than 8 levels',
    in: 'body'
  }])
})

t.test('findTooDeep walks unchecked input without recursion', async (t) => {
  t.equal(findTooDeep(nested(7)), null)
  t.equal(findTooDeep(nested(8)), '#/requirement' + '/parts/0'.repeat(8))
  t.equal(findTooDeep(nested(100_000)), '#/requirement' + '/parts/0'.repeat(8))
  const wide = { type: 'all', parts: [{ type: 'skill' }, nested(7)] }
  t.equal(findTooDeep(wide), '#/requirement/parts/1' + '/parts/0'.repeat(7))
  t.equal(findTooDeep(undefined), null)
  t.equal(findTooDeep('all'), null)
  t.equal(findTooDeep({ type: 'all', parts: 'none' }), null)
  t.equal(findTooDeep(nested(3), '#/x', 2), '#/x/parts/0/parts/0')
})

t.test('collectReferences gives distinct ids in document order', async (t) => {
  t.strictSame(collectReferences({
    type: 'all',
    parts: [
      { type: 'module', moduleId: 'm2' },
      { type: 'any', n: 1, parts: [{ type: 'module', moduleId: 'm1' }, { type: 'pathway', pathwayId: 'p1' }, { type: 'module', moduleId: 'm2' }] },
      { type: 'skill', skillId: 's1' },
      { type: 'level', domain: 'language', level: '1F' },
      { type: 'pathway', pathwayId: 'p1' }
    ]
  }), { moduleIds: ['m2', 'm1'], skillIds: ['s1'], pathwayIds: ['p1'] })
})

t.test('findCycle returns the chain back to the path being written', async (t) => {
  const graph: Record<string, string[]> = { B: ['C'], C: ['D', 'A'], D: [], E: ['D'], X: ['Y'], Y: ['X'] }
  const refsOf = (id: string) => graph[id] ?? []
  const refersTo = (...ids: string[]): RequirementNode => ({ type: 'all', parts: ids.map((pathwayId) => ({ type: 'pathway' as const, pathwayId })) })
  t.strictSame(findCycle('A', { type: 'pathway', pathwayId: 'A' }, refsOf), ['A', 'A'], 'self-reference')
  t.strictSame(findCycle('C', refersTo('D', 'A'), () => []), null, 'A is not stored as referring to anything')
  t.strictSame(findCycle('C', refersTo('D', 'B'), refsOf), ['C', 'B', 'C'], 'two steps')
  t.strictSame(findCycle('A', refersTo('E', 'B'), refsOf), ['A', 'B', 'C', 'A'], 'three steps, past a dead end')
  t.strictSame(findCycle('A', refersTo('D', 'E'), refsOf), null, 'a diamond is no cycle')
  t.strictSame(findCycle('A', refersTo('X'), refsOf), null, 'a stored loop elsewhere ends the search')
  // the stored tree of the path being written is replaced, so it is never asked for
  t.strictSame(findCycle('B', refersTo('D'), (id) => id === 'B' ? ['B'] : []), null)
})

t.test('pointerToPathway finds the node that names a path', async (t) => {
  const tree: RequirementNode = { type: 'all', parts: [{ type: 'skill', skillId: 's' }, { type: 'any', n: 1, parts: [{ type: 'pathway', pathwayId: 'p2' }, { type: 'pathway', pathwayId: 'p1' }] }] }
  t.equal(pointerToPathway(tree, 'p1'), '#/requirement/parts/1/parts/1')
  t.equal(pointerToPathway(tree, 'p3'), null)
  t.equal(pointerToPathway({ type: 'pathway', pathwayId: 'p1' }, 'p1'), '#/requirement')
})

const basic: RequirementNode = {
  type: 'all',
  title: 'Basisvaardigheden',
  parts: [{ type: 'level', domain: 'language', level: '2F' }, { type: 'level', domain: 'digital', level: 'basis-1' }]
}
const stored: Record<string, RequirementNode> = {
  basis: basic,
  loop: { type: 'all', parts: [{ type: 'skill', skillId: 'heftruck' }, { type: 'pathway', pathwayId: 'loop' }] }
}
const held: Record<string, string> = { language: '2F', numeracy: '1F' }
const facts: ProgressFacts = {
  completedModuleIds: new Set(['veilig-werken', 'orderpicken']),
  skillIds: new Set(['heftruck']),
  hasLevel: (domain, level) => {
    const reached = held[domain]
    return reached !== undefined && meetsLevel(domain, reached, level)
  },
  requirementOf: (id) => stored[id]
}

t.test('evaluateRequirement: all and any n, nested', async (t) => {
  t.strictSame(evaluateRequirement({
    type: 'all',
    parts: [
      { type: 'module', moduleId: 'veilig-werken' },
      { type: 'skill', skillId: 'reachtruck' },
      {
        type: 'any',
        n: 2,
        parts: [
          { type: 'module', moduleId: 'orderpicken' },
          { type: 'level', domain: 'numeracy', level: '2F' },
          { type: 'all', parts: [{ type: 'skill', skillId: 'heftruck' }, { type: 'module', moduleId: 'ehbo' }] }
        ]
      }
    ]
  }, facts), {
    type: 'all',
    met: false,
    metCount: 1,
    needed: 3,
    progress: (1 + 0 + 0.75) / 3,
    parts: [
      { type: 'module', moduleId: 'veilig-werken', met: true, progress: 1 },
      { type: 'skill', skillId: 'reachtruck', met: false, progress: 0 },
      {
        type: 'any',
        n: 2,
        met: false,
        metCount: 1,
        needed: 2,
        progress: 0.75,
        parts: [
          { type: 'module', moduleId: 'orderpicken', met: true, progress: 1 },
          { type: 'level', domain: 'numeracy', level: '2F', met: false, progress: 0 },
          {
            type: 'all',
            met: false,
            metCount: 1,
            needed: 2,
            progress: 0.5,
            parts: [{ type: 'skill', skillId: 'heftruck', met: true, progress: 1 }, { type: 'module', moduleId: 'ehbo', met: false, progress: 0 }]
          }
        ]
      }
    ]
  })
  const anyMet = evaluateRequirement({ type: 'any', n: 1, parts: [{ type: 'skill', skillId: 'x' }, { type: 'skill', skillId: 'heftruck' }] }, facts)
  t.match(anyMet, { met: true, metCount: 1, needed: 1, progress: 1 })
  const short = evaluateRequirement({ type: 'any', n: 3, parts: [{ type: 'skill', skillId: 'heftruck' }] }, facts)
  t.match(short, { met: false, metCount: 1, needed: 3, progress: 1 / 3 }, 'parts missing below n count as 0')
})

t.test('evaluateRequirement: a referenced path is evaluated with the same facts', async (t) => {
  const tree: RequirementNode = { type: 'all', parts: [{ type: 'pathway', pathwayId: 'basis' }, { type: 'skill', skillId: 'heftruck' }] }
  t.strictSame(evaluateRequirement(tree, facts), {
    type: 'all',
    met: false,
    metCount: 1,
    needed: 2,
    progress: 0.75,
    parts: [
      { type: 'pathway', pathwayId: 'basis', met: false, progress: 0.5 },
      { type: 'skill', skillId: 'heftruck', met: true, progress: 1 }
    ]
  })
  const digital = { ...facts, hasLevel: () => true }
  t.match(evaluateRequirement(tree, digital), { met: true, progress: 1, parts: [{ met: true, progress: 1 }] })
  t.strictSame(evaluateRequirement({ type: 'pathway', pathwayId: 'weg' }, facts),
    { type: 'pathway', pathwayId: 'weg', met: false, progress: 0, unresolved: 'unknown-pathway' })
})

t.test('evaluateRequirement: each referenced path is resolved once', async (t) => {
  const asked: string[] = []
  const counting = { ...facts, requirementOf: (id: string) => { asked.push(id); return stored[id] } }
  const twice: RequirementNode = { type: 'any', n: 1, parts: [{ type: 'pathway', pathwayId: 'basis' }, { type: 'pathway', pathwayId: 'basis' }] }
  t.match(evaluateRequirement(twice, counting), { progress: 0.5, parts: [{ progress: 0.5 }, { progress: 0.5 }] })
  t.strictSame(asked, ['basis'])
})

t.test('evaluateRequirement: a cycle ends as not met instead of looping', async (t) => {
  t.strictSame(evaluateRequirement(stored.loop!, facts, ['loop']), {
    type: 'all',
    met: false,
    metCount: 1,
    needed: 2,
    progress: 0.5,
    parts: [
      { type: 'skill', skillId: 'heftruck', met: true, progress: 1 },
      { type: 'pathway', pathwayId: 'loop', met: false, progress: 0, unresolved: 'cycle' }
    ]
  })
  // without the outer id the loop is entered once, then caught
  const outer = evaluateRequirement({ type: 'any', n: 1, parts: [{ type: 'pathway', pathwayId: 'loop' }, { type: 'pathway', pathwayId: 'loop' }] }, facts)
  t.strictSame(outer.type === 'any' && outer.parts.map((p) => p.progress), [0.5, 0.5])
})
