import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import { notFound } from './problems.ts'
import { problemResponses } from '../plugins/problems.ts'
import { linkable, prefersHtml } from './html.ts'

/** Public descriptions change only with the catalogue: a few minutes in a cache is harmless. */
const CACHE = 'public, max-age=300'

/** One fact on a page: a label and a value, linked when `href` is an http(s) URL. */
export interface PageFact { label: string, value: string, href?: string }

/** What a public description page shows, top to bottom (Dutch only: the features build it in Dutch). */
export interface PageContent {
  title: string
  image?: { src: string, alt: string }
  paragraphs?: string[]
  facts?: PageFact[]
  lists?: Array<{ heading: string, items: Array<{ text: string, href?: string }> }>
}

/**
 * The data of src/views/public/description.eta: only http(s) URLs stay (a `javascript:` or other
 * scheme is never linked nor shown as an image), empty lists go.
 */
export function descriptionData (content: PageContent) {
  const image = content.image && linkable(content.image.src) ? content.image : undefined
  return {
    title: content.title,
    image,
    paragraphs: content.paragraphs ?? [],
    facts: (content.facts ?? []).map((f) => ({ label: f.label, value: f.value, href: linkable(f.href) })),
    lists: (content.lists ?? []).filter((l) => l.items.length > 0)
      .map((l) => ({ heading: l.heading, items: l.items.map((i) => ({ text: i.text, href: linkable(i.href) })) }))
  }
}

/** A page route's answers for its schema: HTML at every status (pages are left out of the OpenAPI document). */
export const pageResponses = (...statuses: number[]) => Object.fromEntries(statuses.map((status) =>
  [status, { description: 'a page', content: { 'text/html': { schema: { type: 'string' } } } }]))

/** OpenAPI entries for a route that answers JSON, or HTML to a browser, and 404 for what does not exist. */
export function publicPageResponses (schema: unknown, description: string) {
  const page = { 'text/html': { schema: { type: 'string', description: 'the same, as a page for a browser' } } }
  return {
    200: { description, content: { 'application/json': { schema }, ...page } },
    404: { description: 'Not Found', content: { 'application/problem+json': { schema: Type.Ref('Problem') }, ...page } },
    ...problemResponses(429)
  }
}

/**
 * Answers with `found` as JSON, or as a page when the client prefers HTML (a browser); when
 * nothing was found, a 404 problem, or a plain 404 page. The pages are Dutch only, indexable,
 * in the page frame; found ones are public and cacheable either way.
 */
export function answerPublic<T> (request: FastifyRequest, reply: FastifyReply, found: T | undefined, notFoundAs: { what: string, id: string },
  views: { json: (value: T) => unknown, page: (value: T) => PageContent }) {
  reply.header('vary', 'accept')
  const page = prefersHtml(request.headers.accept)
  if (found === undefined) {
    if (page) {
      return reply.page('error', {
        title: 'Niet gevonden',
        heading: 'Niet gevonden',
        paragraphs: [`${notFoundAs.what} ${notFoundAs.id} bestaat niet (meer) op deze plek.`],
        tone: 'warn',
        icon: 'warning'
      }, { status: 404, languages: false })
    }
    throw notFound(notFoundAs.what, notFoundAs.id)
  }
  reply.header('access-control-allow-origin', '*')
  if (page) return reply.page('public/description', descriptionData(views.page(found)), { cache: CACHE, languages: false })
  reply.header('cache-control', CACHE)
  return views.json(found)
}
