import QRCode from 'qrcode'

/**
 * A QR code for a link, as SVG markup made by the qrcode library (nothing from the link reaches
 * the markup but the modules' pattern). `label` becomes the image's accessible name. Templates
 * write it raw as `it.qrSvg`, the one raw value besides the layout's body (test/pages.test.ts).
 */
export async function qrSvg (url: string, label: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  const escaped = label.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  return svg.replace('<svg ', `<svg role="img" aria-label="${escaped}" `)
}
