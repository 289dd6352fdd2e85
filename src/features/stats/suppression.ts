/*
 * Complementary suppression: no count of 1 to 9 is shown, and none can be worked out from the
 * counts that are shown. A count of 1 to 9 is withheld (`<10`); then, for every line of cells that
 * add up to a total (the regions to the programme, the quarters to their year, the years to the
 * whole programme), more cells are withheld until every line holds the rule:
 *
 * - under a total that is shown, the withheld parts are none, or at least two that together
 *   reach 10 (so subtracting the shown parts from the total gives no count under 10, and no
 *   single withheld count);
 * - under a total that is withheld, at least one part is withheld too (else the parts add up to it).
 *
 * The cells added are the smallest shown parts, so that as little as possible is lost; a total is
 * withheld only when its line has no shown part left. Withholding one cell can break another line
 * it belongs to, so the rule is applied until nothing changes.
 *
 * A count of 0 is shown: it tells of nobody. Withholding every 0 (a measure not yet begun, a quiet
 * quarter) would force the real counts beside it to be withheld too, and leave regions little to
 * see. A 0 is still withheld, as `<10`, where a line needs it to hide another count. Pure.
 */
import { SMALLEST_SHOWN, type Figure } from './report.ts'

/** Cells whose values add up to a total. */
export interface Line { total: string, parts: string[] }

/** The smallest shown part of a line, in value then id order, or undefined when all are withheld. */
function smallestShown (parts: readonly string[], values: ReadonlyMap<string, number>, withheld: ReadonlySet<string>): string | undefined {
  let best: string | undefined
  for (const part of parts) {
    if (withheld.has(part)) continue
    if (best === undefined || values.get(part)! < values.get(best)! || (values.get(part) === values.get(best) && part < best)) best = part
  }
  return best
}

/** The cell a line needs withheld to hold the rule, or undefined when it holds. */
function cellToWithhold (line: Line, values: ReadonlyMap<string, number>, withheld: ReadonlySet<string>): string | undefined {
  const held = line.parts.filter((part) => withheld.has(part))
  if (withheld.has(line.total)) {
    return held.length > 0 || line.parts.length === 0 ? undefined : smallestShown(line.parts, values, withheld)
  }
  if (held.length === 0) return undefined
  const sum = held.reduce((total, part) => total + values.get(part)!, 0)
  if (held.length >= 2 && sum >= SMALLEST_SHOWN) return undefined
  return smallestShown(line.parts, values, withheld) ?? line.total
}

/** Every cell as shown: its count, `<10`, or `suppressed`. Every cell a line names must have a value. */
export function suppress (values: ReadonlyMap<string, number>, lines: readonly Line[]): Map<string, Figure> {
  const withheld = new Set<string>()
  for (const [cell, value] of values) if (value > 0 && value < SMALLEST_SHOWN) withheld.add(cell)
  for (let changed = true; changed;) {
    changed = false
    for (const line of lines) {
      const cell = cellToWithhold(line, values, withheld)
      if (cell !== undefined) { withheld.add(cell); changed = true }
    }
  }
  const shown = new Map<string, Figure>()
  for (const [cell, value] of values) {
    shown.set(cell, !withheld.has(cell) ? value : value < SMALLEST_SHOWN ? '<10' : 'suppressed')
  }
  return shown
}
