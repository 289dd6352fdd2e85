import t from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { PACKAGE_ROOT, packagePath } from '../src/lib/package-root.ts'
import { SCHEMA_FILES } from '../src/lib/credential-schemas.ts'
import { VIEWS_DIR } from '../src/plugins/pages.ts'

// `npm test` builds first; run alone, this file needs `npm run build`
const built = packagePath('dist', 'lib', 'package-root.js')

t.test('the sources and the build find the package at the same place', async (t) => {
  t.equal(JSON.parse(readFileSync(packagePath('package.json'), 'utf8')).name, 'stapsteen')
  t.ok(existsSync(built), `${built} exists: run \`npm run build\``)
  const compiled = await import(pathToFileURL(built).href) as { PACKAGE_ROOT: string }
  t.equal(compiled.PACKAGE_ROOT, PACKAGE_ROOT)
})

t.test('every file read at run time is under the package root', async (t) => {
  t.ok(existsSync(packagePath('migrations', 'meta', '_journal.json')))
  for (const file of Object.values(SCHEMA_FILES)) t.ok(existsSync(packagePath('credentials', 'schemas', file)), file)
  t.ok(existsSync(join(VIEWS_DIR, 'layout.eta')))
  t.ok(existsSync(join(VIEWS_DIR, 'assets', 'site.css')))
})
