import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'

/** Which features each feature imports, read from the sources. */
function featureImports (): Map<string, Set<string>> {
  const root = new URL('../src/features/', import.meta.url)
  const graph = new Map<string, Set<string>>()
  for (const feature of readdirSync(root)) {
    const uses = new Set<string>()
    for (const file of readdirSync(new URL(`${feature}/`, root))) {
      const text = readFileSync(new URL(`${feature}/${file}`, root), 'utf8')
      for (const [, other] of text.matchAll(/from '\.\.\/([a-z-]+)\/[a-z-]+\.ts'/g)) if (other !== feature) uses.add(other!)
    }
    graph.set(feature, uses)
  }
  return graph
}

/** Every chain of imports that comes back to where it started. */
function cycles (graph: Map<string, Set<string>>): string[] {
  const found: string[] = []
  const state = new Map<string, 'open' | 'done'>()
  const visit = (feature: string, path: string[]) => {
    state.set(feature, 'open')
    for (const next of graph.get(feature) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), feature, next].join(' -> '))
      else if (!state.has(next)) visit(next, [...path, feature])
    }
    state.set(feature, 'done')
  }
  for (const feature of graph.keys()) if (!state.has(feature)) visit(feature, [])
  return found
}

t.test('no feature imports a feature that depends on it', async (t) => {
  const graph = featureImports()
  t.ok(graph.size > 10, 'the features were read')
  t.ok(graph.get('share-page')?.has('verification'), 'the share page uses the verifier')
  t.same(cycles(graph), [])
})

t.test('the check finds a cycle when there is one', async (t) => {
  const graph = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])]])
  t.same(cycles(graph), ['a -> b -> c -> a'])
})
