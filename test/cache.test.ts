import t from 'tap'
import { boundedCache } from '../src/lib/cache.ts'

const keysOf = (cache: ReturnType<typeof boundedCache<string, number>>, candidates: string[]) =>
  candidates.filter((k) => cache.get(k) !== undefined)

t.test('a cache never holds more than its bound', async (t) => {
  const cache = boundedCache<string, number>(3)
  for (let i = 0; i < 10; i++) cache.set(`k${i}`, i)
  t.equal(cache.size, 3)
  t.strictSame(keysOf(cache, Array.from({ length: 10 }, (_, i) => `k${i}`)), ['k7', 'k8', 'k9'], 'the last three set are kept')
})

t.test('when full, the least recently used entry goes: a read or a write makes an entry recent', async (t) => {
  const cache = boundedCache<string, number>(3)
  cache.set('a', 1)
  cache.set('b', 2)
  cache.set('c', 3)
  t.equal(cache.get('a'), 1, 'a read: a is now the most recent')
  cache.set('d', 4)
  t.equal(cache.get('b'), undefined, 'b, used least recently, went')
  t.equal(cache.get('a'), 1)

  cache.set('c', 30)
  cache.set('e', 5)
  t.equal(cache.get('d'), undefined, 'a write of c made it recent, so d went next')
  t.equal(cache.get('c'), 30)
  t.equal(cache.size, 3)
})

t.test('the writer that changes a fact replaces or forgets it; nothing else does', async (t) => {
  const cache = boundedCache<string, number>(2)
  cache.set('list', 1)
  cache.set('list', 2)
  t.equal(cache.get('list'), 2, 'the value set last')
  t.equal(cache.size, 1, 'one entry per key')
  cache.set('other', 3)
  cache.delete('list')
  t.equal(cache.get('list'), undefined)
  t.equal(cache.get('other'), 3, 'only that key is forgotten')
  cache.clear()
  t.equal(cache.size, 0)
  t.equal(cache.get('other'), undefined)

  // entries do not expire: a fact that cannot change stays true however long it is kept
  cache.set('published', 4)
  const now = Date.now()
  t.capture(Date, 'now', () => now + 365 * 24 * 3600 * 1000)
  t.equal(cache.get('published'), 4, 'still there a year later')
})

t.test('a stored null or zero is a hit, not a miss', async (t) => {
  const cache = boundedCache<string, number | null>(2)
  cache.set('absent', null)
  cache.set('zero', 0)
  t.equal(cache.get('absent'), null)
  t.equal(cache.get('zero'), 0)
  t.equal(cache.get('never'), undefined)
})

t.test('a bound must be a whole number of one or more (toad-cache takes 0 as no bound at all)', async (t) => {
  for (const max of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    t.throws(() => boundedCache(max), RangeError, String(max))
  }
  const one = boundedCache<string, number>(1)
  one.set('a', 1)
  one.set('b', 2)
  t.strictSame([one.get('a'), one.get('b'), one.size], [undefined, 2, 1])
})
