import { writeFileSync } from 'node:fs'
import { renderOpenApi } from './openapi-document.ts'

// npm run openapi: writes openapi/openapi.json from the routes' schemas
const target = new URL('../openapi/openapi.json', import.meta.url)
writeFileSync(target, await renderOpenApi())
process.stdout.write('wrote openapi/openapi.json\n')
