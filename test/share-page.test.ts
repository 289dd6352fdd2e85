import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.ts'
import { TEST_CONFIG, build, call, expectStatus } from './helpers/build.ts'
import { completion, seedLearning, type Learning } from './helpers/learning.ts'
import { DAY_MS, pollUntil, testClock } from './helpers/time.ts'
import { serialiseCredential, signClaims } from '../src/features/credentials/sign.ts'

const WORKPLACE = { assessment: 'workplace', hostCompany: { name: 'Logistiek Hengelo BV', kvkNumber: '12345678' } }

/** Fatima completes provider A's module (the second unit learned at work), gives share consent; her credential id. */
async function fatimaWithCredential (app: FastifyInstance, s: Learning): Promise<string> {
  for (const [i, unitId] of s.module.unitIds.entries()) {
    await expectStatus(call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.fatima, unitId, `f-${i}`, i === 1 ? WORKPLACE : {})), 201)
  }
  await app.issuance.drain()
  await expectStatus(call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/consents`, { purpose: 'share-with-employers', given: true }), 201)
  return (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items[0].id
}

const tokenOf = (url: string) => url.split('/s/')[1]!
const page = (app: FastifyInstance, token: string, query = '') => app.inject({ method: 'GET', url: `/s/${token}${query}` })
/** The views stored for a share, read from the database once the waiting ones are written. */
function viewsOf (app: FastifyInstance, shareId: string) {
  app.sharing.repo.flushViews()
  return app.db.$client.prepare('select * from share_views where share_id = ? order by id').all(shareId) as Array<Record<string, unknown>>
}

t.test('the share page: verdict first, name, what was learned, each credential checked live, views counted', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const credentialId = await fatimaWithCredential(app, s)
  const { share, url } = app.sharing.makeShare(s.people.fatima, { scope: 'all', createdBy: 'participant' })
  const res = await page(app, tokenOf(url))
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/html/)
  t.equal(res.headers['cache-control'], 'no-store')
  t.equal(res.headers['x-robots-tag'], 'noindex, nofollow')
  t.match(res.headers['content-security-policy'], /default-src 'none'/)
  const html = res.body
  t.match(html, 'Bewijzen van Fatima B.')
  t.match(html, 'Het bewijs is echt en geldig.')
  t.match(html, 'alleen als vingerafdruk')
  t.match(html, '>Veilig werken in het magazijn</h3>')
  t.match(html, /status-ok[^>]*>.*Echt<\/span>/s)
  t.match(html, 'ROC van Twente')
  t.match(html, '16 uur')
  t.match(html, 'les-2: Heftruck rijden in de praktijk: leren op de werkplek (praktijkleren) bij Logistiek Hengelo BV')
  t.match(html, 'les-1: Veiligheidsregels en beschermingsmiddelen: toets')
  t.match(html, /Vakvaardigheden<\/h3>\s*<ul><li>Heftruck rijden<\/li><li>Veilig werken volgens VCA<\/li><\/ul>/)
  t.match(html, `href="/s/${tokenOf(url)}/portfolio.json"`)
  t.match(html, 'href="/verify"')
  t.match(html, /<div class="qr"><svg role="img" aria-label="QR-code naar deze pagina"/)

  t.equal(app.sharing.repo.shareById(share.id)!.viewCount, 1)
  const views = viewsOf(app, share.id)
  t.equal(views.length, 1)
  t.same(Object.keys(views[0]!).sort(), ['id', 'share_id', 'via', 'viewed_at'], 'no address column')
  t.equal(views[0]!.via, 'page')

  // revoked by the issuer: the page says so at once
  const revoked = await call(app, s.w.keysA.provider, 'POST', `/v1/credentials/${credentialId}/revoke`, { reason: 'issued-in-error' })
  t.equal(revoked.status, 200)
  const after = (await page(app, tokenOf(url))).body
  t.match(after, /status-bad[^>]*>.*Ingetrokken<\/span>/s)
  t.match(after, 'Let op: 1 van de 1 bewijzen is niet (meer) geldig.')
  t.notMatch(after, 'Vakvaardigheden', 'a revoked credential teaches nothing here')
  t.equal(app.sharing.repo.shareById(share.id)!.viewCount, 2)

  const en = await page(app, tokenOf(url), '?lang=en')
  t.match(en.body, 'Credentials of Fatima B.')
  t.match(en.body, />\s*Revoked<\/span>/)
  t.match(en.body, 'workplace learning (praktijkleren) at Logistiek Hengelo BV')
})

t.test('a credential past its validUntil says "Verlopen"', async (t) => {
  const clock = testClock('2026-11-02T09:30:00Z')
  const app = await build(t, { now: clock.now })
  const s = await seedLearning(app)
  const credentialId = await fatimaWithCredential(app, s)
  // the issuer re-signs the stored credential with an end date: 30 November, 01:00 in Amsterdam
  const row = app.issuance.repo.findById(credentialId)!
  const document = { ...row.document, validUntil: '2026-11-30T00:00:00Z' } as any
  const { claims } = serialiseCredential(document)
  const jwt = await signClaims(claims, await app.issuerKeys.signingKey(row.issuerId))
  app.db.$client.prepare('update credentials set jwt = ?, document = ? where id = ?').run(jwt, JSON.stringify(document), credentialId)
  const { url } = app.sharing.makeShare(s.people.fatima, { scope: 'all', createdBy: 'participant', expiresInDays: 90 })
  const verification = async () => (await call(app, null, 'GET', `/s/${tokenOf(url)}/portfolio.json`)).body.credentials[0].verification
  t.same(await verification(), { verified: true, verdict: 'genuine' }, 'valid until its end date')

  clock.set('2026-12-01T09:30:00Z')
  const html = (await page(app, tokenOf(url))).body
  t.match(html, />\s*Verlopen<\/span>/)
  t.match(html, 'Geldig tot</dt><dd>30 november 2026')
  t.same(await verification(), { verified: false, verdict: 'expired' })
})

t.test('a share of chosen credentials shows only those', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const first = await fatimaWithCredential(app, s)
  const portfolio = await call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/portfolio-credential`)
  t.equal(portfolio.status, 201)
  await app.issuance.drain()
  const all = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items
  t.equal(all.length, 2)
  const { url } = app.sharing.makeShare(s.people.fatima, { scope: 'chosen', credentialIds: [first], createdBy: 'participant' })
  const html = (await page(app, tokenOf(url))).body
  t.match(html, 'Veilig werken in het magazijn')
  t.notMatch(html, 'Leerportfolio', 'the portfolio credential is not shown')
  const json = (await call(app, null, 'GET', `/s/${tokenOf(url)}/portfolio.json`)).body
  t.same(json.credentials.map((c: any) => c.id), [first])
})

