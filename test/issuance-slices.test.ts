import t from 'tap'
import { setTimeout as delay } from 'node:timers/promises'
import { createSliceScheduler, realClock, type SliceOptions, type SliceScheduler } from '../src/features/credentials/slices.ts'

/** Time that passes only when the work or the scheduler says so. */
function virtualClock () {
  const clock = {
    time: 0,
    yields: 0,
    slept: 0,
    now: () => clock.time,
    sleep: async (ms: number) => { clock.slept += ms; clock.time += ms },
    yieldToIo: async () => { clock.yields++ }
  }
  return clock
}

const SHARE = { sliceMs: 5, busyIntervalMs: 50, pollMs: 10 }

function setup (busy: SliceOptions['busy']) {
  const clock = virtualClock()
  return { clock, slices: createSliceScheduler({ ...SHARE, busy }, clock) }
}

/** `steps` pieces of work of `ms(i)` (1 ms unless told), a checkpoint after each; the time each one started. */
async function work (slices: SliceScheduler, clock: ReturnType<typeof virtualClock>, steps: number, ms = (_i: number) => 1) {
  const started: number[] = []
  for (let i = 0; i < steps; i++) {
    started.push(clock.time)
    clock.time += ms(i)
    await slices.checkpoint()
  }
  return started
}

t.test('an idle service runs slices back to back, letting I/O in between', async (t) => {
  const { clock, slices } = setup(() => false)
  const started = await work(slices, clock, 100)
  t.equal(clock.time, 100, 'no waiting')
  t.equal(clock.slept, 0)
  t.equal(clock.yields, 20, 'I/O runs after every 5 ms slice')
  t.same(started, started.map((_, i) => i))
})

t.test('while requests are in flight, the work gets one slice per interval, and still finishes', async (t) => {
  const { clock, slices } = setup(() => true)
  const started = await work(slices, clock, 100)
  t.equal(started.length, 100, 'it never starves')
  t.ok(started.every((at) => at % 50 < 5), 'each piece runs within the first 5 ms of a 50 ms interval')
  t.equal(clock.time, 1000, 'a tenth of the time goes to the work')
})

t.test('a slice that runs over is paid back with a longer rest, so the share holds', async (t) => {
  const { clock, slices } = setup(() => true)
  // every tenth piece is one long transaction of 30 ms
  const ms = (i: number) => i % 10 === 9 ? 30 : 1
  const started = await work(slices, clock, 100, ms)
  const busyMs = started.reduce((sum, _, i) => sum + ms(i), 0)
  t.equal(busyMs, 390)
  t.ok(busyMs / clock.time <= 0.1, `the work had ${(100 * busyMs / clock.time).toFixed(1)}% of the time`)
  t.ok(busyMs / clock.time > 0.09, 'and not much less')
})

t.test('starting work waits for the rest the last slice earned, while requests are in flight', async (t) => {
  let busy = true
  const { clock, slices } = setup(() => busy)
  await work(slices, clock, 5)
  t.equal(clock.time, 50, 'the fifth piece ends the slice, and the next is due at 50 ms')
  clock.time += 2
  await slices.turn()
  t.equal(clock.time, 52, 'a turn after the rest is at once')
  clock.time += 20
  await slices.checkpoint()
  t.equal(clock.time, 52 + 200, 'a 20 ms slice earns a 200 ms rest')
  busy = false
  clock.time += 20
  await slices.pause()
  t.equal(clock.time, 272, 'no rest when no request is in flight')
})

t.test('the work runs at full speed again once the requests are done', async (t) => {
  const { clock, slices } = setup(() => clock.time < 200)
  const started = await work(slices, clock, 100)
  const after = started.filter((at) => at >= 200)
  t.ok(after.length > 50)
  t.same(after, after.map((_, i) => after[0]! + i), 'back to back after 200 ms')
})

t.test('work someone awaits, or that is stopping, runs at full speed even while requests are in flight', async (t) => {
  const { clock, slices } = setup(() => true)
  const release = slices.hurry()
  t.equal(slices.urgent(), true)
  await work(slices, clock, 40)
  t.equal(clock.time, 40, 'no waiting while hurried')
  release()
  release()
  t.equal(slices.urgent(), false, 'a release counts once')
  await work(slices, clock, 10)
  t.ok(clock.time >= 90, 'the share applies again')

  const stopping = setup(() => true)
  stopping.slices.stop()
  await work(stopping.slices, stopping.clock, 40)
  t.equal(stopping.clock.time, 40)
})

t.test('a pause waiting for its next slice wakes when someone awaits the work, or it stops', async (t) => {
  for (const wake of ['hurry', 'stop'] as const) {
    // the slice began now: the next one is due in a minute
    const slices = createSliceScheduler({ sliceMs: 0, busyIntervalMs: 60_000, pollMs: 60_000, busy: () => true }, realClock)
    const pausing = slices.pause().then(() => 'woken')
    await delay(20)
    if (wake === 'hurry') slices.hurry()
    else slices.stop()
    t.equal(await Promise.race([pausing, delay(10_000, 'still waiting', { ref: false })]), 'woken', wake)
  }
})
