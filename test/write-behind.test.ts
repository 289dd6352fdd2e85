import t from 'tap'
import { writeBehind } from '../src/lib/write-behind.ts'
import { pollUntil as until } from './helpers/time.ts'

/** A write-behind over an array, with what it reported. */
function recorder (options: { delayMs?: number, maxPending?: number } = {}) {
  const writes: number[][] = []
  const errors: Array<{ message: string, waiting: number }> = []
  const dropped: number[][] = []
  let failing = false
  const log = writeBehind<number>((items) => {
    if (failing) throw new Error('database is locked')
    writes.push(items)
  }, {
    delayMs: options.delayMs ?? 20,
    maxPending: options.maxPending ?? 100,
    onError: (err, waiting) => { errors.push({ message: (err as Error).message, waiting }) },
    onDropped: (items) => { dropped.push(items) }
  })
  return { log, writes, errors, dropped, fail: (on: boolean) => { failing = on } }
}

t.test('items wait, then are written together, once', async (t) => {
  const r = recorder()
  r.log.add(1)
  r.log.add(2)
  t.same(r.writes, [], 'nothing is written at once')
  t.equal(r.log.pending, 2)
  await until(() => r.writes.length > 0)
  t.same(r.writes, [[1, 2]], 'both in one write after the delay')
  t.equal(r.log.pending, 0)
  r.log.add(3)
  await until(() => r.writes.length > 1)
  t.same(r.writes, [[1, 2], [3]], 'and never again: the next write holds only what came after')
})

t.test('flush writes what waits at once, and nothing when nothing waits', async (t) => {
  const r = recorder({ delayMs: 60_000 })
  r.log.add(1)
  r.log.flush()
  t.same(r.writes, [[1]])
  r.log.flush()
  t.same(r.writes, [[1]], 'an empty flush writes nothing')
  r.log.add(2)
  r.log.add(3)
  r.log.flush()
  t.same(r.writes, [[1], [2, 3]])
})

t.test('as many waiting as allowed are written at once, without the timer', async (t) => {
  const r = recorder({ delayMs: 60_000, maxPending: 3 })
  r.log.add(1)
  r.log.add(2)
  t.same(r.writes, [])
  r.log.add(3)
  t.same(r.writes, [[1, 2, 3]])
})

t.test('a failed write keeps its items, in order, for the next try', async (t) => {
  const r = recorder()
  r.fail(true)
  r.log.add(1)
  await until(() => r.errors.length > 0)
  t.same(r.errors[0], { message: 'database is locked', waiting: 1 }, 'the timer reports the failure')
  t.equal(r.log.pending, 1, 'the item still waits')
  r.log.add(2)
  t.throws(() => r.log.flush(), /database is locked/, 'flush throws what the write threw')
  t.equal(r.log.pending, 2)
  r.fail(false)
  await until(() => r.writes.length > 0)
  t.same(r.writes, [[1, 2]], 'written in the order recorded, by the retry the failure scheduled')
  t.same(r.dropped, [])
})

t.test('while writes fail, no more than the allowed number wait: the oldest are dropped and reported', async (t) => {
  const r = recorder({ delayMs: 60_000, maxPending: 3 })
  r.fail(true)
  r.log.add(1)
  r.log.add(2)
  r.log.add(3)
  t.equal(r.errors.length, 1, 'the write at three waiting failed and was reported')
  r.log.add(4)
  t.same(r.dropped, [[1]], 'the oldest made room')
  t.equal(r.log.pending, 3)
  r.fail(false)
  r.log.flush()
  t.same(r.writes, [[2, 3, 4]])
})
