import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, call, expectStatus } from './helpers/build.ts'
import { createModule, magazijnModule } from './helpers/catalogue.ts'
import { completion, seedLearning, type Learning } from './helpers/learning.ts'
import { DAY_MS, testClock } from './helpers/time.ts'
import { levelInWords, stepsLeft, fileNameOf } from '../src/features/participant-page/view-model.ts'
import { readShareForm } from '../src/features/participant-page/share-form.ts'

/** Fatima completes provider A's module and a reading module (basic skill 1F); a path asks for both and one more. */
async function seed (app: FastifyInstance) {
  const s = await seedLearning(app)
  const reading = await createModule(app, s.w.keysA.provider, magazijnModule(s.skills, {
    code: 'TAAL-01',
    title: 'Werkinstructies lezen',
    kind: 'basic',
    crebo: undefined,
    workProcess: undefined,
    units: [{ key: 'les-1', title: 'Een werkinstructie lezen', skillIds: [s.skills.lezen] }]
  }))
  const readingUnit = (await call(app, s.w.keysA.provider, 'POST', `/v1/modules/${reading.id}/publish`)).body.units[0].id
  const other = await createModule(app, s.w.keysA.provider, magazijnModule(s.skills, { code: 'REK-01', title: 'Rekenen in het magazijn' }))
  const otherUnit = (await call(app, s.w.keysA.provider, 'POST', `/v1/modules/${other.id}/publish`)).body.units[0].id
  await expectStatus(call(app, s.w.admin, 'POST', '/v1/pathways', {
    name: 'Ontwikkelpad magazijnmedewerker',
    sector: 'logistiek',
    requirement: { type: 'all', parts: [{ type: 'module', moduleId: s.module.id }, { type: 'module', moduleId: other.id }, { type: 'level', domain: 'numeracy', level: '1F' }] }
  }), 201)
  const post = async (unitId: string, id: string, changes = {}) => {
    await expectStatus(call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.fatima, unitId, id, changes)), 201)
  }
  await post(readingUnit, 'f-taal')
  await post(s.module.unitIds[0]!, 'f-0')
  await post(s.module.unitIds[1]!, 'f-1', { assessment: 'workplace', hostCompany: { name: 'Bakkerij Jansen' } })
  await post(otherUnit, 'f-rek')
  await app.issuance.drain()
  const items = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items as any[]
  const { url } = app.sharing.makeAccessLink(s.people.fatima, { createdBy: null })
  const token = url.split('/p/')[1]!
  return { s, items, token, base: `/p/${token}` }
}

