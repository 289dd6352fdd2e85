/**
 * Small writes that need not reach the database the moment they happen, written together: at
 * most `delayMs` after the first one waits, at once when `maxPending` wait, and whenever `flush`
 * is called (before anything reads what they change, and at shutdown). One transaction for many
 * rows costs little more than one for a single row.
 *
 * A write that fails keeps its items for the next try; when more than `maxPending` would then
 * wait, the oldest are dropped and handed to `onDropped`. Pure: timers only, no database.
 */
export interface WriteBehind<T> {
  add: (item: T) => void
  /** writes what waits now; throws what the write throws, keeping the items for the next try */
  flush: () => void
  readonly pending: number
}

export interface WriteBehindOptions<T> {
  delayMs: number
  maxPending: number
  /** a write from the timer failed: the items stay waiting */
  onError: (err: unknown, waiting: number) => void
  onDropped: (items: T[]) => void
}

export function writeBehind<T> (write: (items: T[]) => void, options: WriteBehindOptions<T>): WriteBehind<T> {
  let waiting: T[] = []
  let timer: NodeJS.Timeout | undefined

  function flush (): void {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (waiting.length === 0) return
    const items = waiting
    waiting = []
    try {
      write(items)
    } catch (err) {
      waiting = items.concat(waiting)
      const over = waiting.length - options.maxPending
      if (over > 0) options.onDropped(waiting.splice(0, over))
      schedule()
      throw err
    }
  }

  function schedule (): void {
    if (timer || waiting.length === 0) return
    timer = setTimeout(() => {
      try {
        flush()
      } catch (err) {
        options.onError(err, waiting.length)
      }
    }, options.delayMs)
    timer.unref()
  }

  return {
    add (item: T) {
      waiting.push(item)
      if (waiting.length >= options.maxPending) {
        try {
          flush()
        } catch (err) {
          options.onError(err, waiting.length)
        }
      } else {
        schedule()
      }
    },
    flush,
    get pending () { return waiting.length }
  }
}
