import { buildApp } from './app.ts'
import { ConfigError, readConfig, toAppConfig } from './config.ts'
import { compileDeferred } from './lib/deferred-compile.ts'

/** The only place that reads the environment, listens and handles signals. */
async function main (): Promise<void> {
  let env
  try {
    env = readConfig(process.env)
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`)
      process.exit(78)
    }
    throw err
  }
  const app = await buildApp(toAppConfig(env))

  let closing = false
  const close = (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'closing: finishing requests in flight')
    const timer = setTimeout(() => { app.log.error('did not close within 10 s; exiting'); process.exit(1) }, 10_000)
    timer.unref()
    app.close().then(() => process.exit(0), (err: unknown) => { app.log.error({ err }, 'error while closing'); process.exit(1) })
  }
  process.once('SIGTERM', close)
  process.once('SIGINT', close)

  await app.listen({ port: env.PORT, host: env.HOST })
  // what start-up put off, while the service already answers
  const compiled = await compileDeferred()
  app.log.debug({ compiled }, 'validators and serializers compiled')
}

main().catch((err: unknown) => {
  process.stderr.write(`stapsteen could not start: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