const consent = (app: FastifyInstance, s: Learning, given = true) =>
  call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/consents`, { purpose: 'share-with-employers', given })

const get = (app: FastifyInstance, url: string, cookie?: string) => app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} })
const form = (app: FastifyInstance, url: string, body: string) =>
  app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })

t.test('level words, steps left, file names and the share form are worked out without the web', async (t) => {
  t.equal(levelInWords('nl', '1F'), 'niveau 1F: basis')
  t.equal(levelInWords('nl', 'A2'), 'niveau A2: basis')
  t.equal(levelInWords('en', 'basis-1'), 'level basis-1: first step')
  t.equal(levelInWords('nl', 'digcomp-3'), 'DigComp niveau 3')
  t.equal(stepsLeft({ type: 'all', parts: [], met: false, progress: 0.3, metCount: 1, needed: 3 } as any), 2)
  t.equal(stepsLeft({ type: 'module', moduleId: 'm', met: false, progress: 0 } as any), 1)
  t.equal(fileNameOf('Veilig wérken: in het magazijn!'), 'veilig-werken-in-het-magazijn')
  t.equal(fileNameOf('***'), 'bewijs')
  t.same(readShareForm({}), { ok: true, input: { scope: 'all', expiresInDays: 30 } })
  t.same(readShareForm({ scope: 'chosen', credentialIds: 'a', days: '7', label: ' Jan ' }),
    { ok: true, input: { scope: 'chosen', credentialIds: ['a'], expiresInDays: 7, label: 'Jan' } })
  t.same(readShareForm({ scope: 'chosen' }), { ok: false, error: 'nothingChosen' })
  t.same(readShareForm({ days: '31' }), { ok: false, error: 'badDays' })
})

t.test('the overview says what was learned, in Dutch and in English', async (t) => {
  const app = await build(t)
  const { base, items } = await seed(app)
  const res = await get(app, base)
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-security-policy'], "default-src 'none'")
  t.equal(res.headers['cache-control'], 'no-store')
  t.equal(res.headers['x-robots-tag'], 'noindex, nofollow')
  const html = res.body
  t.match(html, '<meta name="robots" content="noindex, nofollow">')
  t.match(html, 'Hallo Fatima B.')
  t.match(html, 'Wat ik geleerd heb')
  // basic skills apart from vocational ones
  const basic = html.slice(html.indexOf('Basisvaardigheden'), html.indexOf('Vakvaardigheden'))
  t.match(basic, 'Taal: niveau 1F: basis')
  t.match(basic, 'Lezen op 1F')
  t.notMatch(basic, 'Heftruck')
  const vocational = html.slice(html.indexOf('Vakvaardigheden'), html.indexOf('Mijn lessen'))
  t.match(vocational, 'Heftruck rijden')
  t.match(vocational, 'Geleerd op het werk, bij Bakkerij Jansen')
  t.notMatch(vocational, 'Lezen op 1F')
  t.match(html, 'klaar op 14 oktober 2026')
  t.match(html, 'bezig: nog 1 van de 2 delen')
  t.match(html, 'Ontwikkelpad magazijnmedewerker')
  t.match(html, 'nog 2 stappen')
  t.equal(items.length, 2)
  t.match(html, 'Veilig werken in het magazijn')
  t.match(html, 'ROC van Twente')
  t.match(html, 'geldig')
  t.match(html, `${base}/credentials/${items[0].id}.jwt`)
  t.match(html, 'Delen kan nog niet', 'without consent the form is not offered')

  const en = await get(app, `${base}?lang=en`)
  t.match(en.headers['set-cookie'], /taal=en/)
  t.match(en.body, 'Hello Fatima B.')
  t.match(en.body, 'Language: level 1F: basic')
  t.match(en.body, '2 steps to go')
  t.match(en.body, 'busy: 1 of the 2 parts to go')
  const remembered = await get(app, base, 'taal=en')
  t.match(remembered.body, 'What I have learned', 'the chosen language is remembered')
})

t.test('credential status in words after a revocation, and the downloads', async (t) => {
  const app = await build(t)
  const { s, base, items, token } = await seed(app)
  const revoked = await call(app, s.w.keysA.admin, 'POST', `/v1/credentials/${items[0].id}/revoke`, { reason: 'issued-in-error' })
  t.equal(revoked.status, 200)
  const html = (await get(app, base)).body
  t.match(html, 'ingetrokken')
  t.match(html, 'geldig')

  const row = app.issuance.repo.findById(items[1].id)!
  const jwt = await get(app, `${base}/credentials/${row.id}.jwt`)
  t.equal(jwt.statusCode, 200)
  t.equal(jwt.headers['content-type'], 'application/vc+jwt')
  t.match(jwt.headers['content-disposition'], /^attachment; filename="[a-z0-9-]+\.jwt"$/)
  t.equal(jwt.headers['cache-control'], 'no-store')
  t.equal(jwt.body, row.jwt)
  const json = await get(app, `${base}/credentials/${row.id}.json`)
  t.equal(json.statusCode, 200)
  t.match(json.headers['content-type'], 'application/json')
  t.match(json.headers['content-disposition'], /^attachment; filename="[a-z0-9-]+\.json"$/)
  t.same(JSON.parse(json.body), row.document)
  t.match(json.body, '\n  "', 'pretty-printed')

  // someone else's credential, an unknown one, another extension: 404 page
  await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.henk, s.module.unitIds[0]!, 'h-0'))
  await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.henk, s.module.unitIds[1]!, 'h-1'))
  await app.issuance.drain()
  const henks = app.issuance.repo.listByParticipant(s.people.henk)
  t.equal(henks.length, 1)
  for (const file of [`${henks[0]!.id}.jwt`, `${row.id}.txt`, 'nothing.json']) {
    const res = await get(app, `${base}/credentials/${file}`)
    t.equal(res.statusCode, 404, file)
    t.match(res.headers['content-type'], 'text/html')
    t.notMatch(res.body, henks[0]!.jwt.slice(0, 40))
  }
  t.ok(token)
})

t.test('a share made from the page: shown once, listed for the coach, opens, and can be stopped', async (t) => {
  const app = await build(t)
  const { s, base, items } = await seed(app)
  const refused = await form(app, `${base}/shares`, 'label=Bakkerij&scope=all&days=30')
  t.equal(refused.statusCode, 409)
  t.match(refused.body, 'toestemming')
  t.same(app.sharing.repo.sharesOf(s.people.fatima, 10), [], 'nothing stored without consent')

  t.equal((await consent(app, s)).status, 201)
  const page = await get(app, base)
  t.match(page.body, `action="${base}/shares"`)
  t.match(page.body, /name="days" value="30" checked/)

  for (const [body, words] of [
    ['scope=chosen&days=30', 'Kies minstens één bewijs'],
    ['scope=chosen&credentialIds=cre_unknown&days=30', 'Dat bewijs kennen we niet'],
    ['scope=all&days=31', 'Kies 7, 30 of 90 dagen']
  ] as const) {
    const bad = await form(app, `${base}/shares`, body)
    t.equal(bad.statusCode, 400, body)
    t.match(bad.body, words)
    t.match(bad.body, `action="${base}/shares"`, 'the form again')
  }
  t.same(app.sharing.repo.sharesOf(s.people.fatima, 10), [], 'nothing stored after bad input')

  const made = await form(app, `${base}/shares`, `label=Bakkerij+Jansen&scope=chosen&credentialIds=${items[1].id}&days=7`)
  t.equal(made.statusCode, 201)
  t.equal(made.headers['cache-control'], 'no-store')
  t.match(made.body, 'de link is maar één keer te zien')
  t.match(made.body, '<svg role="img" aria-label="QR-code met de link"')
  const url = /href="(http:\/\/localhost:3000\/s\/[^"]+)"/.exec(made.body)![1]!
  const [share] = app.sharing.repo.sharesOf(s.people.fatima, 10)
  t.match(share, { createdBy: 'participant', label: 'Bakkerij Jansen', scope: 'chosen', credentialIds: [items[1].id] })
  const opened = app.sharing.openShare(url.split('/s/')[1]!)
  t.equal(opened.state, 'active')
  app.sharing.repo.recordView(share!.id, '2026-12-04T10:00:00.000Z', 'page')

  const listed = (await get(app, base)).body
  t.match(listed, 'Bakkerij Jansen')
  t.match(listed, '1 bewijs')
  t.match(listed, '1 keer geopend, laatst op 4 december')
  t.notMatch(listed, url, 'the link is not shown again')

  const stop = await form(app, `${base}/shares/${share!.id}/withdraw`, '')
  t.equal(stop.statusCode, 303)
  t.equal(stop.headers.location, `${base}#links`)
  t.match(app.sharing.repo.shareById(share!.id), { withdrawnReason: 'participant' })
  t.equal(app.sharing.openShare(url.split('/s/')[1]!).state, 'withdrawn')
  t.match((await get(app, base)).body, 'gestopt')
  const notMine = await form(app, `${base}/shares/shr_000000/withdraw`, '')
  t.equal(notMine.statusCode, 404)
})

