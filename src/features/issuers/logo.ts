import { createHash } from 'node:crypto'
import { escapeMarkup } from '../../lib/html.ts'

/** Words that say what kind of body an organisation is, not which: left out of its initials. */
const NOT_INITIALS = new Set(['van', 'de', 'der', 'den', 'het', 'en', 'voor', 'bv', 'b.v.', 'nv', 'n.v.', 'via', 'the', 'of'])

/** Up to two initials of a name: `ROC van Twente` → `RT`, `Gemeente Enschede` → `GE`. */
export function initialsOf (name: string): string {
  const words = name.split(/[\s()/,-]+/).filter((w) => /^[\p{L}\p{N}]/u.test(w) && !NOT_INITIALS.has(w.toLowerCase()))
  const letters = words.slice(0, 2).map((w) => [...w][0]!.toLocaleUpperCase('nl'))
  return letters.join('') || '?'
}

/** A hue that stays the same for one id, so an organisation keeps its colour. */
export function hueOf (id: string): number {
  return createHash('sha256').update(id).digest().readUInt16BE(0) % 360
}

/**
 * The logo of an organisation that has none of its own: its initials, white on a circle of its
 * colour (dark enough for white text). No script, no external reference; the name only escaped.
 */
export function defaultLogo (issuerId: string, name: string): string {
  return '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img" aria-labelledby="title">' +
    `<title id="title">${escapeMarkup(`Logo van ${name}`)}</title>` +
    `<circle cx="128" cy="128" r="128" fill="hsl(${hueOf(issuerId)}, 55%, 32%)"/>` +
    '<text x="128" y="128" dy="0.35em" text-anchor="middle" font-family="Verdana, Arial, sans-serif" font-size="96" font-weight="700" fill="#ffffff">' +
    `${escapeMarkup(initialsOf(name))}</text></svg>`
}
