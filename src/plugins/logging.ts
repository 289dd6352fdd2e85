import type { FastifyRequest, FastifyServerOptions } from 'fastify'
import type { AppConfig } from '../config.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: requests to the route are logged without the client's address and port */
    logClient?: boolean
  }
}

/**
 * The path of a request as it may be logged: no query string (participant references travel
 * there), and no capability token of a share or personal page (`/s/{token}`, `/p/{token}`).
 */
export function loggablePath (url: string): string {
  return url.split('?', 1)[0]!.replace(/^\/([sp])\/[^/]+/, '/$1/[token]')
}

/** The query's parameter names, without their values. */
function queryNames (url: string): string[] | undefined {
  const at = url.indexOf('?')
  if (at < 0) return undefined
  const names = [...new URLSearchParams(url.slice(at + 1)).keys()]
  return names.length > 0 ? [...new Set(names)] : undefined
}

/** What the log says about a request: method, path, the query's names, and who asked unless the route says not to. */
function serializeRequest (request: FastifyRequest) {
  const anonymous = request.routeOptions?.config?.logClient === false
  return {
    method: request.method,
    url: loggablePath(request.url),
    query: queryNames(request.url),
    ...(anonymous ? {} : { remoteAddress: request.ip, remotePort: request.socket?.remotePort })
  }
}

/** Fastify's logger settings: the level, an optional destination (tests read it), and the request serializer. */
export function loggerOptions (config: AppConfig): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false
  return {
    level: config.logLevel,
    ...(config.logStream ? { stream: config.logStream } : {}),
    serializers: { req: serializeRequest }
  }
}
