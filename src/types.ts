import type { Db } from './db/client.ts'
import type { AppConfig } from './config.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    config: AppConfig
  }
}
