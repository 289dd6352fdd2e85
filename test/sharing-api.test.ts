import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, call, expectStatus } from './helpers/build.ts'
import { completion, seedLearning, type Learning } from './helpers/learning.ts'
import { DAY_MS, testClock } from './helpers/time.ts'
import { hashSecret } from '../src/lib/secrets.ts'

const TOKEN_URL = (kind: 'p' | 's') => new RegExp(`^http://localhost:3000/${kind}/([0-9a-hjkmnp-tv-z]{32})$`)
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1)

const rowCount = (app: FastifyInstance, table: string) =>
  (app.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n

/** Every value of every column of the table's rows, as text. */
const storedValues = (app: FastifyInstance, table: string) =>
  (app.db.$client.prepare(`select * from ${table}`).all() as Array<Record<string, unknown>>).flatMap((r) => Object.values(r).map(String))

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS

/** Both units of provider A's module done by the participant, and its credential issued. */
async function credentialFor (app: FastifyInstance, s: Learning, participantId: string, prefix: string): Promise<string> {
  for (const [i, unitId] of s.module.unitIds.entries()) {
    await expectStatus(call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(participantId, unitId, `${prefix}-${i}`)), 201)
  }
  await app.issuance.drain()
  return (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${participantId}/credentials`)).body.items[0].id
}

async function giveShareConsent (app: FastifyInstance, key: string, participantId: string, given = true) {
  await expectStatus(call(app, key, 'POST', `/v1/participants/${participantId}/consents`, { purpose: 'share-with-employers', given }), 201)
}

t.test('personal link: made, read, opened by its token, replaced, revoked', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const { coach, admin } = s.w.keysA
  const url = `/v1/participants/${s.people.fatima}/access-link`

  const none = await call(app, coach, 'GET', url)
  t.match(none, { status: 404, type: /application\/problem\+json/, body: { code: 'access-link-not-found' } }, 'no link yet')

  // no body at all: the default expiry
  const made = await call(app, coach, 'POST', url)
  t.equal(made.status, 201)
  t.equal(made.headers.location, url)
  t.same(Object.keys(made.body).sort(), ['createdAt', 'expiresAt', 'id', 'sheetUrl', 'url'])
  t.match(made.body.id, /^acl_[0-9a-z]{20}$/)
  t.match(made.body.url, TOKEN_URL('p'))
  t.equal(made.body.sheetUrl, `${made.body.url}/sheet`)
  t.equal(daysBetween(made.body.createdAt, made.body.expiresAt), 365, 'a year, to the millisecond of createdAt')
  const token = tokenOf(made.body.url)

  t.notOk(storedValues(app, 'access_links').some((v) => v.includes(token)), 'no column holds the token')
  t.ok(storedValues(app, 'access_links').includes(hashSecret(token)), 'its hash is kept')

  const read = await call(app, coach, 'GET', url)
  t.same(read.body, { id: made.body.id, createdAt: made.body.createdAt, expiresAt: made.body.expiresAt, revokedAt: null, lastOpenedAt: null, state: 'active' })
  t.notOk(JSON.stringify(read.body).includes(token), 'the token is not given again')

  const openedAt = new Date()
  const opened = app.sharing.openAccessLink(token, openedAt)
  t.equal(opened.state, 'active')
  t.equal(opened.state === 'active' && opened.participant.id, s.people.fatima, 'the token opens the participant\'s page')
  t.equal((await call(app, admin, 'GET', url)).body.lastOpenedAt, openedAt.toISOString(), 'the coach sees when it was last opened')
  t.equal(app.sharing.openAccessLink(token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a')).state, 'unknown', 'a changed token opens nothing')

  // a second link revokes the first
  const second = await call(app, admin, 'POST', url, { expiresInDays: 10 })
  t.equal(second.status, 201)
  t.equal(daysBetween(second.body.createdAt, second.body.expiresAt), 10)
  t.not(second.body.url, made.body.url)
  t.match((await call(app, coach, 'GET', url)).body, { id: second.body.id, state: 'active', revokedAt: null, lastOpenedAt: null }, 'the newest is shown')
  t.equal(app.sharing.openAccessLink(token).state, 'withdrawn', 'the first link stops working')
  t.equal(app.sharing.openAccessLink(tokenOf(second.body.url)).state, 'active')
  const firstRow = app.db.$client.prepare('select revoked_at from access_links where id = ?').get(made.body.id) as { revoked_at: string }
  t.equal(firstRow.revoked_at, second.body.createdAt, 'revoked when the new one was made')

  const revoked = await call(app, coach, 'DELETE', url)
  t.equal(revoked.status, 204)
  t.equal(revoked.body, '')
  const after = (await call(app, coach, 'GET', url)).body
  t.match(after, { id: second.body.id, state: 'revoked' })
  t.match(after.revokedAt, /^\d{4}-\d\d-\d\dT/)
  t.equal(app.sharing.openAccessLink(tokenOf(second.body.url)).state, 'withdrawn', 'a revoked link opens nothing')
  t.equal((await call(app, coach, 'DELETE', url)).status, 204, 'revoking again is fine')
  t.equal((await call(app, coach, 'GET', url)).body.revokedAt, after.revokedAt, 'and keeps the first revocation')
  t.equal((await call(app, coach, 'DELETE', `/v1/participants/${s.people.henk}/access-link`)).status, 204, 'also with no link at all')
})

t.test('a personal link holds until its expiry, to the millisecond, then reads as expired', async (t) => {
  const clock = testClock('2026-11-02T09:30:00.000Z')
  const app = await build(t, { now: clock.now })
  const s = await seedLearning(app)
  const url = `/v1/participants/${s.people.fatima}/access-link`
  const made = await expectStatus(call(app, s.w.keysA.coach, 'POST', url, { expiresInDays: 1 }), 201)
  t.same([made.createdAt, made.expiresAt], ['2026-11-02T09:30:00.000Z', '2026-11-03T09:30:00.000Z'], 'made now, for a day')
  const page = () => app.inject({ url: new URL(made.url).pathname })
  clock.advance(DAY_MS - 1)
  t.match((await call(app, s.w.keysA.coach, 'GET', url)).body, { id: made.id, state: 'active' }, 'a millisecond before its expiry')
  t.equal((await page()).statusCode, 200, 'it opens the page')
  clock.advance(1)
  t.match((await call(app, s.w.keysA.coach, 'GET', url)).body, { id: made.id, state: 'expired', revokedAt: null }, 'at its expiry')
  t.equal((await page()).statusCode, 410, 'it opens nothing')
  t.equal(app.sharing.openAccessLink(tokenOf(made.url)).state, 'expired')
})

t.test('personal link: bad input and unknown participants are refused and change nothing', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const { coach } = s.w.keysA
  const url = `/v1/participants/${s.people.fatima}/access-link`
  const before = rowCount(app, 'access_links')
  for (const [body, pointer, code] of [
    [{ expiresInDays: 0 }, '#/expiresInDays', 'invalid-minimum'],
    [{ expiresInDays: 731 }, '#/expiresInDays', 'invalid-maximum'],
    [{ expiresInDays: 1.5 }, '#/expiresInDays', 'invalid-type'],
    [{ expiresInDays: 30, token: 'mine' }, '#/token', 'unknown-field']
  ] as const) {
    const res = await call(app, coach, 'POST', url, body)
    t.match(res, { status: 400, body: { code: 'validation-failed', errors: [{ pointer, code, in: 'body' }] } }, JSON.stringify(body))
  }
  for (const method of ['POST', 'GET', 'DELETE'] as const) {
    const unknown = await call(app, coach, method, '/v1/participants/ppt_00000000000000000000/access-link')
    t.match(unknown, { status: 404, body: { code: 'not-found' } }, `${method} for an unknown participant`)
    const otherRegion = await call(app, coach, method, `/v1/participants/${s.people.noor}/access-link`)
    t.match(otherRegion, { status: 404, body: { code: 'not-found' } }, `${method} for another region's participant`)
  }
  t.equal((await call(app, s.w.keysA.provider, 'POST', url)).body.code, 'forbidden-role', 'not for providers')
  t.equal(rowCount(app, 'access_links'), before)
})

