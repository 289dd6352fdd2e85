import { escapeMarkup } from '../../lib/html.ts'
import { hueOf } from '../issuers/logo.ts'

/** Splits a title into at most `lines` lines of about `width` characters; a cut line ends in `…`. */
export function wrapTitle (title: string, width = 18, lines = 3): string[] {
  const out: string[] = []
  for (const word of title.split(/\s+/).filter(Boolean)) {
    const last = out.at(-1)
    if (last !== undefined && `${last} ${word}`.length <= width) out[out.length - 1] = `${last} ${word}`
    else out.push(word)
  }
  if (out.length > lines) {
    out.length = lines
    out[lines - 1] = `${out[lines - 1]!.slice(0, width - 1)}…`
  }
  return out.map((line) => line.length > width ? `${line.slice(0, width - 1)}…` : line)
}

/**
 * The badge image of an achievement: a shield in the colour of its id, the title in up to three
 * lines and a short label below (the module code, or `ontwikkelpad`). Generated, no script, no
 * external reference; every text escaped.
 */
export function badgeImage (input: { id: string, title: string, label: string }): string {
  const lines = wrapTitle(input.title)
  const top = 150 - (lines.length - 1) * 16
  const text = lines.map((l, i) => `<tspan x="128" y="${top + i * 32}">${escapeMarkup(l)}</tspan>`).join('')
  return '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img" aria-labelledby="title">' +
    `<title id="title">${escapeMarkup(input.title)}</title>` +
    `<path d="M128 8 L232 48 V128 C232 188 188 228 128 248 C68 228 24 188 24 128 V48 Z" fill="hsl(${hueOf(input.id)}, 50%, 30%)"/>` +
    '<path d="M128 24 L218 58 V128 C218 180 180 214 128 232 C76 214 38 180 38 128 V58 Z" fill="none" stroke="#ffffff" stroke-width="3"/>' +
    `<text font-family="Verdana, Arial, sans-serif" font-size="22" font-weight="700" fill="#ffffff" text-anchor="middle">${text}</text>` +
    `<text x="128" y="82" font-family="Verdana, Arial, sans-serif" font-size="16" fill="#ffffff" text-anchor="middle">${escapeMarkup(input.label.slice(0, 24))}</text>` +
    '</svg>'
}