t.test('unknown, expired and replaced links answer with plain pages', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const { s, base } = await seed(app)
  const unknown = await get(app, '/p/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
  t.equal(unknown.statusCode, 404)
  t.match(unknown.body, 'Deze link kennen we niet')
  t.equal(unknown.headers['x-robots-tag'], 'noindex, nofollow')
  const old = app.sharing.makeAccessLink(s.people.henk, { createdBy: null, expiresInDays: 1, now: new Date(clock.now().getTime() - 2 * DAY_MS) })
  const expired = await get(app, new URL(old.url).pathname + '?lang=en')
  t.equal(expired.statusCode, 410)
  t.match(expired.body, 'This link no longer works')
  t.match(expired.body, 'Ask your coach for a new link')
  app.sharing.makeAccessLink(s.people.fatima, { createdBy: null })
  const replaced = await get(app, base)
  t.equal(replaced.statusCode, 410)
  t.match(replaced.body, 'Deze link werkt niet meer')
  t.match(replaced.body, 'Vraag uw coach om een nieuwe link')
  for (const url of [`${base}/sheet`, `${base}/credentials/x.jwt`]) t.equal((await get(app, url)).statusCode, 410, url)
  t.equal((await form(app, `${base}/shares`, 'scope=all')).statusCode, 410)
})

