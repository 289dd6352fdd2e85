import { buildApp } from '../src/app.ts'

/** The OpenAPI document as the app builds it from its routes, with the default public URL. */
export async function renderOpenApi (): Promise<string> {
  const app = await buildApp({
    databasePath: ':memory:',
    dataDir: '/nonexistent',
    publicUrl: 'http://localhost:3000',
    logLevel: 'silent',
    bodyLimit: 1_048_576,
    trustProxy: false,
    rateLimitMax: 120
  })
  await app.ready()
  const text = JSON.stringify(app.swagger(), null, 2) + '\n'
  await app.close()
  return text
}
