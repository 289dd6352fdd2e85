import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, call, expectStatus } from './helpers/build.ts'
import { completion, seedLearning } from './helpers/learning.ts'
import { testClock } from './helpers/time.ts'
import { seedWorld } from './helpers/world.ts'

interface Sample { name: string, labels: Record<string, string>, value: number }

/** The samples of a Prometheus text document (comments skipped), labels unescaped. */
function samplesOf (text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match) continue
    const labels: Record<string, string> = {}
    for (const [, name, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[name!] = value!.replace(/\\(.)/g, (_, c: string) => c === 'n' ? '\n' : c)
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) })
  }
  return samples
}

/** The one sample of `name` whose labels are exactly `labels`, or undefined. */
function sampleOf (samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === JSON.stringify(Object.entries(labels).sort()))
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`)
  return found[0]?.value
}

async function scrape (app: FastifyInstance, key: string): Promise<{ text: string, samples: Sample[] }> {
  const res = await call(app, key, 'GET', '/metrics')
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}: ${JSON.stringify(res.body)}`)
  return { text: res.body as string, samples: samplesOf(res.body as string) }
}

const unhandled = (app: FastifyInstance) => app.db.$client.prepare('select count(*) from domain_events where handled_at is null').pluck().get() as number

t.test('GET /metrics answers a service-wide admin key only', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const refused = async (key: string | null, status: number, code: string) => {
    const res = await call(app, key, 'GET', '/metrics')
    t.match({ status: res.status, type: res.type, code: res.body.code }, { status, type: /application\/problem\+json/, code }, `${code} for ${key ? key.slice(0, 12) : 'no key'}`)
    t.notMatch(JSON.stringify(res.body), 'stapsteen_http_requests_total')
  }
  await refused(null, 401, 'unauthenticated')
  await refused('stp_key_00000000000000000000.00000000000000000000000000000000', 401, 'invalid-api-key')
  for (const role of ['provider', 'coach', 'employer', 'analyst'] as const) await refused(w.keysA[role], 403, 'forbidden-role')
  // an admin of one region sees one region; the metrics are the whole service's
  await refused(w.keysA.admin, 403, 'forbidden')

  const res = await call(app, w.admin, 'GET', '/metrics')
  t.equal(res.status, 200)
  t.equal(res.type, 'text/plain; version=0.0.4; charset=utf-8')
  t.equal(res.headers['cache-control'], 'no-store')
  const text = res.body as string
  t.match(text, '# TYPE stapsteen_http_requests_total counter')
  t.match(text, '# TYPE stapsteen_http_request_duration_seconds histogram')
  t.match(text, '# TYPE stapsteen_issuance_queue_length gauge')
  t.match(text, '# TYPE stapsteen_issuance_lag_seconds gauge')
  t.match(text, '# TYPE process_cpu_user_seconds_total counter', 'process metrics')
  t.match(text, '# TYPE nodejs_eventloop_lag_seconds gauge', 'event loop metrics')
  t.match(text, '# TYPE nodejs_heap_size_used_bytes gauge', 'heap metrics')
})

t.test('requests are counted by route pattern, method and status class; latencies by route pattern and method', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  for (let i = 0; i < 3; i++) await expectStatus(call(app, null, 'GET', '/health'), 200)
  await expectStatus(call(app, w.admin, 'GET', `/v1/regions/${w.regions.a}`), 200)
  await expectStatus(call(app, w.admin, 'GET', '/v1/regions/reg_00000000000000000000'), 404)
  await expectStatus(call(app, w.admin, 'GET', '/v1/regions/reg_00000000000000000001'), 404)
  await expectStatus(call(app, w.admin, 'POST', '/v1/regions', { slug: 'Niet Goed' }), 400)
  await expectStatus(call(app, null, 'GET', '/v1/regions'), 401)
  await expectStatus(call(app, null, 'DELETE', '/nergens/heen'), 404)

  const first = await scrape(app, w.admin)
  const requests = (route: string, method: string, statusClass: string) =>
    sampleOf(first.samples, 'stapsteen_http_requests_total', { route, method, status_class: statusClass })
  t.equal(requests('/health', 'GET', '2xx'), 3)
  t.equal(requests('/v1/regions/:regionId', 'GET', '2xx'), 1)
  t.equal(requests('/v1/regions/:regionId', 'GET', '4xx'), 2, 'both unknown ids under one pattern')
  t.equal(requests('/v1/regions', 'POST', '2xx'), 2, 'the two regions seeded')
  t.equal(requests('/v1/regions', 'POST', '4xx'), 1)
  t.equal(requests('/v1/regions', 'GET', '4xx'), 1, 'refused without a key')
  t.equal(requests('unmatched', 'DELETE', '4xx'), 1, 'a path no route answers')
  t.equal(requests('/metrics', 'GET', '2xx'), undefined, 'a scrape counts once answered')
  t.notMatch(first.text, 'nergens', 'never the path itself')
  t.notMatch(first.text, 'reg_0000', 'never an id')

  const latency = (suffix: string, labels: Record<string, string>) =>
    sampleOf(first.samples, `stapsteen_http_request_duration_seconds${suffix}`, { route: '/health', method: 'GET', ...labels })
  t.equal(latency('_count', {}), 3)
  t.equal(latency('_bucket', { le: '+Inf' }), 3)
  t.ok(latency('_sum', {})! > 0 && latency('_sum', {})! < 30, 'the sum is in seconds')
  const buckets = first.samples.filter((s) => s.name === 'stapsteen_http_request_duration_seconds_bucket' && s.labels.route === '/health')
  t.same(buckets.map((b) => b.labels.le), ['0.002', '0.005', '0.01', '0.02', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '10', '+Inf'])
  t.same(buckets.map((b) => b.value), [...buckets.map((b) => b.value)].sort((a, b) => a - b), 'buckets are cumulative')
  t.same(Object.keys(buckets[0]!.labels).sort(), ['le', 'method', 'route'], 'latency is not split by status')

  const second = await scrape(app, w.admin)
  t.equal(sampleOf(second.samples, 'stapsteen_http_requests_total', { route: '/metrics', method: 'GET', status_class: '2xx' }), 1)
  t.equal(sampleOf(second.samples, 'stapsteen_http_requests_total', { route: '/health', method: 'GET', status_class: '2xx' }), 3)
})