t.test('the A4 sheet has the QR code, the name, the steps and the expiry', async (t) => {
  const app = await build(t)
  const { s, base } = await seed(app)
  const res = await get(app, `${base}/sheet`)
  t.equal(res.statusCode, 200)
  t.equal(app.sharing.repo.newestAccessLink(s.people.fatima)!.lastOpenedAt, null, 'printing the sheet is not the participant opening the page')
  t.equal((await get(app, base)).statusCode, 200)
  t.ok(app.sharing.repo.newestAccessLink(s.people.fatima)!.lastOpenedAt, 'opening the page is remembered')
  t.equal(res.headers['x-robots-tag'], 'noindex, nofollow')
  t.match(res.body, '<svg role="img" aria-label="QR-code naar uw eigen overzicht"')
  t.match(res.body, 'Voor Fatima B.')
  t.match(res.body, 'Open de camera op uw telefoon.')
  t.match(res.body, /De code werkt tot \d+ \w+ \d{4}\./)
  t.match(res.body, 'Bewaar dit papier goed. Met deze code ziet u uw eigen overzicht.')
  t.match((await get(app, `${base}/sheet?lang=en`)).body, 'Open the camera on your phone.')
})

t.test('the pages are rate limited and the log never holds the token', async (t) => {
  const lines: string[] = []
  const app = await build(t, { rateLimitMax: 3, logLevel: 'info', logStream: { write: (line: string) => { lines.push(line) } } })
  const { base, token } = await seed(app)
  lines.length = 0
  const urls = [base, `${base}/sheet`, `${base}/credentials/x.json`, `${base}/shares/shr_1/withdraw`]
  for (const url of urls) await app.inject({ method: url.endsWith('withdraw') ? 'POST' : 'GET', url })
  t.notMatch(lines.join(''), token)
  const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'incoming request').map((l) => l.req.url)
  t.same(logged, ['/p/[token]', '/p/[token]/sheet', '/p/[token]/credentials/x.json', '/p/[token]/shares/shr_1/withdraw'])
  // the overview was opened once above; the limit is 3 a minute per route
  for (let i = 0; i < 2; i++) t.equal((await get(app, base)).statusCode, 200)
  const limited = await get(app, base)
  t.equal(limited.statusCode, 429)
  t.match(limited.body, 'Even wachten')
})

t.test('a credential still being signed shows as being made, then as valid', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  let release!: () => void
  const gate = new Promise<void>((resolve) => { release = resolve })
  const signingKey = app.issuerKeys.signingKey.bind(app.issuerKeys)
  app.issuerKeys.signingKey = async (id: string) => { await gate; return signingKey(id) }
  for (const [i, unitId] of s.module.unitIds.entries()) {
    t.equal((await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.henk, unitId, `h-${i}`))).status, 201)
  }
  const base = new URL(app.sharing.makeAccessLink(s.people.henk, { createdBy: null }).url).pathname
  const waiting = (await get(app, base)).body
  t.match(waiting, 'wordt gemaakt')
  t.notMatch(waiting, 'geldig')
  t.match(waiting, 'Nog niets. Dat komt vanzelf.', 'no basic skills yet')
  release()
  await app.issuance.drain()
  const done = (await get(app, base)).body
  t.notMatch(done, 'wordt gemaakt')
  t.match(done, 'geldig')
})