t.test('share links: consent first, then made, listed, read, opened by token and withdrawn', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const { coach, admin } = s.w.keysA
  const credential = await credentialFor(app, s, s.people.fatima, 'f')
  const url = `/v1/participants/${s.people.fatima}/shares`

  const refused = await call(app, coach, 'POST', url, { scope: 'all' })
  t.match(refused, { status: 409, type: /application\/problem\+json/, body: { code: 'consent-required', detail: /share-with-employers/ } })
  t.equal(rowCount(app, 'shares'), 0, 'nothing made without consent')

  await giveShareConsent(app, coach, s.people.fatima)
  const all = await call(app, coach, 'POST', url, { scope: 'all' })
  t.equal(all.status, 201)
  t.match(all.body.url, TOKEN_URL('s'))
  t.equal(all.headers.location, `${url}/${all.body.id}`)
  t.same(all.body, {
    url: all.body.url,
    id: all.body.id,
    scope: 'all',
    credentialIds: null,
    label: null,
    employerId: null,
    createdAt: all.body.createdAt,
    expiresAt: all.body.expiresAt,
    state: 'active',
    viewCount: 0,
    lastViewedAt: null,
    withdrawnAt: null,
    withdrawnReason: null
  })
  t.match(all.body.id, /^shr_[0-9a-z]{20}$/)
  t.equal(daysBetween(all.body.createdAt, all.body.expiresAt), 30, '30 days, to the millisecond of createdAt')

  const chosen = await call(app, admin, 'POST', url, {
    scope: 'chosen', credentialIds: [credential], expiresInDays: 7, label: '  Logistiek Hengelo  ', employerId: s.w.orgs.employerA
  })
  t.equal(chosen.status, 201)
  t.match(chosen.body, { scope: 'chosen', credentialIds: [credential], label: 'Logistiek Hengelo', employerId: s.w.orgs.employerA, state: 'active' })
  t.equal(daysBetween(chosen.body.createdAt, chosen.body.expiresAt), 7)

  for (const made of [all.body, chosen.body]) {
    const token = tokenOf(made.url)
    t.notOk(storedValues(app, 'shares').some((v) => v.includes(token)), 'no column holds the token')
    const opened = app.sharing.openShare(token)
    t.equal(opened.state === 'active' && opened.row.id, made.id, 'the token opens the share')
  }

  const { url: _u, ...chosenView } = chosen.body
  const { url: _a, ...allView } = all.body
  const list = await call(app, coach, 'GET', url)
  t.same(list.body, { items: [chosenView, allView], nextCursor: null }, 'newest first, without URLs')
  const first = await call(app, coach, 'GET', `${url}?limit=1`)
  t.same(first.body.items, [chosenView])
  const rest = await call(app, coach, 'GET', `${url}?limit=1&cursor=${first.body.nextCursor}`)
  t.same(rest.body, { items: [allView], nextCursor: null }, 'the cursor gives the next page')
  t.match(await call(app, coach, 'GET', `${url}?cursor=nonsense`), { status: 400, body: { code: 'invalid-cursor', errors: [{ pointer: '#/cursor' }] } })

  app.sharing.repo.recordView(all.body.id, '2026-12-01T10:00:00.000Z', 'page')
  t.same((await call(app, coach, 'GET', `${url}/${all.body.id}`)).body, { ...allView, viewCount: 1, lastViewedAt: '2026-12-01T10:00:00.000Z' }, 'views are counted')

  const withdrawn = await call(app, coach, 'DELETE', `${url}/${all.body.id}`)
  t.equal(withdrawn.status, 200)
  t.match(withdrawn.body, { id: all.body.id, state: 'withdrawn', withdrawnReason: 'coach', viewCount: 1 })
  t.match(withdrawn.body.withdrawnAt, /^\d{4}-\d\d-\d\dT/)
  t.equal(app.sharing.openShare(tokenOf(all.body.url)).state, 'withdrawn', 'the link stops working')
  const again = await call(app, admin, 'DELETE', `${url}/${all.body.id}`)
  t.same(again, { ...again, status: 200, body: withdrawn.body }, 'withdrawing again keeps the first withdrawal')
  t.equal(app.sharing.openShare(tokenOf(chosen.body.url)).state, 'active', 'the other share still works')

  const henks = `/v1/participants/${s.people.henk}/shares/${chosen.body.id}`
  for (const method of ['GET', 'DELETE'] as const) {
    t.match(await call(app, coach, method, henks), { status: 404, body: { code: 'share-not-found' } }, `${method} another participant's share`)
    t.match(await call(app, coach, method, `${url}/shr_00000000000000000000`), { status: 404, body: { code: 'share-not-found' } }, `${method} an unknown share`)
  }
  t.equal(app.sharing.openShare(tokenOf(chosen.body.url)).state, 'active', 'not withdrawn through another participant')
})

