import type { Spec } from 'vega'
import { boundedCache } from '../../lib/cache.ts'
import { escapeMarkup } from '../../lib/html.ts'

/** One chart to draw: its spec and its accessible name. */
export interface ChartToDraw { spec: Spec, label: string }

type Vega = typeof import('vega')
let loading: Promise<Vega> | undefined
/** Vega, loaded when the first chart is drawn: the service starts without it. */
const vega = () => (loading ??= import('vega'))

/**
 * The chart as SVG markup drawn by Vega on the server (no canvas, no script): an image named by
 * `label` for screen readers, which skip its inner marks. Vega escapes the texts it writes, and
 * writes presentation attributes rather than `style`, so the page's policy lets it through.
 */
export async function renderChart (spec: Spec, label: string): Promise<string> {
  const { View, parse, None } = await vega()
  // Vega's own log goes to the console; a failure rejects, and the caller logs it
  const view = new View(parse(spec), { renderer: 'none', logLevel: None })
  try {
    const svg = await view.toSVG()
    return svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeMarkup(label)}" focusable="false" `)
  } finally {
    view.finalize()
  }
}

/**
 * The charts of a page, drawn once per key and kept: the key names the report (period and the
 * moment it was computed), the language and the chosen region, so an entry never goes stale
 * (see boundedCache). A page asked for while its charts are being drawn waits for the same drawing.
 */
export function createChartCache (max = 100) {
  const kept = boundedCache<string, Promise<string[]>>(max)
  return {
    charts (key: string, draw: () => ChartToDraw[]): Promise<string[]> {
      let found = kept.get(key)
      if (!found) {
        found = Promise.all(draw().map((chart) => renderChart(chart.spec, chart.label)))
        kept.set(key, found)
        // a drawing that failed is not kept: the next page tries again
        found.catch(() => { if (kept.get(key) === found) kept.delete(key) })
      }
      return found
    },
    get size () { return kept.size }
  }
}
