import t from 'tap'
import { build, call } from './helpers/build.ts'
import { completion, seedLearning } from './helpers/learning.ts'

/** An app that logs at info level into an array of parsed lines. */
async function logged (t: Parameters<typeof build>[0]) {
  const lines: string[] = []
  const app = await build(t, { logLevel: 'info', logStream: { write: (line: string) => { lines.push(line) } } })
  return { app, lines }
}

t.test('query strings are logged by their names only', async (t) => {
  const { app, lines } = await logged(t)
  const s = await seedLearning(app)
  // provider A reads her by its reference: with her consent for data exchange with it
  const given = await call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/consents`, { purpose: 'data-exchange', given: true, organisationId: s.w.orgs.providerA })
  t.equal(given.status, 201)
  lines.length = 0
  const res = await call(app, s.w.keysA.provider, 'GET', '/v1/participants?reference=ROC-1001&limit=5')
  t.equal(res.status, 200)
  t.equal(res.body.items.length, 1)
  const text = lines.join('')
  t.notMatch(text, 'ROC-1001', 'the reference is not in the log')
  const incoming = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'incoming request')
  t.match(incoming.req, { method: 'GET', url: '/v1/participants', query: ['reference', 'limit'], remoteAddress: '127.0.0.1' })
})

t.test('a revocation logs its reason, not its note; status-list fetches are logged without the client', async (t) => {
  const { app, lines } = await logged(t)
  const s = await seedLearning(app)
  for (const [i, unitId] of s.module.unitIds.entries()) {
    await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.fatima, unitId, `c-${i}`))
  }
  // the list answers at once: let the queue issue first
  await app.issuance.drain()
  const credential = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items[0]
  lines.length = 0
  const note = 'Fatima heeft het examen niet zelf gemaakt'
  const revoked = await call(app, s.w.keysA.admin, 'POST', `/v1/credentials/${credential.id}/revoke`, { reason: 'fraud', note })
  t.equal(revoked.status, 200)
  t.notMatch(lines.join(''), 'examen', 'the note is not in the log')
  t.match(lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'credential revoked'), { credentialId: credential.id, reason: 'fraud' })

  lines.length = 0
  const path = new URL(credential.status.statusListCredential).pathname
  const list = await app.inject({ method: 'GET', url: path, remoteAddress: '203.0.113.7' })
  t.equal(list.statusCode, 200)
  const other = await app.inject({ method: 'GET', url: '/health', remoteAddress: '198.51.100.9' })
  t.equal(other.statusCode, 200)
  const text = lines.join('')
  t.notMatch(text, '203.0.113.7', 'the checker of a status list is not in the log')
  t.match(text, '198.51.100.9', 'other requests log their client')
  const fetch = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'incoming request' && l.req.url === path)
  t.same(Object.keys(fetch.req).sort(), ['method', 'url'])
})

t.test('capability tokens of share and personal pages are not logged', async (t) => {
  const { app, lines } = await logged(t)
  for (const url of ['/s/tok-share-4f9a1c/portfolio.json', '/p/tok-personal-77b2e0?lang=nl']) {
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.statusCode, 404)
  }
  const text = lines.join('')
  t.notMatch(text, 'tok-share', 'the share token is not in the log')
  t.notMatch(text, 'tok-personal', 'the personal token is not in the log')
  const urls = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'incoming request').map((l) => l.req.url)
  t.same(urls, ['/s/[token]/portfolio.json', '/p/[token]'])
})
