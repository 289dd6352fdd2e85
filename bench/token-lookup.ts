/*
 * `npm run bench:tokens`: does a wrong capability token cost as much to look up as a right one?
 * 100,000 share links in one database; rounds that look up right tokens, wrong tokens of the
 * same form, and wrong text of another form, in turn. Prints the median time per lookup of each
 * and their ratios (1.0 is the same). Figures, not a test.
 */
import { performance } from 'node:perf_hooks'
import { buildApp } from '../src/app.ts'
import { capabilityHash, newCapabilityToken } from '../src/lib/capability.ts'
import { randomToken } from '../src/lib/ids.ts'
import { TEST_CONFIG } from '../test/helpers/build.ts'
import { seedWorld } from '../test/helpers/world.ts'
import { fmt, log } from './report.ts'
import { median } from './workload.ts'

const SHARES = 100_000
const LOOKUPS = 20_000
const ROUNDS = 7

async function main () {
  const app = await buildApp({ ...TEST_CONFIG, databasePath: ':memory:' })
  try {
    const w = await seedWorld(app)
    const participant = await app.inject({ method: 'POST', url: '/v1/participants', headers: { authorization: `Bearer ${w.keysA.coach}` }, payload: { displayName: 'Bench B.', regionId: w.regions.a } })
    const participantId = participant.json().id as string
    log(`${fmt(SHARES)} share links`)
    const tokens: string[] = []
    const now = new Date().toISOString()
    app.db.transaction(() => {
      for (let i = 0; i < SHARES; i++) {
        const { token, tokenHash } = newCapabilityToken()
        tokens.push(token)
        app.sharing.repo.insertShare({ id: `shr_bench${i}`, participantId, tokenHash, scope: 'all', credentialIds: null, label: null, employerId: null, createdAt: now, createdBy: 'participant', expiresAt: '2999-01-01T00:00:00.000Z' })
      }
    })
    const kinds = {
      right: () => tokens[Math.floor(Math.random() * tokens.length)]!,
      wrong: () => randomToken(32),
      malformed: () => 'not-a-token'
    }
    const perLookup: Record<keyof typeof kinds, number[]> = { right: [], wrong: [], malformed: [] }
    let found = 0
    for (let r = 0; r < ROUNDS; r++) {
      for (const kind of Object.keys(kinds) as Array<keyof typeof kinds>) {
        const input = Array.from({ length: LOOKUPS }, kinds[kind])
        const t0 = performance.now()
        for (const token of input) if (app.sharing.repo.shareByTokenHash(capabilityHash(token))) found++
        perLookup[kind].push((performance.now() - t0) * 1000 / LOOKUPS)
      }
    }
    if (found !== ROUNDS * LOOKUPS) throw new Error(`expected only the right tokens to be found, found ${found}`)
    const right = median(perLookup.right)
    const rows: Array<[string, string]> = [
      ['lookup, right token (µs, median of rounds)', fmt(right, 2)],
      ['lookup, wrong token of the same form (µs)', fmt(median(perLookup.wrong), 2)],
      ['lookup, text of another form (µs)', fmt(median(perLookup.malformed), 2)],
      ['wrong / right', fmt(median(perLookup.wrong) / right, 2)],
      ['other form / right', fmt(median(perLookup.malformed) / right, 2)]
    ]
    for (const [label, value] of rows) process.stdout.write(`${label.padEnd(46)} ${value.padStart(8)}\n`)
    process.stdout.write(`${JSON.stringify({ shares: SHARES, lookupsPerRound: LOOKUPS, rounds: ROUNDS, microsPerLookup: Object.fromEntries(Object.entries(perLookup).map(([k, v]) => [k, Number(median(v).toFixed(3))])) })}\n`)
  } finally {
    await app.close()
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exitCode = 1
})
