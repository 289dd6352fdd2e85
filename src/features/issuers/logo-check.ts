import type { FieldError, ProblemCode } from '../../lib/problems.ts'

/** The largest logo accepted, in bytes of UTF-8: a logo is a few kilobytes; this leaves room for detailed artwork. */
export const MAX_LOGO_BYTES = 64 * 1024

/** What a logo may not contain, and why; names with a namespace prefix (`svg:script`) count too. */
const FORBIDDEN: Array<{ pattern: RegExp, code: ProblemCode, detail: string }> = [
  { pattern: /<!DOCTYPE|<!ENTITY/i, code: 'logo-doctype', detail: 'a logo may not declare a DOCTYPE or entities' },
  { pattern: /<\?(?!xml\s)/i, code: 'logo-processing-instruction', detail: 'a logo may not hold processing instructions (such as a stylesheet link)' },
  { pattern: /<\s*(?:[\w.-]+:)?script\b/i, code: 'logo-script', detail: 'a logo may not hold a script' },
  { pattern: /<\s*(?:[\w.-]+:)?(?:handler|listener)\b/i, code: 'logo-script', detail: 'a logo may not hold event handlers' },
  { pattern: /[\s"'/](?:[\w.-]+:)?on[a-z]+\s*=/i, code: 'logo-event-handler', detail: 'a logo may not hold event-handler attributes (onload, onclick…)' },
  { pattern: /<\s*(?:[\w.-]+:)?foreignObject\b/i, code: 'logo-foreign-object', detail: 'a logo may not hold foreignObject (HTML inside SVG)' },
  { pattern: /<\s*(?:[\w.-]+:)?(?:iframe|embed|object|audio|video)\b/i, code: 'logo-embedded-content', detail: 'a logo may not embed other documents or media' },
  { pattern: /<\s*(?:[\w.-]+:)?(?:set|animate)\b/i, code: 'logo-animation', detail: 'a logo may not change its own attributes (set, animate)' },
  { pattern: /(?:[\w.-]+:)?href\s*=\s*(?!["']#)/i, code: 'logo-external-reference', detail: 'a logo may refer only to its own parts (href="#…")' },
  { pattern: /url\s*\(\s*(?!["']?#)/i, code: 'logo-external-reference', detail: 'a logo may refer only to its own parts (url(#…))' },
  { pattern: /@import/i, code: 'logo-external-reference', detail: 'a logo may not import stylesheets' }
]

/**
 * Checks an SVG logo before it is stored and served. The rules are strict on purpose: a logo
 * needs shapes, text, gradients and styles, nothing that runs, loads or embeds. Returns every
 * problem found, each pointing at `pointer`; none means the logo may be stored.
 *
 * The logo is served as `image/svg+xml` with a policy that forbids script and outside requests,
 * so a construct these rules miss still cannot act when the image is opened on its own.
 */
export function checkLogo (svg: string, pointer = '#/svg'): FieldError[] {
  const problem = (code: ProblemCode, detail: string): FieldError => ({ pointer, code, detail, in: 'body' })
  if (Buffer.byteLength(svg, 'utf8') > MAX_LOGO_BYTES) return [problem('logo-too-large', `a logo is at most ${MAX_LOGO_BYTES / 1024} KB`)]
  const body = svg.trim().replace(/^<\?xml\s[^?]*\?>\s*/i, '').replace(/^(?:<!--[\s\S]*?-->\s*)*/, '')
  const errors: FieldError[] = []
  const seen = new Set<string>()
  for (const rule of FORBIDDEN) {
    if (seen.has(rule.code) || !rule.pattern.test(svg)) continue
    seen.add(rule.code)
    errors.push(problem(rule.code, rule.detail))
  }
  if (!/^<svg[\s>]/.test(body) || !/<\/svg>$/.test(body) || !/\sxmlns\s*=\s*["']http:\/\/www\.w3\.org\/2000\/svg["']/.test(body)) {
    errors.push(problem('logo-not-svg', 'a logo is one <svg> element with xmlns="http://www.w3.org/2000/svg"'))
  }
  return errors
}