t.test('what happened after learning: the outcomes that hold, in short sentences, never in a credential', async (t) => {
  const clock = testClock('2026-10-20T09:00:00.000Z')
  const app = await build(t, { now: clock.now })
  const { s, base } = await seed(app)
  t.notMatch((await get(app, base)).body, 'Mijn werk en opleiding', 'no outcomes, no section')
  const bakery = (await expectStatus(call(app, s.w.admin, 'POST', '/v1/organisations', { name: 'Bakkerij de Molen', kind: 'employer', regionIds: [s.w.regions.a] }), 201)).id
  clock.set('2027-04-01T09:00:00.000Z')
  const record = async (body: object) =>
    (await expectStatus(call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/outcomes`, body), 201)).id as string
  const first = await record({ kind: 'job-started', employerId: bakery, sector: 'bakkerij', contractType: 'permanent', hoursPerWeek: 30, startedOn: '2026-11-02' })
  await record({ kind: 'still-at-work', months: 3, checkedOn: '2027-02-15', jobOutcomeId: first })
  // the job's hours corrected after its follow-up: the follow-up goes with the job as corrected
  await record({ kind: 'job-started', employerId: bakery, sector: 'bakkerij', contractType: 'permanent', hoursPerWeek: 32, startedOn: '2026-11-02', corrects: first })
  await record({ kind: 'job-started', sector: 'schoonmaak', contractType: 'flex', hoursPerWeek: 20.5, startedOn: '2026-12-01' })
  await record({ kind: 'education-started', programme: 'MBO Logistiek', level: 'mbo 2', startedOn: '2027-03-01' })
  const wrong = await record({ kind: 'education-started', programme: 'Rijbewijs C', startedOn: '2027-03-20' })
  await expectStatus(call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/outcomes/${wrong}/retract`, { reason: 'andere deelnemer' }), 200)

  const nl = (await get(app, base)).body
  const work = nl.slice(nl.indexOf('Mijn werk en opleiding'), nl.indexOf('Mijn bewijzen'))
  const sentences = [...work.matchAll(/<div>([^<]+)<\/div>/g)].map((m) => m[1])
  t.same(sentences, [
    'U bent op 1 maart 2027 begonnen met een opleiding: MBO Logistiek (mbo 2).',
    'Na 3 maanden werkt u nog steeds bij Bakkerij de Molen. Uw coach heeft dit op 15 februari 2027 gevraagd.',
    'U bent op 1 december 2026 begonnen met werk in de sector schoonmaak (flexcontract, 20,5 uur per week).',
    'U bent op 2 november 2026 begonnen met werk bij Bakkerij de Molen (vast contract, 32 uur per week).'
  ], 'newest first; the corrected and the retracted record are left out')
  t.notMatch(nl, '30 uur')
  t.notMatch(nl, 'Rijbewijs')

  const en = (await get(app, `${base}?lang=en`)).body
  const enWork = en.slice(en.indexOf('My work and studies'), en.indexOf('My proofs'))
  t.same([...enWork.matchAll(/<div>([^<]+)<\/div>/g)].map((m) => m[1]), [
    'You started a course on 1 March 2027: MBO Logistiek (mbo 2).',
    'After 3 months, you still work at Bakkerij de Molen. Your coach asked you on 15 February 2027.',
    'You started work in the sector schoonmaak on 1 December 2026 (flexible contract, 20.5 hours a week).',
    'You started work at Bakkerij de Molen on 2 November 2026 (permanent contract, 32 hours a week).'
  ])

  // a retracted job takes its follow-up off the page as well
  await expectStatus(call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/outcomes/${first}/retract`, { reason: 'x' }), 409)
  const current = (await expectStatus(call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/outcomes`), 200)).items
    .find((o: any) => o.corrects === first).id
  await expectStatus(call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/outcomes/${current}/retract`, { reason: 'verkeerde werkgever' }), 200)
  const after = (await get(app, base)).body
  t.notMatch(after, 'Bakkerij de Molen')
  t.match(after, 'begonnen met werk in de sector schoonmaak')

  // credentials made after the outcomes hold none of them
  await expectStatus(call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/portfolio-credential`), 201)
  await app.issuance.drain()
  const held = JSON.stringify(app.issuance.repo.listByParticipant(s.people.fatima))
  t.ok(held.includes('Veilig werken in het magazijn'), 'the credentials were read')
  for (const word of ['Bakkerij de Molen', 'schoonmaak', 'MBO Logistiek', 'job-started', 'otc_']) t.notOk(held.includes(word), `no ${word} in a credential`)
})
