import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { extname, join } from 'node:path'
import fp from 'fastify-plugin'
import type { FastifyReply } from 'fastify'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import view from '@fastify/view'
import { Eta } from 'eta'
import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { LANG_COOKIE, SITE_TEXT, chooseLanguage, type Lang } from '../lib/page-text.ts'
import { packagePath } from '../lib/package-root.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the route answers with pages for people: errors become pages too, in the page's language */
    page?: boolean
  }
  interface FastifyRequest {
    /** the language of the page (routes with `config.page` only) */
    lang: Lang
  }
  interface FastifyReply {
    /** Renders `template` (under src/views) inside the page frame, with the page headers. */
    page: (template: string, data: PageData, options?: PageOptions) => Promise<FastifyReply>
    /** A plain page for an error status, in the request's language. */
    problemPage: (status: number) => Promise<FastifyReply>
  }
}

/** What every page template gets besides its own data. */
export interface PageData {
  /** the page title (before " · Stapsteen") */
  title: string
  [key: string]: unknown
}

export interface PageOptions {
  status?: number
  /** `<meta name="robots" content="noindex">` and `X-Robots-Tag`: for every page behind a token */
  noindex?: boolean
  /** Cache-Control; pages behind a token default to `no-store` */
  cache?: string
  /**
   * `false` for a page whose content exists in Dutch only (the public descriptions): `lang="nl"`
   * whatever the request asks, and no switch to English
   */
  languages?: false
}

/** the templates stay in src/views, read from there by the build too */
export const VIEWS_DIR = packagePath('src', 'views')
const ASSETS_DIR = join(VIEWS_DIR, 'assets')
const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' }

/**
 * The Content-Security-Policy of the pages for people: no script at all, styles and images from
 * this service only (images also as data: URLs, for QR codes), forms post back here only.
 */
export const PEOPLE_PAGE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; " +
  "base-uri 'none'; frame-ancestors 'none'"

interface Asset { body: Buffer, type: string }

/** Every file in src/views/assets under a name with its content hash in it, so it can be cached forever. */
function loadAssets (): { byHashedName: Map<string, Asset>, urlOf: Map<string, string> } {
  const byHashedName = new Map<string, Asset>()
  const urlOf = new Map<string, string>()
  for (const file of readdirSync(ASSETS_DIR)) {
    const body = readFileSync(join(ASSETS_DIR, file))
    const ext = extname(file)
    const hashed = `${file.slice(0, -ext.length)}.${createHash('sha256').update(body).digest('hex').slice(0, 12)}${ext}`
    byHashedName.set(hashed, { body, type: TYPES[ext] ?? 'application/octet-stream' })
    urlOf.set(file, `/assets/${hashed}`)
  }
  return { byHashedName, urlOf }
}

const STATUS_TEXT: Record<number, keyof typeof SITE_TEXT.nl> = { 404: 'notFound', 410: 'notFound', 429: 'tooMany' }

/**
 * The pages for participants and employers: Eta templates with automatic escaping (`<%= %>`
 * escapes; raw output `<%~ %>` is kept for the layout's body, includes, QR codes made by the
 * qrcode library and charts drawn by Vega, which a test holds to), registered through @fastify/view; the assets with
 * cache-busting names; the language switch, remembered in a cookie; error pages.
 */
export default fp(async function pages (fastify) {
  await fastify.register(cookie)
  await fastify.register(formbody, { bodyLimit: 64 * 1024 })
  const eta = new Eta({ views: VIEWS_DIR, autoEscape: true, cache: true })
  await fastify.register(view, { engine: { eta }, root: VIEWS_DIR, production: true })

  const { byHashedName, urlOf } = loadAssets()
  const asset = (file: string) => {
    const url = urlOf.get(file)
    if (!url) throw new Error(`no asset ${file} in src/views/assets`)
    return url
  }

  fastify.withTypeProvider<TypeBoxTypeProvider>().get('/assets/:file', {
    config: { public: true },
    schema: {
      hide: true,
      params: Type.Object({ file: Type.String({ maxLength: 100 }) })
    }
  }, async (request, reply) => {
    const found = byHashedName.get(request.params.file)
    if (!found) return reply.code(404).type('text/plain; charset=utf-8').send('not found')
    return reply.type(found.type).header('cache-control', 'public, max-age=31536000, immutable').send(found.body)
  })

  fastify.decorateRequest('lang', 'nl')
  // onRequest, so that a page refused before its handler (a bad form, a rate limit) is in the right language too
  fastify.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions.config.page) return
    const { lang, remember } = chooseLanguage(request.query, request.cookies[LANG_COOKIE])
    request.lang = lang
    if (remember) {
      reply.setCookie(LANG_COOKIE, lang, {
        path: '/',
        maxAge: 365 * 24 * 3600,
        sameSite: 'lax',
        httpOnly: true,
        secure: fastify.config.publicUrl.startsWith('https:')
      })
    }
  })

  fastify.decorateReply('page', async function (this: FastifyReply, template: string, data: PageData, options: PageOptions = {}) {
    const request = this.request
    const switchable = options.languages !== false
    const lang: Lang = switchable ? request.lang : 'nl'
    const other: Lang = lang === 'nl' ? 'en' : 'nl'
    const path = request.url.split('?')[0]!
    this.code(options.status ?? 200)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', PEOPLE_PAGE_POLICY)
      .header('cache-control', options.cache ?? 'no-store')
    if (switchable) this.header('vary', 'cookie')
    if (options.noindex) this.header('x-robots-tag', 'noindex, nofollow')
    return this.view(template, {
      ...data,
      lang,
      site: SITE_TEXT[lang],
      asset,
      noindex: options.noindex ?? false,
      // a POST's answer switches language on the page it came from (a GET), not on the form's target
      switchLanguage: switchable && request.method === 'GET' ? { href: `${path}?lang=${other}`, lang: other, label: SITE_TEXT[lang].switchTo } : undefined
    })
  })

  fastify.decorateReply('problemPage', async function (this: FastifyReply, status: number) {
    const text = SITE_TEXT[this.request.lang ?? 'nl'][STATUS_TEXT[status] ?? (status >= 500 ? 'serverError' : 'badRequest')] as { title: string, heading: string, paragraphs: string[] }
    return this.page('error', { ...text, tone: status >= 500 ? 'bad' : 'warn', icon: status === 429 ? 'clock' : 'warning' }, { status, noindex: true })
  })
}, { name: 'pages', dependencies: ['problems'] })
