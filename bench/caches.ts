/*
 * What each cache that outlives a request buys (src/lib/cache.ts): the operations that use it,
 * with the cache and without, in one process. Not a test: figures go to stdout, progress to
 * stderr. `npm run bench:caches`, about 2 minutes on 2 cores (CACHE_ROUNDS=5 for a quicker look).
 *
 * "Without" is the same code with the cache's read made to miss: the code is copied to a
 * temporary folder, each read listed below is rewritten to miss while `globalThis.__benchCacheOff`
 * names its cache, and bench/cache-rounds.ts runs from that copy, switching one cache off for
 * every other measurement. A read that is no longer in its file stops the bench, so the list
 * stays the list of caches. The figures are CPU time of the process (all threads) per operation:
 * on a shared machine time on the clock says more about the neighbours than about the code.
 * Rounds are interleaved; each figure is the median of its rounds, the ratio the median of each
 * round's own without/with.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { CacheFigure, measureCaches } from './cache-rounds.ts'

interface Cache { file: string, read: string, operations: string[] }

/** Every cache across requests: where it is read, and the operations that show what it buys. */
const CACHES: Record<string, Cache> = {
  'verified status lists': { file: 'src/features/verification/status-list.ts', read: 'trusted.get(cacheKey)', operations: ['verify'] },
  'imported public keys': { file: 'src/features/verification/signature.ts', read: 'imported.get(id)', operations: ['verify'] },
  'known keys': { file: 'src/features/verification/resolvers.ts', read: 'knownKeys.get(kid)', operations: ['resolveKey', 'verify'] },
  'known status lists': { file: 'src/features/verification/resolvers.ts', read: 'knownLists.get(listId)', operations: ['fetchStatusList', 'verify'] },
  'units (credentials)': { file: 'src/features/credentials/repository.ts', read: 'publishedUnits.get(unitId)', operations: ['progressOf', 'completion'] },
  'versions (credentials)': { file: 'src/features/credentials/repository.ts', read: 'publishedVersions.get(moduleVersionId)', operations: ['progressOf', 'completion'] },
  'units (completions)': { file: 'src/features/completions/repository.ts', read: 'publishedUnits.get(id)', operations: ['findUnit', 'completion'] },
  'versions (portfolio)': { file: 'src/features/portfolio/repository.ts', read: 'versions.get(id)', operations: ['readPortfolio', 'GET portfolio'] },
  'private keys': { file: 'src/features/issuers/issuer-keys.ts', read: 'imported.get(row.id)', operations: ['signingKey'] },
  'API keys last touched': { file: 'src/plugins/auth.ts', read: 'touched.get(row.id)', operations: ['GET skill'] },
  'QR codes': { file: 'src/lib/qr.ts', read: 'made.get(key)', operations: ['QR of a link shown before'] }
}

const root = fileURLToPath(new URL('..', import.meta.url))
const copy = mkdtempSync(join(tmpdir(), 'stapsteen-caches-code-'))
try {
  for (const part of ['src', 'bench', 'credentials', 'migrations', 'package.json']) cpSync(join(root, part), join(copy, part), { recursive: true })
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'))
  for (const [name, { file, read }] of Object.entries(CACHES)) {
    const path = join(copy, file)
    const text = readFileSync(path, 'utf8')
    if (text.split(read).length !== 2) throw new Error(`${file} no longer reads the cache "${name}" once as ${read}: update CACHES`)
    writeFileSync(path, text.replace(read, `((globalThis as { __benchCacheOff?: string }).__benchCacheOff === ${JSON.stringify(name)} ? undefined : ${read})`))
  }
  const rounds = Number(process.env.CACHE_ROUNDS ?? 15)
  const { measureCaches: measure } = await import(pathToFileURL(join(copy, 'bench/cache-rounds.ts')).href) as { measureCaches: typeof measureCaches }
  const figures: CacheFigure[] = await measure(Object.fromEntries(Object.entries(CACHES).map(([name, c]) => [name, c.operations])), rounds)
  for (const f of figures) {
    process.stdout.write(`${f.cache.padEnd(24)} ${f.operation.padEnd(26)} with ${f.withCache.toFixed(1).padStart(7)} µs   without ${f.without.toFixed(1).padStart(7)} µs   ×${f.ratio.toFixed(2)}\n`)
  }
  process.stdout.write(JSON.stringify(figures.map((f) => ({ ...f, withCache: Number(f.withCache.toFixed(1)), without: Number(f.without.toFixed(1)), ratio: Number(f.ratio.toFixed(2)) }))) + '\n')
} finally {
  rmSync(copy, { recursive: true, force: true })
}