t.test('a wrong token does the work of a right one: one SHA-256 of it, one lookup by that hash', async (t) => {
  // how long each takes is measured by `npm run bench:tokens`; here, that both take the same path
  const app = await build(t)
  const s = await seedLearning(app)
  await giveShareConsent(app, s.w.keysA.coach, s.people.fatima)
  const share = tokenOf(app.sharing.makeShare(s.people.fatima, { scope: 'all', createdBy: 'test' }).url)
  const link = tokenOf(app.sharing.makeAccessLink(s.people.fatima, { createdBy: null }).url)
  const lookups: string[] = []
  for (const name of ['shareByTokenHash', 'accessLinkByTokenHash'] as const) {
    const lookUp = app.sharing.repo[name] as (hash: string) => unknown
    app.sharing.repo[name] = ((hash: string) => { lookups.push(`${name} ${hash}`); return lookUp(hash) }) as never
  }
  const changed = (token: string) => token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a')
  for (const [open, name, token, state] of [
    [app.sharing.openShare, 'shareByTokenHash', share, 'active'],
    [app.sharing.openShare, 'shareByTokenHash', changed(share), 'unknown'],
    [app.sharing.openShare, 'shareByTokenHash', 'x', 'unknown'],
    [app.sharing.openAccessLink, 'accessLinkByTokenHash', link, 'active'],
    [app.sharing.openAccessLink, 'accessLinkByTokenHash', changed(link), 'unknown'],
    [app.sharing.openAccessLink, 'accessLinkByTokenHash', 'x'.repeat(200), 'unknown']
  ] as const) {
    lookups.length = 0
    t.equal(open(token).state, state, `${name}: ${state}`)
    t.same(lookups, [`${name} ${hashSecret(token)}`], `${name}, ${state}: one lookup, by the token's SHA-256`)
  }
})

