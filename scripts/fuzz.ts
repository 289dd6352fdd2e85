import { buildApp } from '../src/app.ts'
import { fuzz, operationsOf } from '../test/helpers/fuzz.ts'
import { seedFuzzWorld } from '../test/helpers/fuzz-world.ts'

/**
 * `npx tsx scripts/fuzz.ts [requests] [seed]`: fuzzed requests over every operation on a fresh
 * in-memory service; prints the counts of 5xx, non-problem 4xx and 4xx that wrote, with examples.
 */
const count = Number(process.argv[2] ?? 15_000)
const seed = Number(process.argv[3] ?? Date.now() % 1_000_000)
const app = await buildApp({
  databasePath: ':memory:',
  dataDir: '/nonexistent-stapsteen-fuzz',
  publicUrl: 'http://localhost:3000',
  logLevel: 'silent',
  bodyLimit: 1_048_576,
  trustProxy: false,
  rateLimitMax: 1_000_000
})
const { ids, keys } = await seedFuzzWorld(app)
const started = performance.now()
const outcome = await fuzz(app, { count, seed, ids, keys })
await app.close()
const show = (label: string, list: typeof outcome.serverErrors) => {
  console.log(`${label}: ${list.length}`)
  for (const f of list.slice(0, 5)) console.log(`  ${f.status} ${f.method} ${f.url.slice(0, 120)} ${f.body.slice(0, 160)}`)
}
console.log(`seed ${seed}: ${outcome.requests} requests over ${operationsOf(app.swagger() as never).length} operations in ${((performance.now() - started) / 1000).toFixed(1)} s`)
console.log(`by status: ${JSON.stringify(outcome.byStatus)}`)
show('5xx', outcome.serverErrors)
show('4xx not a problem document', outcome.nonProblem)
show('4xx that wrote', outcome.wroteOnError)
process.exitCode = outcome.serverErrors.length + outcome.nonProblem.length + outcome.wroteOnError.length > 0 ? 1 : 0
