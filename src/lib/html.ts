/** Small helpers for markup made outside the page templates (SVG images) and for choosing HTML or JSON. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }

/** Text made safe for HTML and XML (element content and quoted attribute values alike). */
export const escapeMarkup = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)

/** An http(s) URL fit for an `href` or `src`, or undefined (a `javascript:` or other scheme is never linked). */
export const linkable = (url: string | null | undefined): string | undefined =>
  url && /^https?:\/\//i.test(url) ? url : undefined

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