t.test('the queue length is the number of outbox events waiting; the lag is the age of the oldest', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const s = await seedLearning(app)
  const gauges = async () => {
    const { samples } = await scrape(app, s.w.admin)
    return { length: sampleOf(samples, 'stapsteen_issuance_queue_length'), lag: sampleOf(samples, 'stapsteen_issuance_lag_seconds') }
  }
  const completeModule = async (participantId: string, prefix: string) => {
    const made = []
    for (const [i, unitId] of s.module.unitIds.entries()) {
      made.push(await expectStatus(call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(participantId, unitId, `${prefix}-${i}`)), 201))
    }
    return made
  }

  const fatima = await completeModule(s.people.fatima, 'f')
  await app.issuance.drain()
  t.equal(unhandled(app), 0)
  t.same(await gauges(), { length: 0, lag: 0 }, 'nothing waits once issued')

  // issuance stopped: what is queued from now on stays queued
  await app.issuance.stop()
  await completeModule(s.people.henk, 'h')
  clock.advance(30_000)
  await expectStatus(call(app, s.w.keysA.provider, 'POST', `/v1/completions/${fatima[0].id}/void`, { reason: 'verkeerde datum' }), 200)
  clock.advance(60_000)
  t.equal(unhandled(app), 2, 'a completed module and a void wait')
  t.same(await gauges(), { length: 2, lag: 90 }, 'the oldest waits since 90 s by the app\'s clock')
  clock.advance(1_500)
  t.same(await gauges(), { length: 2, lag: 91.5 })
})

t.test('no token, id or reference reaches a label', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const { fatima } = s.people
  await expectStatus(call(app, s.w.keysA.coach, 'POST', `/v1/participants/${fatima}/consents`, { purpose: 'share-with-employers', given: true }), 201)
  const share = await expectStatus(call(app, s.w.keysA.coach, 'POST', `/v1/participants/${fatima}/shares`, { scope: 'all' }), 201)
  const access = await expectStatus(call(app, s.w.keysA.coach, 'POST', `/v1/participants/${fatima}/access-link`), 201)
  const shareToken = String(share.url).split('/s/')[1]!
  const accessToken = String(access.url).split('/p/')[1]!
  const unknownToken = 'nietbestaandtoken0123456789abcdefXYZ'
  const answers = [
    await app.inject({ method: 'GET', url: `/s/${shareToken}` }),
    await app.inject({ method: 'GET', url: `/s/${shareToken}/portfolio.json` }),
    await app.inject({ method: 'GET', url: `/p/${accessToken}` }),
    await app.inject({ method: 'GET', url: `/s/${unknownToken}` }),
    await app.inject({ method: 'GET', url: `/nergens/${unknownToken}?reference=ROC-1001` }),
    await app.inject({ method: 'GET', url: `/v1/participants/${fatima}?reference=ROC-1001`, headers: { authorization: `Bearer ${s.w.keysA.coach}` } })
  ]
  t.same(answers.map((a) => a.statusCode), [200, 200, 200, 404, 404, 200])

  const { text, samples } = await scrape(app, s.w.admin)
  for (const secret of [shareToken, accessToken, unknownToken, fatima, 'ROC-1001', s.w.admin, s.w.keysA.coach]) {
    t.notOk(text.includes(secret), `${secret.slice(0, 8)}… is nowhere in the metrics`)
  }
  const counted = (route: string) => sampleOf(samples, 'stapsteen_http_requests_total', { route, method: 'GET', status_class: '2xx' })
  t.equal(counted('/s/:token'), 1)
  t.equal(counted('/s/:token/portfolio.json'), 1)
  t.equal(counted('/p/:token'), 1)
  t.equal(counted('/v1/participants/:participantId'), 1)
  const routes = new Set(samples.filter((x) => x.name === 'stapsteen_http_requests_total').map((x) => x.labels.route))
  t.ok([...routes].every((r) => r === 'unmatched' || /^(\/([a-z0-9.-]+|:[a-zA-Z]+))+$/.test(r!)), `route labels are patterns: ${[...routes].join(' ')}`)
})

t.test('the figures: the duration of the last count and the age of the figures served, by the app\'s clock', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const s = await seedLearning(app)
  const gauges = async () => {
    const { samples } = await scrape(app, s.w.admin)
    return { count: sampleOf(samples, 'stapsteen_stats_count_seconds'), age: sampleOf(samples, 'stapsteen_stats_age_seconds') }
  }
  t.same(await gauges(), { count: 0, age: 0 }, 'no count yet')
  await app.stats.refresh()
  clock.advance(42_000)
  const after = await gauges()
  t.equal(after.age, 42)
  t.equal(after.count, app.stats.lastCount()!.durationMs / 1000)
  t.ok(after.count! > 0)
})
