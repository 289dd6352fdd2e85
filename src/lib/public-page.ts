import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import { notFound, problemResponses } from '../plugins/problems.ts'
import { PAGE_POLICY, descriptionPage, notFoundPage, prefersHtml, type PageContent } from './html.ts'

/** Public descriptions change only with the catalogue: a few minutes in a cache is harmless. */
const CACHE = 'public, max-age=300'

/** OpenAPI entries for a route that answers JSON, or HTML to a browser, and 404 for what does not exist. */
export function publicPageResponses (schema: unknown, description: string) {
  const page = { 'text/html': { schema: { type: 'string', description: 'the same, as a page for a browser' } } }
  return {
    200: { description, content: { 'application/json': { schema }, ...page } },
    404: { description: 'Not Found', content: { 'application/problem+json': { schema: Type.Ref('Problem') }, ...page } },
    ...problemResponses(429)
  }
}

function sendHtml (reply: FastifyReply, status: number, body: string) {
  return reply.code(status).type('text/html; charset=utf-8').header('content-security-policy', PAGE_POLICY).serializer((x: unknown) => String(x)).send(body as never)
}

/**
 * Answers with `found` as JSON, or as a page when the client prefers HTML (a browser); when
 * nothing was found, a 404 problem, or a plain 404 page. Public and cacheable either way.
 */
export function answerPublic<T> (request: FastifyRequest, reply: FastifyReply, found: T | undefined, notFoundAs: { what: string, id: string },
  views: { json: (value: T) => unknown, page: (value: T) => PageContent }) {
  reply.header('vary', 'accept')
  const page = prefersHtml(request.headers.accept)
  if (found === undefined) {
    if (page) return sendHtml(reply, 404, notFoundPage(`${notFoundAs.what} ${notFoundAs.id}`))
    throw notFound(notFoundAs.what, notFoundAs.id)
  }
  reply.header('cache-control', CACHE)
  reply.header('access-control-allow-origin', '*')
  if (page) return sendHtml(reply, 200, descriptionPage(views.page(found)))
  return views.json(found)
}
