import { LruMap } from 'toad-cache'

/** What a cache offers: a Map's reading and writing, and no more. */
export interface BoundedCache<K, V> {
  /** the value kept for `key`, which becomes the most recently used; undefined when none is kept */
  get (key: K): V | undefined
  /** keeps `value` for `key` (the most recently used), dropping the least recently used entry when full */
  set (key: K, value: V): void
  delete (key: K): void
  clear (): void
  readonly size: number
}

/**
 * A cache that outlives a request: at most `max` entries, and when a new one comes the least
 * recently used goes (toad-cache's `LruMap`, the cache Fastify itself uses). An entry is
 * forgotten only by that eviction or by its owner, never by time.
 *
 * The rule for what may be kept: **an entry never goes stale under its key.** Keep a fact that
 * cannot change once made (a published module version, a key's public half, the QR code of a
 * link), or make what changes part of the key or of the entry (the exact JWT a status list was
 * verified as; the change stamp a key or list was read at, compared on every read), or have
 * the one writer that changes the fact clear it. Nothing else is cached. Then eviction can only
 * cost the work of finding a fact again, never a wrong answer, and `max` bounds memory alone.
 */
export function boundedCache<K, V> (max: number): BoundedCache<K, V> {
  if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`a cache holds at least one entry, not ${max}`)
  return new LruMap<V>(max)
}
