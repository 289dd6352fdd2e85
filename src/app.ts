import Fastify, { type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import rateLimit from '@fastify/rate-limit'
import { randomUUID } from 'node:crypto'
import { wallClock, type AppConfig } from './config.ts'
import { openDatabase } from './db/client.ts'
import { startCheckpointer } from './db/checkpointer.ts'
import { buildValidatorCompiler } from './lib/validator.ts'
import { buildSerializerCompiler } from './lib/serializer.ts'
import problems from './plugins/problems.ts'
import { clientErrorHandler, frameworkErrors } from './plugins/framework-errors.ts'
import { loggerOptions } from './plugins/logging.ts'
import securityHeaders from './plugins/security-headers.ts'
import auth from './plugins/auth.ts'
import openapi from './plugins/swagger.ts'
import pages from './plugins/pages.ts'
import metrics from './plugins/metrics.ts'
import healthRoutes from './features/health/routes.ts'
import metricsRoutes from './features/metrics/routes.ts'
import regionRoutes from './features/regions/routes.ts'
import organisationRoutes from './features/organisations/routes.ts'
import skillRoutes from './features/catalogue/skill-routes.ts'
import moduleRoutes from './features/catalogue/module-routes.ts'
import activityRoutes from './features/catalogue/activity-routes.ts'
import pathwayRoutes from './features/pathways/routes.ts'
import participantRoutes from './features/participants/routes.ts'
import outcomeRoutes from './features/outcomes/routes.ts'
import completionRoutes from './features/completions/routes.ts'
import xapiRoutes from './features/completions/xapi-routes.ts'
import portfolioRoutes from './features/portfolio/routes.ts'
import issuerRoutes, { issuerAdminRoutes } from './features/issuers/routes.ts'
import statusListRoutes from './features/status-lists/routes.ts'
import issuance from './features/credentials/plugin.ts'
import { createSharing } from './features/sharing/service.ts'
import credentialRoutes from './features/credentials/routes.ts'
import verificationRoutes from './features/verification/routes.ts'
import achievementRoutes from './features/achievements/routes.ts'
import sharingRoutes from './features/sharing/routes.ts'
import verifyPageRoutes from './features/verification/page-routes.ts'
import sharePageRoutes from './features/share-page/routes.ts'
import employerShareRoutes from './features/share-page/employer-routes.ts'
import participantPageRoutes from './features/participant-page/routes.ts'
import statsPageRoutes from './features/stats-page/routes.ts'
import { createAuditTrail } from './features/audit/trail.ts'
import audit from './features/audit/plugin.ts'
import auditRoutes from './features/audit/routes.ts'
import stats from './features/stats/plugin.ts'
import statsRoutes from './features/stats/routes.ts'
import privacyRoutes from './features/privacy/routes.ts'
import './types.ts'

/**
 * Builds the whole service on one database. Plugins first (errors, auth, OpenAPI, rate limits),
 * then the features, each registered here so that this file reads as the table of contents.
 */
export async function buildApp (given: AppConfig): Promise<FastifyInstance> {
  const config = { ...given, now: given.now ?? wallClock }
  const db = openDatabase(config.databasePath)
  const app = Fastify({
    logger: loggerOptions(config),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // no identifier is longer than 64 characters; a longer path segment is answered 414 path-too-long
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 100 },
    frameworkErrors,
    clientErrorHandler,
    schemaController: { compilersFactory: { buildValidator: buildValidatorCompiler, buildSerializer: buildSerializerCompiler } }
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('db', db)
  // checkpoints run in a thread of their own, so no request waits while the WAL is copied and synced
  const checkpointer = config.databasePath === ':memory:'
    ? undefined
    : startCheckpointer(db.$client, config.databasePath, { onError: (message) => app.log.warn({ message }, 'WAL checkpoint failed') })
  app.decorate('config', config)
  app.decorate('audit', createAuditTrail(db, {
    onError: (err, waiting) => { app.log.error({ err, waiting }, 'audit events could not be written; they wait for the next try') },
    onDropped: (events) => { app.log.error({ dropped: events }, 'audit events dropped: too many waited to be written') }
  }))
  app.decorate('sharing', createSharing(db, config.publicUrl, app.log, config.now, app.audit))
  app.addHook('onSend', async (request, reply) => { reply.header('x-request-id', request.id) })
  // onClose hooks run in reverse order: those of the plugins registered below (issuance) run before this one
  app.addHook('onClose', async () => {
    await checkpointer?.stop()
    app.sharing.repo.flushViews()
    app.audit.flush()
    db.$client.close()
  })

  await app.register(problems)
  // requests and latencies by route pattern: registered before every route, so it sees them all
  await app.register(metrics)
  await app.register(securityHeaders)
  // issuer keys, status lists, background issuance; before auth, so that refused requests count as in flight too
  await app.register(issuance)
  await app.register(auth)
  // every route but GET names its audit action; registered before the routes, whose hooks it adds
  await app.register(audit)
  await app.register(openapi, { publicUrl: config.publicUrl })
  await app.register(rateLimit, { global: false, max: config.rateLimitMax, timeWindow: '1 minute' })
  await app.register(pages)
  // the programme's figures, counted in the background; read by the figures API and the /stats page
  await app.register(stats)

  await app.register(healthRoutes)
  await app.register(metricsRoutes)
  await app.register(regionRoutes, { prefix: '/v1' })
  await app.register(organisationRoutes, { prefix: '/v1' })
  await app.register(skillRoutes, { prefix: '/v1' })
  await app.register(moduleRoutes, { prefix: '/v1' })
  await app.register(activityRoutes)
  await app.register(pathwayRoutes, { prefix: '/v1' })
  await app.register(participantRoutes, { prefix: '/v1' })
  await app.register(privacyRoutes, { prefix: '/v1' })
  await app.register(outcomeRoutes, { prefix: '/v1' })
  await app.register(completionRoutes, { prefix: '/v1' })
  await app.register(xapiRoutes, { prefix: '/v1' })
  await app.register(portfolioRoutes, { prefix: '/v1' })
  await app.register(issuerRoutes)
  await app.register(issuerAdminRoutes, { prefix: '/v1' })
  await app.register(statusListRoutes)
  await app.register(credentialRoutes, { prefix: '/v1' })
  await app.register(verificationRoutes)
  await app.register(achievementRoutes)
  await app.register(sharingRoutes, { prefix: '/v1' })
  await app.register(verifyPageRoutes)
  await app.register(sharePageRoutes)
  await app.register(employerShareRoutes, { prefix: '/v1' })
  await app.register(participantPageRoutes)
  await app.register(statsPageRoutes)
  await app.register(auditRoutes, { prefix: '/v1' })
  await app.register(statsRoutes, { prefix: '/v1' })

  return app
}
