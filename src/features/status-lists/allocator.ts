import { randomInt } from 'node:crypto'

/**
 * How status indexes are chosen: pure, no I/O.
 *
 * An index is drawn uniformly at random from the whole list (with `crypto.randomInt`), so an
 * index says nothing about when, or after which other credential, it was issued. A drawn index
 * that is already taken is drawn again; an index is never given twice (the caller's `isTaken`
 * is the record of every index ever handed out, and the database's unique key backs it up).
 *
 * A list takes new entries only until it is {@link LIST_FILL_RATIO} full. Up to there a draw
 * hits a free index with probability at least 1/2, so {@link MAX_DRAWS} failed draws in a row
 * (odds below 2^-64) mean the record is wrong, not bad luck; the allocator then stops rather
 * than risk reuse. The unused half also keeps revoked entries among many that never will be.
 */
export const LIST_FILL_RATIO = 0.5

/** Draws before giving up on a list that should be at most half full. */
export const MAX_DRAWS = 64

/** The number of entries after which a list of `size` entries takes no more. */
export function listCapacity (size: number): number {
  return Math.floor(size * LIST_FILL_RATIO)
}

/**
 * A random index in `[0, size)` for which `isTaken` is false.
 * `random(max)` returns an integer in `[0, max)`; tests may pass their own.
 */
export function chooseStatusIndex (
  size: number,
  isTaken: (index: number) => boolean,
  random: (max: number) => number = randomInt
): number {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const index = random(size)
    if (!isTaken(index)) return index
  }
  throw new Error(`no free status index found in ${MAX_DRAWS} draws; the list is fuller than its capacity`)
}
