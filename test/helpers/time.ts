import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises'

/** When the test clock starts unless told: after every `completedOn` the tests post, so none is in the future. */
export const TEST_NOW = '2026-11-02T09:30:00.000Z'

export const DAY_MS = 24 * 3600 * 1000

/**
 * A clock for `build(t, { now: clock.now })` that stands still until the test moves it, so that
 * expiry, validity and 'today' follow the test and not the wall clock.
 */
export function testClock (start = TEST_NOW) {
  let time = Date.parse(start)
  return {
    now: () => new Date(time),
    /** the clock's time as the service writes it */
    iso: () => new Date(time).toISOString(),
    set: (at: string) => { time = Date.parse(at) },
    advance: (ms: number) => { time += ms }
  }
}

/**
 * Waits until `done()` holds, looking every `everyMs` (every turn of the event loop when 0), and
 * says whether it did. It gives up after `capMs`, a cap for a broken build and not a measure of
 * speed: assert on what `done` looks at, after.
 */
export async function pollUntil (done: () => boolean, { everyMs = 10, capMs = 60_000 } = {}): Promise<boolean> {
  let late = false
  const cap = setTimeout(() => { late = true }, capMs)
  try {
    while (!done()) {
      if (late) return false
      await (everyMs === 0 ? nextTurn() : sleep(everyMs))
    }
    return true
  } finally {
    clearTimeout(cap)
  }
}