t.test('withdrawn, expired and unknown links', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const s = await seedLearning(app)
  await fatimaWithCredential(app, s)
  const withdrawn = app.sharing.makeShare(s.people.fatima, { scope: 'all', createdBy: 'participant' })
  app.sharing.withdrawShare(s.people.fatima, withdrawn.share.id, 'participant')
  const gone = await page(app, tokenOf(withdrawn.url))
  t.equal(gone.statusCode, 410)
  t.equal(gone.headers['x-robots-tag'], 'noindex, nofollow')
  t.match(gone.body, 'Deze link is ingetrokken')
  t.match(gone.body, 'De bewijzen zelf kunnen nog steeds geldig zijn.')
  t.match(gone.body, 'href="/verify"')
  t.equal((await page(app, tokenOf(withdrawn.url), '?lang=en')).body.includes('The credentials themselves may still be valid.'), true)

  const expired = app.sharing.makeShare(s.people.fatima, { scope: 'all', createdBy: 'participant', expiresInDays: 7 }, new Date(clock.now().getTime() - 8 * DAY_MS))
  const old = await page(app, tokenOf(expired.url))
  t.equal(old.statusCode, 410)
  t.match(old.body, 'Deze link is verlopen')

  const unknown = await page(app, 'A'.repeat(32))
  t.equal(unknown.statusCode, 404)
  t.match(unknown.body, 'Deze link kennen we niet')
  t.equal((await page(app, 'x')).statusCode, 404, 'any text is looked up')
  t.same(viewsOf(app, withdrawn.share.id), [], 'a closed link records no view')

  for (const [token, status, code] of [[tokenOf(withdrawn.url), 410, 'share-withdrawn'], [tokenOf(expired.url), 410, 'share-expired'], ['A'.repeat(32), 404, 'share-not-found']] as const) {
    const res = await call(app, null, 'GET', `/s/${token}/portfolio.json`)
    t.equal(res.status, status, code)
    t.match(res.type, 'application/problem+json')
    t.equal(res.body.code, code)
    if (status === 410) t.match(res.body.detail, 'credentials themselves may still be valid')
  }
})

