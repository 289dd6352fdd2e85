import { createHash } from 'node:crypto'

/**
 * The one way this service writes HTML until a template engine arrives: a tagged template that
 * escapes every value it is given, so no data reaches a page unescaped.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }

/** Text made safe for HTML and XML (element content and quoted attribute values alike). */
export const escapeMarkup = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)

/** Markup that is already safe: made by {@link html}, never from data. */
export class SafeHtml {
  readonly value: string
  constructor (value: string) { this.value = value }
  toString () { return this.value }
}

function piece (value: unknown): string {
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(piece).join('')
  if (value === null || value === undefined || value === false) return ''
  return escapeMarkup(String(value))
}

/**
 * `html\`<p>${text}</p>\``: every interpolated value is escaped, unless it is {@link SafeHtml}
 * (made by this tag); arrays are joined; null, undefined and false leave nothing.
 */
export function html (strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!
  values.forEach((value, i) => { out += piece(value) + strings[i + 1]! })
  return new SafeHtml(out)
}

/** An http(s) URL fit for an `href` or `src`, or undefined (a `javascript:` or other scheme is never linked). */
export const linkable = (url: string | null | undefined): string | undefined =>
  url && /^https?:\/\//i.test(url) ? url : undefined

/**
 * The one style of every page, inline; the page policy allows exactly it, by its hash. Long words
 * and URLs wrap, so nothing scrolls sideways on a phone.
 */
const PAGE_STYLE = new SafeHtml('body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a;overflow-wrap:anywhere;hyphens:auto}h1{font-size:clamp(1.35rem,6vw,2rem);line-height:1.25}h2{font-size:clamp(1.15rem,5vw,1.5rem)}' +
  'img{max-width:8rem;height:auto}dt{font-weight:600}dd{margin:0 0 .5rem}a{color:#0b5394}')

/**
 * The Content-Security-Policy of these pages: no script at all, the page's own style (by hash)
 * and images from this service only, and no page may frame them.
 */
export const PAGE_POLICY = `default-src 'none'; img-src 'self'; style-src 'sha256-${createHash('sha256').update(PAGE_STYLE.value).digest('base64')}'; ` +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** A whole page: Dutch, readable on a phone, no script. */
export function htmlPage (title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Stapsteen</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`.value
}

/**
 * Whether a client asks for HTML before JSON: a browser does (`text/html` named, JSON only by
 * `*\/*`); `curl`, fetch and wallets (`*\/*`, `application/json`, nothing) get JSON.
 */
export function prefersHtml (accept: string | undefined): boolean {
  if (!accept) return false
  const weights = new Map<string, number>()
  for (const part of accept.split(',')) {
    const [type, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    weights.set(type!.trim(), q ? Number(q.slice(2)) || 0 : 1)
  }
  const weightOf = (type: string) => weights.get(type) ?? weights.get(`${type.split('/')[0]}/*`) ?? weights.get('*/*') ?? 0
  const json = Math.max(weightOf('application/json'), weightOf('application/ld+json'))
  const page = weightOf('text/html')
  return page > json || (page > 0 && page === json && !weights.has('application/json') && !weights.has('application/ld+json') && weights.has('text/html'))
}

/** One fact on a page: a label and a value, linked when `href` is an http(s) URL. */
export interface PageFact { label: string, value: string, href?: string }

/** What a public description page shows, top to bottom. */
export interface PageContent {
  title: string
  image?: { src: string, alt: string }
  paragraphs?: string[]
  facts?: PageFact[]
  lists?: Array<{ heading: string, items: Array<{ text: string, href?: string }> }>
}

const linked = (text: string, href?: string) => {
  const url = linkable(href)
  return url ? html`<a href="${url}">${text}</a>` : html`${text}`
}

/** The page of one public description: title, image, paragraphs, facts, lists; all of it escaped. */
export function descriptionPage (content: PageContent): string {
  const facts = content.facts ?? []
  return htmlPage(content.title, html`<h1>${content.title}</h1>
${content.image && linkable(content.image.src) ? html`<p><img src="${content.image.src}" alt="${content.image.alt}" width="128" height="128"></p>` : ''}
${(content.paragraphs ?? []).map((p) => html`<p>${p}</p>\n`)}
${facts.length > 0 ? html`<dl>\n${facts.map((f) => html`<dt>${f.label}</dt><dd>${linked(f.value, f.href)}</dd>\n`)}</dl>` : ''}
${(content.lists ?? []).filter((l) => l.items.length > 0).map((l) => html`<h2>${l.heading}</h2>
<ul>\n${l.items.map((i) => html`<li>${linked(i.text, i.href)}</li>\n`)}</ul>
`)}${VERIFY_LINE}`)
}

/** Under every public description: where someone holding a credential checks it. */
const VERIFY_LINE = html`<p>Heeft u een bewijs (certificaat) gekregen? <a href="/verify">Controleer het op /verify</a>.</p>
`

/** The plain page a browser gets for something that does not exist. */
export const notFoundPage = (what: string) => htmlPage('Niet gevonden', html`<h1>Niet gevonden</h1>
<p>${what} bestaat niet (meer) op deze plek.</p>`)
