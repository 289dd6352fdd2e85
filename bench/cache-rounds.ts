/*
 * The rounds of bench/caches.ts, run from a copy of the code in which each cache's read misses
 * while `globalThis.__benchCacheOff` names it. Its world: the credential benches' one-unit module
 * with 256 holders, who also complete a second module of ten units over three skills, so that a
 * portfolio holds 11 completions of two versions.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../src/app.ts'
import { createCompletionRepository } from '../src/features/completions/repository.ts'
import { createCredentialRepository } from '../src/features/credentials/repository.ts'
import { createApiKeyRepository } from '../src/features/organisations/key-repository.ts'
import { issueApiKey } from '../src/features/organisations/keys.ts'
import { createPortfolioRepository } from '../src/features/portfolio/repository.ts'
import { verifyDepsOf } from '../src/features/verification/resolvers.ts'
import { verifyCredential } from '../src/features/verification/verify.ts'
import { qrSvg } from '../src/lib/qr.ts'
import { earnCredentials, publishWarehouseModule, seedCredentialWorld, send } from './credential-seed.ts'
import { benchConfig } from './seed.ts'
import { log } from './report.ts'
import { median } from './workload.ts'

const HOLDERS = 256
const UNITS = 10
/** participants who complete the ten-unit module in one batch, per write round */
const WRITERS = 25

export interface CacheFigure {
  cache: string
  operation: string
  /** CPU µs per operation, medians of the rounds */
  withCache: number
  without: number
  /** median of the rounds' own ratios */
  ratio: number
}

/** CPU µs (all threads) per operation of `count` operations */
async function cpuPerOperation (count: number, run: (i: number) => unknown): Promise<number> {
  const before = process.cpuUsage()
  for (let i = 0; i < count; i++) await run(i)
  const used = process.cpuUsage(before)
  return (used.user + used.system) / count
}

/** For each cache, the operations named for it, with the cache and without, in interleaved rounds. */
export async function measureCaches (plan: Record<string, readonly string[]>, rounds: number): Promise<CacheFigure[]> {
  const writeRounds = Object.values(plan).filter((ops) => ops.includes('completion')).length * 2 * rounds + 1
  const dir = mkdtempSync(join(tmpdir(), 'stapsteen-bench-caches-'))
  const app = await buildApp(benchConfig(join(dir, 'stapsteen.db'), dir))
  const switches = globalThis as { __benchCacheOff?: string }
  try {
    const world = await seedCredentialWorld(app, HOLDERS + writeRounds * WRITERS)
    const holders = world.participantIds.slice(0, HOLDERS)
    await earnCredentials(app, world, holders, 'holders')
    const jwts = (app.db.$client.prepare('select jwt from credentials').all() as Array<{ jwt: string }>).map((r) => r.jwt)
    const admin = issueApiKey(createApiKeyRepository(app.db), { role: 'admin', label: 'bench caches', organisationId: null, regionId: null }).key
    const { moduleId, units, skillIds: skills } = await publishWarehouseModule(app, world, admin, UNITS)
    const itemsFor = (tag: string, participantIds: readonly string[]) => participantIds.flatMap((participantId, p) => units.map((unitId, u) =>
      ({ externalId: `${tag}-${p}-${u}`, participantId, unitId, completedOn: '2026-10-14', assessment: 'test' })))
    await send(app, world.key, 'POST', '/v1/completions/batch', { items: itemsFor('holders-mag', holders) }, 200)
    await app.issuance.drain()

    const [header, payload] = jwts[0]!.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()))
    const kid = header.kid as string
    const listUrl = payload.credentialStatus.statusListCredential as string
    const issuerId = (app.db.$client.prepare('select issuer_id as id from signing_keys limit 1').get() as { id: string }).id
    const skillId = skills[0]!
    const depsAt = verifyDepsOf(app)
    const completions = createCompletionRepository(app.db)
    const credentials = createCredentialRepository(app.db)
    const portfolios = createPortfolioRepository(app.db)
    let writes = 0

    const operations: Record<string, () => Promise<number>> = {
      verify: () => cpuPerOperation(1_000, async (i) => {
        const result = await verifyCredential(jwts[i % jwts.length], depsAt())
        if (!result.verified) throw new Error(`a credential did not verify: ${JSON.stringify(result.checks)}`)
      }),
      resolveKey: () => cpuPerOperation(5_000, () => depsAt().resolveKey(kid, kid.split('#')[0]!)),
      fetchStatusList: () => cpuPerOperation(5_000, () => depsAt().fetchStatusList(listUrl)),
      // each of WRITERS participants completes all ten units in one batch, then their credentials are issued
      completion: async () => {
        const round = writes++
        const writers = world.participantIds.slice(HOLDERS + round * WRITERS, HOLDERS + (round + 1) * WRITERS)
        const items = itemsFor(`round-${round}`, writers)
        const perItem = await cpuPerOperation(1, () => send(app, world.key, 'POST', '/v1/completions/batch', { items }, 200)) / items.length
        await app.issuance.drain()
        return perItem
      },
      findUnit: () => cpuPerOperation(5_000, (i) => completions.findUnit(units[i % UNITS]!)),
      progressOf: () => cpuPerOperation(2_000, (i) => credentials.progressOf(holders[i % HOLDERS]!, moduleId)),
      readPortfolio: () => cpuPerOperation(2_000, (i) => portfolios.readInput(holders[i % HOLDERS]!)),
      'GET portfolio': () => cpuPerOperation(500, (i) => send(app, admin, 'GET', `/v1/participants/${holders[i % HOLDERS]}/portfolio`, undefined, 200)),
      'GET skill': () => cpuPerOperation(500, () => send(app, admin, 'GET', `/v1/skills/${skillId}`, undefined, 200)),
      signingKey: () => cpuPerOperation(500, () => app.issuerKeys.signingKey(issuerId)),
      'QR of a link shown before': () => cpuPerOperation(100, (i) => qrSvg(`http://127.0.0.1:3000/s/link-${i % 10}`, 'QR-code'))
    }

    const pairs = new Map<string, { cache: string, operation: string, on: number[], off: number[] }>()
    for (const [cache, ops] of Object.entries(plan)) {
      for (const operation of ops) {
        if (!operations[operation]) throw new Error(`no operation ${operation}`)
        pairs.set(`${cache}\u0000${operation}`, { cache, operation, on: [], off: [] })
      }
    }
    for (const run of Object.values(operations)) await run() // warm-up: JIT, statements, keys
    for (let r = 0; r < rounds; r++) {
      for (const pair of pairs.values()) {
        // which side goes first alternates, so that neither always meets a warmer machine
        for (const off of r % 2 === 0 ? [true, false] : [false, true]) {
          switches.__benchCacheOff = off ? pair.cache : undefined
          const us = await operations[pair.operation]!()
          switches.__benchCacheOff = undefined
          pair[off ? 'off' : 'on'].push(us)
        }
      }
      log(`round ${r + 1} of ${rounds}`)
    }
    return [...pairs.values()].map(({ cache, operation, on, off }) => ({
      cache, operation, withCache: median(on), without: median(off), ratio: median(off.map((us, i) => us / on[i]!))
    }))
  } finally {
    switches.__benchCacheOff = undefined
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
