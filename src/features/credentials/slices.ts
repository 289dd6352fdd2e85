import { setImmediate as immediate, setTimeout as delay } from 'node:timers/promises'

/** Time as the scheduler sees it; tests pass a virtual one. */
export interface SliceClock {
  now: () => number
  /** resolves after `ms`, or earlier when `signal` aborts */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>
  /** resolves once the I/O callbacks pending now had their turn */
  yieldToIo: () => Promise<void>
}

export interface SliceOptions {
  /** the longest stretch of work between two chances for requests to run */
  sliceMs: number
  /** while requests are in flight, a slice starts at most once per this interval */
  busyIntervalMs: number
  /** how often a waiting scheduler looks whether the requests are done */
  pollMs: number
  /** true while requests are being answered */
  busy: () => boolean
}

export const realClock: SliceClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }).catch(() => {}),
  yieldToIo: () => immediate()
}

/**
 * Shares the event loop between background work and requests. The work calls `checkpoint()`
 * wherever it may pause; a checkpoint resolves at once while the current slice lasts. When the
 * slice is used up it always lets pending I/O run first (setImmediate); then, while requests are
 * in flight and nobody awaits the work, it rests before the next slice, in proportion to the
 * slice it had: `sliceMs` of work per `busyIntervalMs`, so a slice that ran over (one long
 * transaction) is paid back by a longer rest. The work never starves, and never takes more than
 * that share. An idle service runs slices back to back, and so does work that someone awaits
 * (`hurry`) or that is stopping.
 */
export function createSliceScheduler (options: SliceOptions, clock: SliceClock = realClock) {
  let sliceStart = clock.now()
  /** while requests are in flight, the next slice starts no earlier than this */
  let nextStart = sliceStart
  let hurried = 0
  let stopping = false
  let waiting: AbortController | undefined

  const urgent = () => hurried > 0 || stopping
  const wake = () => { waiting?.abort() }

  /** Lets pending I/O run, waits while the work is not due, and starts a slice. */
  async function turn (): Promise<void> {
    await clock.yieldToIo()
    while (!urgent() && options.busy()) {
      const due = nextStart - clock.now()
      if (due <= 0) break
      waiting = new AbortController()
      await clock.sleep(Math.min(due, options.pollMs), waiting.signal)
      waiting = undefined
    }
    sliceStart = clock.now()
  }

  /** Ends the slice and waits for the next: see {@link createSliceScheduler}. */
  async function pause (): Promise<void> {
    const used = clock.now() - sliceStart
    nextStart = sliceStart + Math.max(options.busyIntervalMs, used * options.busyIntervalMs / options.sliceMs)
    await turn()
  }

  return {
    /** whether the work should run at full speed now */
    urgent,
    /** Where work begins: after pending I/O, and after the rest the last slice earned. */
    turn,
    pause,
    /** Where the work may pause: resolves at once while the slice lasts, else as `pause`. */
    async checkpoint (): Promise<void> {
      if (clock.now() - sliceStart >= options.sliceMs) await pause()
    },

    /** Full speed until the returned function is called: someone awaits the work. */
    hurry (): () => void {
      hurried++
      wake()
      let released = false
      return () => {
        if (!released) { released = true; hurried-- }
      }
    },

    /** Full speed from now on: the work finishes what it holds and ends. */
    stop () {
      stopping = true
      wake()
    }
  }
}
export type SliceScheduler = ReturnType<typeof createSliceScheduler>
