import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderOpenApi } from './openapi-document.ts'

/**
 * Fails when generated artefacts no longer match the code: openapi/openapi.json against the
 * routes, and migrations/ against the drizzle schema (drizzle-kit is run on a copy; any new
 * migration it writes means the schema changed without one).
 */
const root = fileURLToPath(new URL('..', import.meta.url))
const problems: string[] = []

const committed = readFileSync(join(root, 'openapi/openapi.json'), 'utf8')
if (committed !== await renderOpenApi()) {
  problems.push('openapi/openapi.json does not match the routes: run `npm run openapi` and commit the result')
}

// drizzle-kit takes --out relative to the working directory, so the copy lives inside the project
const scratchRelative = `node_modules/.cache/stapsteen-migration-check-${process.pid}`
const scratch = join(root, scratchRelative)
mkdirSync(scratch, { recursive: true })
try {
  cpSync(join(root, 'migrations'), scratch, { recursive: true })
  const before = readdirSync(scratch).sort().join(',')
  execFileSync(join(root, 'node_modules/.bin/drizzle-kit'),
    ['generate', '--dialect', 'sqlite', '--schema', './src/db/schema/index.ts', '--out', scratchRelative, '--name', 'drift'],
    { cwd: root, stdio: 'pipe' })
  if (readdirSync(scratch).sort().join(',') !== before) {
    problems.push('migrations/ does not match src/db/schema: run `npm run db:generate` and commit the new migration')
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}

if (problems.length > 0) {
  for (const p of problems) process.stderr.write(`artefact drift: ${p}\n`)
  process.exit(1)
}
process.stdout.write('artefacts match the code (openapi/openapi.json, migrations/)\n')
