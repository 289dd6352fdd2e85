import QRCode from 'qrcode'
import { boundedCache } from './cache.ts'

/** Codes made before, by link and label: a link's code never changes (bench/caches.ts: 0.4 µs of CPU, 377 to make). */
const made = boundedCache<string, string>(1000)

/**
 * A QR code for a link, as SVG markup made by the qrcode library (nothing from the link reaches
 * the markup but the modules' pattern). `label` becomes the image's accessible name. Templates
 * write it raw as `it.qrSvg`, one of the few raw values a test allows (test/pages.test.ts).
 *
 * The link goes in as one byte-mode segment (a URL gains nothing from the library's search for
 * the shortest mix of modes, which costs as much as the rest of the code), and the thousand codes
 * used last are kept: a page shown again, or printed, needs its code again. They live only in this
 * process, as the links themselves do while their pages are made.
 */
export async function qrSvg (url: string, label: string): Promise<string> {
  const key = `${label}\n${url}`
  const known = made.get(key)
  if (known !== undefined) return known
  const svg = await QRCode.toString([{ data: Buffer.from(url), mode: 'byte' }], { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  const escaped = label.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  const labelled = svg.replace('<svg ', `<svg role="img" aria-label="${escaped}" `)
  made.set(key, labelled)
  return labelled
}