t.test('a share holds until its expiry, to the millisecond, then reads as expired', async (t) => {
  const clock = testClock('2026-11-02T09:30:00.000Z')
  const app = await build(t, { now: clock.now })
  const s = await seedLearning(app)
  await giveShareConsent(app, s.w.keysA.coach, s.people.fatima)
  const made = await expectStatus(call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/shares`, { scope: 'all', expiresInDays: 7 }), 201)
  t.same([made.createdAt, made.expiresAt], ['2026-11-02T09:30:00.000Z', '2026-11-09T09:30:00.000Z'], 'made now, for a week')
  const read = async () => (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/shares/${made.id}`)).body
  const portfolio = () => call(app, null, 'GET', `/s/${tokenOf(made.url)}/portfolio.json`)
  clock.advance(7 * DAY_MS - 1)
  t.match(await read(), { state: 'active' }, 'a millisecond before its expiry')
  t.equal((await portfolio()).status, 200, 'the employer reads it')
  clock.advance(1)
  t.match(await read(), { state: 'expired', withdrawnAt: null }, 'at its expiry')
  t.match(await portfolio(), { status: 410, body: { code: 'share-expired' } }, 'the employer is told it expired')
  t.equal(app.sharing.openShare(tokenOf(made.url)).state, 'expired')
})

t.test('share links: bad input is refused with a pointer and changes nothing', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const { coach } = s.w.keysA
  const credential = await credentialFor(app, s, s.people.fatima, 'f')
  const henksCredential = await credentialFor(app, s, s.people.henk, 'h')
  await giveShareConsent(app, coach, s.people.fatima)
  const url = `/v1/participants/${s.people.fatima}/shares`
  const before = rowCount(app, 'shares')
  const cases: Array<[object, string, string]> = [
    [{}, '#/scope', 'missing-field'],
    [{ scope: 'some' }, '#/scope', 'invalid-enum'],
    [{ scope: 'all', extra: 1 }, '#/extra', 'unknown-field'],
    [{ scope: 'all', expiresInDays: 0 }, '#/expiresInDays', 'invalid-minimum'],
    [{ scope: 'all', expiresInDays: 366 }, '#/expiresInDays', 'invalid-maximum'],
    [{ scope: 'all', label: 'x'.repeat(101) }, '#/label', 'invalid-max-length'],
    [{ scope: 'all', label: '   ' }, '#/label', 'invalid-pattern'],
    [{ scope: 'chosen', credentialIds: [] }, '#/credentialIds', 'invalid-min-items'],
    [{ scope: 'chosen', credentialIds: ['not-an-id'] }, '#/credentialIds/0', 'invalid-pattern']
  ]
  for (const [body, pointer, code] of cases) {
    t.match(await call(app, coach, 'POST', url, body), { status: 400, body: { code: 'validation-failed', errors: [{ pointer, code, in: 'body' }] } }, JSON.stringify(body))
  }
  const rules: Array<[object, string, string]> = [
    [{ scope: 'chosen' }, '#/credentialIds', 'credentials-required'],
    [{ scope: 'chosen', credentialIds: [credential, 'crd_00000000000000000000'] }, '#/credentialIds/1', 'unknown-credential'],
    [{ scope: 'chosen', credentialIds: [henksCredential] }, '#/credentialIds/0', 'unknown-credential'],
    [{ scope: 'all', credentialIds: [credential] }, '#/credentialIds', 'credentials-not-allowed'],
    [{ scope: 'all', label: '111 222 333' }, '#/label', 'looks-like-bsn'],
    [{ scope: 'all', employerId: 'org_00000000000000000000' }, '#/employerId', 'unknown-employer'],
    [{ scope: 'all', employerId: s.w.orgs.municipalityA }, '#/employerId', 'not-an-employer']
  ]
  for (const [body, pointer, code] of rules) {
    t.match(await call(app, coach, 'POST', url, body), { status: 400, body: { code, errors: [{ pointer, code }] } }, JSON.stringify(body))
  }
  // an employer of another region is answered exactly as one that does not exist
  const answer = async (employerId: string) => {
    const res = await call(app, coach, 'POST', url, { scope: 'all', employerId })
    return { status: res.status, body: JSON.stringify({ ...res.body, requestId: undefined }).split(employerId).join('{id}') }
  }
  t.same(await answer(s.w.orgs.employerB), await answer('org_00000000000000000000'), 'another region\'s employer')

  for (const method of ['POST', 'GET'] as const) {
    const body = method === 'POST' ? { scope: 'all' } : undefined
    t.match(await call(app, coach, method, '/v1/participants/ppt_00000000000000000000/shares', body), { status: 404, body: { code: 'not-found' } })
    t.match(await call(app, coach, method, `/v1/participants/${s.people.noor}/shares`, body), { status: 404, body: { code: 'not-found' } })
  }
  t.equal(rowCount(app, 'shares'), before, 'no share was made')
})

