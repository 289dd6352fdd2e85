import t, { type Test } from 'tap'
import { openDatabase } from '../src/db/client.ts'
import { createOutbox } from '../src/features/outbox/outbox.ts'

/** An outbox on a fresh :memory: database of its own. */
function fresh (t: Test) {
  const db = openDatabase(':memory:')
  t.teardown(() => db.$client.close())
  return { db, outbox: createOutbox(db) }
}

const AT = '2026-10-01T09:00:00.000Z'

t.test('events come back typed, in the order they were queued, until they are marked handled', async (t) => {
  const { outbox } = fresh(t)
  const first = outbox.enqueue({ type: 'module.completed', participantId: 'ppt_1', moduleVersionId: 'mv_1', at: AT })
  const second = outbox.enqueue({
    type: 'completion.voided', participantId: 'ppt_2', moduleVersionId: 'mv_1', completionId: 'cmp_9', unitId: 'unt_1', reason: 'verkeerde deelnemer', at: AT
  })
  const third = outbox.enqueue({ type: 'module.completed', participantId: 'ppt_1', moduleVersionId: 'mv_2', at: '2026-10-02T09:00:00.000Z' })
  t.strictSame(outbox.next(10), [
    { participantId: 'ppt_1', moduleVersionId: 'mv_1', id: first, type: 'module.completed', at: AT },
    { participantId: 'ppt_2', moduleVersionId: 'mv_1', completionId: 'cmp_9', unitId: 'unt_1', reason: 'verkeerde deelnemer', id: second, type: 'completion.voided', at: AT },
    { participantId: 'ppt_1', moduleVersionId: 'mv_2', id: third, type: 'module.completed', at: '2026-10-02T09:00:00.000Z' }
  ])
  t.same(outbox.next(1).map((e) => e.id), [first], 'no more than asked')

  outbox.markHandled([first, second], '2026-10-03T09:00:00.000Z')
  t.same(outbox.next(10).map((e) => e.id), [third], 'handled events leave the outbox')
  outbox.markHandled([third], '2026-10-03T09:00:00.000Z')
  t.same(outbox.next(10), [])
})

t.test("a participant's pending events name the module version; queued module credentials are the completed ones", async (t) => {
  const { outbox } = fresh(t)
  outbox.enqueue({ type: 'module.completed', participantId: 'ppt_1', moduleVersionId: 'mv_1', at: AT })
  const voided = outbox.enqueue({
    type: 'completion.voided', participantId: 'ppt_1', moduleVersionId: 'mv_2', completionId: 'cmp_1', unitId: 'unt_1', reason: 'dubbel', at: AT
  })
  // an id that shares a prefix with ppt_1 is another participant
  outbox.enqueue({ type: 'module.completed', participantId: 'ppt_10', moduleVersionId: 'mv_3', at: AT })
  t.match(outbox.pendingOf('ppt_1'), [
    { type: 'module.completed', moduleVersionId: 'mv_1', since: AT },
    { id: voided, type: 'completion.voided', moduleVersionId: 'mv_2', since: AT }
  ])
  t.equal(outbox.pendingOf('ppt_1').length, 2)
  t.same(outbox.queuedModulesOf('ppt_1'), ['mv_1'])
  t.same(outbox.queuedModulesOf('ppt_10'), ['mv_3'])
  t.same(outbox.pendingOf('ppt_2'), [])
})

t.test('an event is written in the transaction of its change: a rolled-back change leaves none', async (t) => {
  const { db, outbox } = fresh(t)
  t.throws(() => db.$client.transaction(() => {
    outbox.enqueue({ type: 'module.completed', participantId: 'ppt_1', moduleVersionId: 'mv_1', at: AT })
    throw new Error('the completion failed')
  })(), /the completion failed/)
  t.same(outbox.next(10), [])
})

t.test('events queued by the version before the outbox feature are read as typed events after an upgrade', async (t) => {
  const { db, outbox } = fresh(t)
  // the rows exactly as the earlier code wrote them (credentials/repository.ts and completions/repository.ts)
  const insert = db.$client.prepare('insert into domain_events (id, type, subject_id, payload, created_at) values (?, ?, ?, ?, ?)')
  insert.run('evt_old1', 'module.completed', 'ppt_1/mv_1', JSON.stringify({ participantId: 'ppt_1', moduleVersionId: 'mv_1' }), AT)
  insert.run('evt_old2', 'completion.voided', 'ppt_1/mv_1',
    JSON.stringify({ completionId: 'cmp_1', participantId: 'ppt_1', unitId: 'unt_1', moduleVersionId: 'mv_1', reason: 'dubbel' }), AT)
  t.strictSame(outbox.next(10), [
    { participantId: 'ppt_1', moduleVersionId: 'mv_1', id: 'evt_old1', type: 'module.completed', at: AT },
    { completionId: 'cmp_1', participantId: 'ppt_1', unitId: 'unt_1', moduleVersionId: 'mv_1', reason: 'dubbel', id: 'evt_old2', type: 'completion.voided', at: AT }
  ])
  t.same(outbox.queuedModulesOf('ppt_1'), ['mv_1'])
})
