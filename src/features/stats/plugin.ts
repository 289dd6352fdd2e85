import fp from 'fastify-plugin'
import { createStats } from './service.ts'

/** At least this long between two counts of the figures. */
export const MIN_REFRESH_MS = 2000

/**
 * The programme's figures (`app.stats`), counted in the background from the latest snapshot of
 * the database. Registered before the routes and pages that read them.
 */
export default fp(async (app) => {
  const stats = createStats(app.db, {
    databasePath: app.config.databasePath,
    now: app.config.now,
    minRefreshMs: MIN_REFRESH_MS,
    beforeCount: () => { app.sharing.repo.flushViews() },
    onError: (err) => { app.log.error({ err }, 'the figures could not be counted; the last ones are served') }
  })
  app.decorate('stats', stats)
  // the first count starts with the service, so that the first reader does not wait for it (a
  // database file only: counting in memory holds the service's connection until it ends)
  app.addHook('onReady', async () => {
    if (app.config.databasePath !== ':memory:') stats.start()
  })
  app.addHook('onClose', async () => { await stats.close() })
}, { name: 'stats' })
