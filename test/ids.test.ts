import t from 'tap'
import { newId } from '../src/lib/ids.ts'

t.test('ids are opaque, prefixed and sort in the order they were made', async (t) => {
  const ids = Array.from({ length: 2000 }, () => newId('skl'))
  t.ok(ids.every((id) => /^skl_[0-9a-z]{20}$/.test(id)), 'prefix and 20 characters')
  t.same([...ids].sort(), ids, 'sorted order is creation order, also within one millisecond')
  t.equal(new Set(ids).size, ids.length, 'no two alike')
})
