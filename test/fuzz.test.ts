import t from 'tap'
import { build } from './helpers/build.ts'
import { fuzz, operationsOf } from './helpers/fuzz.ts'
import { seedFuzzWorld } from './helpers/fuzz-world.ts'

t.test('fuzzed requests to every operation: never a 5xx, every 4xx a problem document, nothing written on a 4xx', async (t) => {
  const app = await build(t)
  const { ids, keys } = await seedFuzzWorld(app)
  const operations = operationsOf(app.swagger() as never).length
  const outcome = await fuzz(app, { count: operations * 40, seed: 20261205, ids, keys })
  t.equal(outcome.requests, operations * 40)
  t.same(outcome.serverErrors, [], 'no 5xx')
  t.same(outcome.nonProblem, [], 'every 4xx is application/problem+json with a stable code')
  t.same(outcome.wroteOnError, [], 'a refused request writes nothing')
  // the fuzzer reaches past validation: some requests are refused for what they say, some succeed
  t.ok(Object.keys(outcome.byStatus).some((s) => Number(s) < 300), 'some requests succeed')
  t.ok((outcome.byStatus[404] ?? 0) > 0 && (outcome.byStatus[400] ?? 0) > 0, 'unknown ids and bad fields both met')
})
