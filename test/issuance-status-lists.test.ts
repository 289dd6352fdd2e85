import t from 'tap'
import { eq } from 'drizzle-orm'
import { openDatabase } from '../src/db/client.ts'
import { statusEntries, statusLists } from '../src/db/schema/index.ts'
import { createIssuerKeys } from '../src/features/issuers/issuer-keys.ts'
import { createMemoryKeyStore } from '../src/features/issuers/keystore.ts'
import { createStatusLists } from '../src/features/status-lists/status-lists.ts'

const PUBLIC_URL = 'http://localhost:3000'

t.test('indexes allocated in one go are distinct, recorded, and roll over to a new list at its capacity', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.$client.close())
  const lists = createStatusLists(db, createIssuerKeys(db, createMemoryKeyStore(), PUBLIC_URL), PUBLIC_URL)
  const first = lists.allocateMany('programme', ['c0'])[0]!
  db.update(statusLists).set({ used: 65_536 - 4 }).where(eq(statusLists.id, first.listId)).run()

  const ids = Array.from({ length: 10 }, (_, i) => `c${i + 1}`)
  const batch = lists.allocateMany('programme', ids)
  t.equal(batch.length, 10)
  t.same(batch.slice(0, 4).map((a) => a.listId), Array(4).fill(first.listId), 'the open list takes entries up to its capacity')
  const next = batch[4]!.listId
  t.not(next, first.listId)
  t.ok(batch.slice(4).every((a) => a.listId === next), 'the rest go to one new list')
  const used = (listId: string) => db.select({ used: statusLists.used }).from(statusLists).where(eq(statusLists.id, listId)).get()!.used
  t.equal(used(first.listId), 65_536, 'the full list counts its entries')
  t.equal(used(next), 6)
  t.equal(new Set([first, ...batch].map((a) => `${a.listId}#${a.index}`)).size, 11, 'no index twice')
  for (const a of batch) {
    t.same(a.entry, {
      id: `${PUBLIC_URL}/status-lists/${a.listId}#${a.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(a.index),
      statusListCredential: `${PUBLIC_URL}/status-lists/${a.listId}`
    })
  }
  const recorded = db.select().from(statusEntries).all()
  t.same(recorded.map((e) => e.credentialId).sort(), ['c0', ...ids].sort(), 'each index is recorded for its credential')
  t.same(lists.allocateMany('org_new', []), [], 'nothing asked, nothing allocated')
  t.equal(db.select().from(statusLists).all().length, 2, 'and no list opened for it')
})