t.test('withdrawing share consent withdraws every share of the participant, and only that consent does', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const { coach } = s.w.keysA
  await giveShareConsent(app, coach, s.people.fatima)
  await giveShareConsent(app, coach, s.people.henk)
  const url = `/v1/participants/${s.people.fatima}/shares`
  const made = []
  for (const label of ['eerste', 'tweede', 'derde']) made.push((await call(app, coach, 'POST', url, { scope: 'all', label })).body)
  const henks = (await call(app, coach, 'POST', `/v1/participants/${s.people.henk}/shares`, { scope: 'all' })).body
  const byCoach = (await call(app, coach, 'DELETE', `${url}/${made[0].id}`)).body

  // other consents, and share consent given again, leave the shares alone
  t.equal((await call(app, coach, 'POST', `/v1/participants/${s.people.fatima}/consents`, { purpose: 'impact-research', given: false })).status, 201)
  await giveShareConsent(app, coach, s.people.fatima)
  t.equal(app.sharing.openShare(tokenOf(made[1].url)).state, 'active')

  const consent = await call(app, coach, 'POST', `/v1/participants/${s.people.fatima}/consents`, { purpose: 'share-with-employers', given: false })
  t.equal(consent.status, 201)
  const items = (await call(app, coach, 'GET', url)).body.items
  t.same(items.map((i: any) => [i.label, i.state, i.withdrawnReason]), [
    ['derde', 'withdrawn', 'consent-withdrawn'],
    ['tweede', 'withdrawn', 'consent-withdrawn'],
    ['eerste', 'withdrawn', 'coach']
  ])
  t.equal(items[0].withdrawnAt, consent.body.recordedAt, 'withdrawn when the consent was withdrawn')
  t.equal(items[2].withdrawnAt, byCoach.withdrawnAt, 'an earlier withdrawal is kept')
  for (const share of made) t.equal(app.sharing.openShare(tokenOf(share.url)).state, 'withdrawn')
  t.equal(app.sharing.openShare(tokenOf(henks.url)).state, 'active', 'another participant\'s share stays')

  t.match(await call(app, coach, 'POST', url, { scope: 'all' }), { status: 409, body: { code: 'consent-required' } }, 'no new share without consent')
})

t.test('the consent and the withdrawal of shares are one transaction', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  await giveShareConsent(app, s.w.keysA.coach, s.people.fatima)
  const share = (await call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/shares`, { scope: 'all' })).body
  const consents = rowCount(app, 'consents')
  app.sharing.withdrawSharesForConsent = () => { throw new Error('disk full') }
  const res = await call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/consents`, { purpose: 'share-with-employers', given: false })
  t.equal(res.status, 500)
  t.equal(rowCount(app, 'consents'), consents, 'the withdrawal of consent is not recorded when its shares could not be withdrawn')
  t.equal(app.sharing.openShare(tokenOf(share.url)).state, 'active')
})
