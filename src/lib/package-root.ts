import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The folder that holds package.json: every file the service reads at run time is found from here
 * (migrations/, credentials/schemas/, the page templates in src/views/), never from the reading
 * module's own place, which differs between the sources and the build. This file is
 * src/lib/package-root.ts, built to dist/lib/package-root.js (tsconfig.build.json: rootDir src), so
 * two folders up is the package in both layouts; test/build.test.ts holds both to it.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** A path inside the package, e.g. `packagePath('migrations')`. */
export const packagePath = (...segments: string[]): string => join(PACKAGE_ROOT, ...segments)