t.test('portfolio.json: the signed credentials with their verdict, recorded as a view', async (t) => {
  const clock = testClock('2026-11-02T09:30:00Z')
  const app = await build(t, { now: clock.now })
  const s = await seedLearning(app)
  const credentialId = await fatimaWithCredential(app, s)
  const { share, url } = app.sharing.makeShare(s.people.fatima, { scope: 'all', createdBy: 'participant' })
  const res = await call(app, null, 'GET', `/s/${tokenOf(url)}/portfolio.json`)
  t.equal(res.status, 200)
  t.equal(res.headers['cache-control'], 'no-store')
  t.equal(res.headers['x-robots-tag'], 'noindex, nofollow')
  const row = app.issuance.repo.findById(credentialId)!
  t.equal(row.issuedAt, '2026-11-02T09:30:00Z', 'issued at the clock\'s time, to the second')
  t.same(res.body, {
    participant: { displayName: 'Fatima B.' },
    scope: 'all',
    sharedAt: share.createdAt,
    expiresAt: share.expiresAt,
    checkedAt: clock.iso(),
    credentials: [{
      id: credentialId,
      credentialId: (row.document as any).id,
      kind: 'module',
      name: 'Veilig werken in het magazijn',
      issuer: { id: `did:web:localhost%3A3000:issuers:${s.w.orgs.providerA}`, name: 'ROC van Twente' },
      issuedAt: row.issuedAt,
      jwt: row.jwt,
      verification: { verified: true, verdict: 'genuine' }
    }]
  })
  // the JWT verifies on its own at /v1/verify
  t.equal((await call(app, null, 'POST', '/v1/verify', { credential: row.jwt })).body.verified, true)
  t.same(viewsOf(app, share.id).map((v) => v.via), ['json'])
})

t.test('the share page is rate limited, with a page', async (t) => {
  const app = await build(t, { rateLimitMax: 2 })
  for (let i = 0; i < 2; i++) t.equal((await page(app, 'x')).statusCode, 404)
  const limited = await page(app, 'x')
  t.equal(limited.statusCode, 429)
  t.match(limited.headers['content-type'], /text\/html/)
})

t.test('a view is written a moment later, with the views around it, and none is lost when the service stops', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stapsteen-views-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const databasePath = join(dir, 'stapsteen.db')
  const app = await buildApp({ ...TEST_CONFIG, databasePath, dataDir: dir })
  let closed = false
  t.teardown(async () => { if (!closed) await app.close() })
  const s = await seedLearning(app)
  await fatimaWithCredential(app, s)
  const { share, url } = app.sharing.makeShare(s.people.fatima, { scope: 'all', createdBy: 'participant' })
  // what another process (a backup, the CLI) finds in the file
  const reader = new Database(databasePath, { readonly: true })
  t.teardown(() => reader.close())
  const stored = () => reader.prepare('select count(*) as views, (select view_count from shares where id = ?) as counted from share_views where share_id = ?')
    .get(share.id, share.id) as { views: number, counted: number }

  t.equal((await page(app, tokenOf(url))).statusCode, 200)
  await pollUntil(() => stored().views > 0)
  t.same(stored(), { views: 1, counted: 1 }, 'written without anything asking for it')

  for (let i = 0; i < 3; i++) t.equal((await page(app, tokenOf(url))).statusCode, 200)
  for (let i = 0; i < 2; i++) app.sharing.repo.recordView(share.id, new Date().toISOString(), 'api')
  closed = true
  await app.close()
  t.same(stored(), { views: 6, counted: 6 }, 'the views still waiting are written before the database closes')
})

t.test('the page shows what the signed credential says, not what the database holds beside it', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const credentialId = await fatimaWithCredential(app, s)
  const { url } = app.sharing.makeShare(s.people.fatima, { scope: 'all', createdBy: 'participant' })
  app.db.$client.prepare("update credentials set document = json_set(document, '$.name', 'Diploma kernfysica') where id = ?").run(credentialId)
  const html = (await page(app, tokenOf(url))).body
  t.match(html, '>Veilig werken in het magazijn</h3>')
  t.notMatch(html, 'kernfysica')
  const json = await call(app, null, 'GET', `/s/${tokenOf(url)}/portfolio.json`)
  t.equal(json.body.credentials[0].name, 'Veilig werken in het magazijn')
})
