import Fastify, { type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import rateLimit from '@fastify/rate-limit'
import { randomUUID } from 'node:crypto'
import type { AppConfig } from './config.ts'
import { openDatabase } from './db/client.ts'
import { buildValidatorCompiler } from './lib/validator.ts'
import problems from './plugins/problems.ts'
import auth from './plugins/auth.ts'
import openapi from './plugins/swagger.ts'
import healthRoutes from './features/health/routes.ts'
import regionRoutes from './features/regions/routes.ts'
import organisationRoutes from './features/organisations/routes.ts'
import skillRoutes from './features/catalogue/skill-routes.ts'
import moduleRoutes from './features/catalogue/module-routes.ts'
import pathwayRoutes from './features/pathways/routes.ts'
import participantRoutes from './features/participants/routes.ts'
import completionRoutes from './features/completions/routes.ts'
import xapiRoutes from './features/completions/xapi-routes.ts'
import portfolioRoutes from './features/portfolio/routes.ts'
import './types.ts'

/**
 * Builds the whole service on one database. Plugins first (errors, auth, OpenAPI, rate limits),
 * then the features, each registered here so that this file reads as the table of contents.
 */
export async function buildApp (config: AppConfig): Promise<FastifyInstance> {
  const db = openDatabase(config.databasePath)
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
    schemaController: { compilersFactory: { buildValidator: buildValidatorCompiler } }
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('db', db)
  app.decorate('config', config)
  app.addHook('onSend', async (request, reply) => { reply.header('x-request-id', request.id) })
  app.addHook('onClose', async () => { db.$client.close() })

  await app.register(problems)
  await app.register(auth)
  await app.register(openapi, { publicUrl: config.publicUrl })
  await app.register(rateLimit, { global: false, max: config.rateLimitMax, timeWindow: '1 minute' })

  await app.register(healthRoutes)
  await app.register(regionRoutes, { prefix: '/v1' })
  await app.register(organisationRoutes, { prefix: '/v1' })
  await app.register(skillRoutes, { prefix: '/v1' })
  await app.register(moduleRoutes, { prefix: '/v1' })
  await app.register(pathwayRoutes, { prefix: '/v1' })
  await app.register(participantRoutes, { prefix: '/v1' })
  await app.register(completionRoutes, { prefix: '/v1' })
  await app.register(xapiRoutes, { prefix: '/v1' })
  await app.register(portfolioRoutes, { prefix: '/v1' })

  return app
}
