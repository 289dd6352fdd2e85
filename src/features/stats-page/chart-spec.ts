/*
 * A Vega spec for one measure's bar chart: one horizontal bar per region, its count beside it; a
 * region whose count is not shown gets no bar, only the words (`minder dan 10`, `afgeschermd`).
 * Pure: every value the marks use is worked out here, so no text reaches a Vega expression.
 */
import type { Spec, TextEncodeEntry, TextMark } from 'vega'
import type { Bar } from './view-model.ts'

/** The page's colours and type (src/views/assets/site.css), so the charts match the page. */
const INK = '#1b1b1b'
const MUTED = '#4a4a4a'
const BRAND = '#0b5394'
/** The other regions' bars when one region is chosen: lighter, still 3:1 against white. */
const OTHERS = '#6f93bd'
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'

/** Plot width in pixels; the names on the left and the labels on the right come on top of it. */
export const PLOT_WIDTH = 220
/** Height per region in pixels: a bar and the gap below it. */
export const ROW_HEIGHT = 30

/** A text mark on each region's row, in the region's weight (bold when chosen). */
const textBeside = (encoding: TextEncodeEntry): TextMark => ({
  type: 'text',
  from: { data: 'bars' },
  aria: false,
  encode: { enter: { y: { scale: 'y', field: 'key', band: 0.5 }, baseline: { value: 'middle' }, fontWeight: { field: 'weight' }, ...encoding } }
})

/** The spec of one chart of `bars`. */
export function chartSpec (bars: Bar[]): Spec {
  const highlighting = bars.some((b) => b.highlight)
  const values = bars.map((bar, key) => ({
    key,
    name: bar.name,
    value: bar.value,
    label: bar.label,
    labelAt: bar.value ?? 0,
    fill: highlighting && !bar.highlight ? OTHERS : BRAND,
    weight: bar.highlight ? 'bold' : 'normal',
    tone: bar.value === null ? MUTED : INK,
    style: bar.value === null ? 'italic' : 'normal'
  }))
  const most = Math.max(1, ...bars.map((b) => b.value ?? 0))
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: PLOT_WIDTH,
    height: Math.max(1, bars.length) * ROW_HEIGHT,
    padding: 4,
    autosize: { type: 'pad' },
    background: 'transparent',
    config: { text: { font: FONT, fontSize: 16 } },
    data: [
      { name: 'bars', values },
      { name: 'shown', source: 'bars', transform: [{ type: 'filter', expr: 'datum.value !== null' }] }
    ],
    scales: [
      { name: 'y', type: 'band', domain: { data: 'bars', field: 'key' }, range: 'height', paddingInner: 0.25, paddingOuter: 0.1 },
      { name: 'x', type: 'linear', domain: [0, most], range: 'width', nice: false, zero: true }
    ],
    marks: [
      {
        type: 'rect',
        from: { data: 'shown' },
        aria: false,
        encode: {
          enter: {
            y: { scale: 'y', field: 'key' },
            height: { scale: 'y', band: 1 },
            x: { scale: 'x', value: 0 },
            x2: { scale: 'x', field: 'value' },
            fill: { field: 'fill' }
          }
        }
      },
      // the region's name left of the plot, and the count (or why there is none) beside the bar
      textBeside({ x: { value: -8 }, align: { value: 'right' }, text: { field: 'name' }, fill: { value: INK } }),
      textBeside({ x: { scale: 'x', field: 'labelAt', offset: 6 }, align: { value: 'left' }, text: { field: 'label' }, fill: { field: 'tone' }, fontStyle: { field: 'style' } })
    ]
  }
}
