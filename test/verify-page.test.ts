import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, call } from './helpers/build.ts'
import { completion, seedLearning } from './helpers/learning.ts'
import { seedWorld } from './helpers/world.ts'
import { achievementCredential, makeIssuer, signCredential, signedByService } from './helpers/verify-fixtures.ts'
import { PEOPLE_PAGE_POLICY } from '../src/plugins/pages.ts'
import { MAX_INPUT_BYTES } from '../src/features/verification/read-input.ts'

const BOUNDARY = '----stapsteen-test-boundary'

interface Part { name: string, value: string | Buffer, filename?: string, type?: string }

/** A multipart/form-data body written by hand, as a browser sends the verify form. */
function multipartBody (parts: Part[]): Buffer {
  const chunks: Buffer[] = []
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`
    const type = part.filename !== undefined ? `\r\nContent-Type: ${part.type ?? 'application/octet-stream'}` : ''
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`), Buffer.from(part.value), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`))
  return Buffer.concat(chunks)
}

function postForm (app: FastifyInstance, parts: Part[], headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/verify',
    payload: multipartBody(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...headers }
  })
}

/** The form as a browser sends it when only text was pasted: an empty file part comes along. */
const pasted = (text: string): Part[] => [{ name: 'credential', value: text }, { name: 'file', value: '', filename: '' }]
const uploaded = (content: string | Buffer, filename: string, type = 'application/octet-stream'): Part[] =>
  [{ name: 'credential', value: '' }, { name: 'file', value: content, filename, type }]

const NL_CHECKS = ['Bestand', 'Handtekening', 'Uitgever', 'Datum', 'Intrekken', 'Opbouw']
const EN_CHECKS = ['File', 'Signature', 'Issuer', 'Dates', 'Revocation', 'Structure']

/** The check's heading line as the page shows it: its label and the status word. */
const checkLine = (label: string, word: string) => new RegExp(`<h3>${label}: <span class="status status-\\w+"><svg[^>]*><path[^>]*/></svg>\\s*${word}</span></h3>`)

t.test('GET /verify: a form to paste or upload, in Dutch and English, no script, cacheable by the browser only', async (t) => {
  const app = await build(t)
  const nl = await app.inject({ url: '/verify' })
  t.equal(nl.statusCode, 200)
  t.match(nl.headers['content-type'], /^text\/html; charset=utf-8/)
  t.equal(nl.headers['content-security-policy'], PEOPLE_PAGE_POLICY)
  t.equal(nl.headers['cache-control'], 'private, max-age=300')
  t.equal(nl.headers.vary, 'cookie')
  t.ok(nl.headers['x-ratelimit-limit'], 'rate-limited')
  t.notOk(nl.headers['x-robots-tag'], 'the form may be found by search engines')
  t.match(nl.body, '<html lang="nl">')
  t.match(nl.body, '<h1>Is dit bewijs echt?</h1>')
  t.match(nl.body, '<form class="verify-form" method="post" enctype="multipart/form-data" action="/verify">')
  t.match(nl.body, '<label for="verify-text">Plak hier het bewijs</label>')
  t.match(nl.body, '<textarea id="verify-text" name="credential"')
  t.match(nl.body, '<input type="file" id="verify-file" name="file" accept=".jwt,.json,application/json,text/plain"')
  t.match(nl.body, 'Controleer het bewijs</button>')
  t.match(nl.body, 'Of de handtekening klopt: niemand heeft het bewijs veranderd.')
  t.equal((nl.body.match(/<button/g) ?? []).length, 1, 'one submit button')
  t.notMatch(nl.body, /<script|\son\w+=/i)

  const en = await app.inject({ url: '/verify?lang=en' })
  t.equal(en.statusCode, 200)
  t.match(en.body, '<html lang="en">')
  t.match(en.body, '<h1>Is this credential genuine?</h1>')
  t.match(en.body, '<label for="verify-text">Paste the credential here</label>')
  t.match(en.body, 'Check the credential</button>')
  t.match(String(en.headers['set-cookie']), /^taal=en;/)
  t.equal((await app.inject({ url: '/verify?lang=xx' })).statusCode, 200, 'an odd lang is ignored')
})

t.test('POST /verify: a genuine credential, pasted, uploaded as .jwt and as .json, says Echt and every check', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const { jwt } = await signedByService(app, w.orgs.providerA, { validUntil: '2099-01-01T00:00:00Z' })
  const envelope = JSON.stringify({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${jwt}` })
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString())
  const { iss: _iss, sub: _sub, jti: _jti, nbf: _nbf, exp: _exp, ...document } = payload
  const readable = JSON.stringify({ ...document, proof: { type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${jwt}` } }, null, 2)

  for (const [what, parts] of [
    ['pasted', pasted(`\n  ${jwt}  \n`)],
    ['a .jwt file', uploaded(jwt, 'stapsteen-module.jwt', 'application/vc+jwt')],
    ['a .json envelope', uploaded(envelope, 'bewijs.json', 'application/json')],
    ['a readable .json with its JWT as proof', uploaded(readable, 'bewijs.json', 'application/json')],
    ['a file with a byte order mark', uploaded(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(jwt)]), 'bewijs.jwt')]
  ] as Array<[string, Part[]]>) {
    const res = await postForm(app, parts)
    t.equal(res.statusCode, 200, what)
    t.equal(res.headers['cache-control'], 'no-store', `${what}: a result is never kept`)
    t.equal(res.headers['content-security-policy'], PEOPLE_PAGE_POLICY, what)
    t.equal(res.headers['x-robots-tag'], 'noindex, nofollow', what)
    t.match(res.body, /<section class="notice notice-ok verdict verdict-genuine">\n<h2><svg[^>]*><path[^>]*\/><\/svg>\n Echt<\/h2>\n<p>Dit bewijs is echt\. Het is nu geldig\.<\/p>/, what)
    for (const label of NL_CHECKS) t.match(res.body, checkLine(label, 'Goed'), `${what}: ${label}`)
    t.match(res.body, 'De handtekening klopt. Niemand heeft het bewijs veranderd.', what)
    t.match(res.body, 'De uitgever heeft het bewijs niet ingetrokken.', what)
    t.match(res.body, '<dt>Wat is behaald</dt><dd>Heftruck rijden</dd>', what)
    t.match(res.body, '<dt>Uitgever</dt><dd>Opleider Twente</dd>', what)
    t.match(res.body, '<dt>Geldig tot</dt><dd>1 januari 2099</dd>', what)
    t.match(res.body, /<dt>Gegeven op<\/dt><dd>\d{1,2} [a-z]+ \d{4}<\/dd>/, what)
    t.notMatch(res.body, 'Het is niet bevestigd', `${what}: the facts are confirmed`)
    t.match(res.body, '<details><summary>Technische uitleg (Engels)</summary>', what)
    t.notMatch(res.body, /<script|\son\w+=/i, what)
    t.notMatch(res.body, 'lang=en', `${what}: no language switch on a POST answer`)
  }

  const urlencoded = await app.inject({ method: 'POST', url: '/verify', payload: new URLSearchParams({ credential: jwt }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  t.equal(urlencoded.statusCode, 200, 'a plain form without a file')
  t.match(urlencoded.body, 'verdict-genuine')

  const en = await postForm(app, pasted(jwt), { cookie: 'taal=en' })
  t.match(en.body, '<html lang="en">')
  t.match(en.body, /Genuine<\/h2>\n<p>This credential is genuine\. It is valid now\.<\/p>/)
  for (const label of EN_CHECKS) t.match(en.body, checkLine(label, 'OK'), label)
  t.match(en.body, '<dt>What was achieved</dt><dd>Heftruck rijden</dd>')
  t.match(en.body, '<dt>Valid until</dt><dd>1 January 2099</dd>')
})

t.test('POST /verify: revoked, tampered, expired, foreign and unsigned credentials each get their own word', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const revoked = await signedByService(app, w.orgs.providerA)
  app.statusLists.revoke(revoked.status.listId, revoked.status.index)
  const res = await postForm(app, pasted(revoked.jwt))
  t.equal(res.statusCode, 200)
  t.match(res.body, /verdict-revoked">\n<h2><svg[^>]*><path[^>]*\/><\/svg>\n Ingetrokken<\/h2>/)
  t.match(res.body, checkLine('Intrekken', 'Niet goed'))
  t.match(res.body, 'De uitgever heeft het bewijs ingetrokken.')
  t.match(res.body, checkLine('Handtekening', 'Goed'), 'genuinely signed')
  t.match((await postForm(app, pasted(revoked.jwt), { cookie: 'taal=en' })).body, /Revoked<\/h2>/)

  const good = await signedByService(app, w.orgs.providerA)
  const [h, p, s] = good.jwt.split('.') as [string, string, string]
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString())
  payload.credentialSubject.achievement.name = 'Kraan <b>machinist</b>'
  const tampered = await postForm(app, pasted(`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`))
  t.equal(tampered.statusCode, 200)
  t.match(tampered.body, /verdict-not-genuine">\n<h2><svg[^>]*><path[^>]*\/><\/svg>\n Niet echt<\/h2>/)
  t.match(tampered.body, checkLine('Handtekening', 'Niet goed'))
  t.match(tampered.body, 'De handtekening ontbreekt of klopt niet. Misschien is het bewijs veranderd.')
  t.match(tampered.body, 'Dit staat in het bewijs. Het is niet bevestigd.', 'what it says is not confirmed')
  t.match(tampered.body, '<dd>Kraan &lt;b&gt;machinist&lt;/b&gt;</dd>', 'what the credential says is escaped')
  const tamperedEn = await postForm(app, pasted(`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`), { cookie: 'taal=en' })
  t.match(tamperedEn.body, /Not genuine<\/h2>/)
  t.match(tamperedEn.body, checkLine('Signature', 'Failed'))

  const expired = await signedByService(app, w.orgs.providerA, { validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' })
  const old = await postForm(app, pasted(expired.jwt))
  t.match(old.body, /verdict-expired">\n<h2><svg[^>]*><path[^>]*\/><\/svg>\n Verlopen<\/h2>/)
  t.match(old.body, 'Het bewijs is verlopen.')
  t.match(old.body, '<dt>Geldig tot</dt><dd>1 januari 2021</dd>')

  const stranger = await makeIssuer('ES256', 'did:web:elsewhere.example:issuers:org_x')
  const foreign = await postForm(app, pasted(await signCredential(stranger, achievementCredential(stranger.did))))
  t.equal(foreign.statusCode, 200)
  t.match(foreign.body, /verdict-unknown-issuer">\n<h2><svg[^>]*><path[^>]*\/><\/svg>\n Onbekende uitgever<\/h2>/)

  const unsigned = await postForm(app, uploaded(JSON.stringify(achievementCredential(good.did)), 'bewijs.json', 'application/json'))
  t.equal(unsigned.statusCode, 200)
  t.match(unsigned.body, /Niet echt<\/h2>/, 'a document without its JWT is not shown as genuine')
  t.match(unsigned.body, checkLine('Handtekening', 'Niet goed'))
})

t.test('POST /verify: a credential issued through the API, its download verified, then revoked with the reason in words', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  for (const [i, unitId] of s.module.unitIds.entries()) {
    t.equal((await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.fatima, unitId, `f-${i}`))).status, 201)
  }
  await app.issuance.drain()
  const id = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items[0].id
  const file = await app.inject({ url: `/v1/credentials/${id}/download`, headers: { authorization: `Bearer ${s.w.keysA.coach}` } })
  t.equal(file.statusCode, 200)

  const genuine = await postForm(app, uploaded(file.body, `stapsteen-module-${id}.jwt`, 'application/vc+jwt'))
  t.equal(genuine.statusCode, 200)
  t.match(genuine.body, 'verdict-genuine')
  t.match(genuine.body, '<dt>Wat is behaald</dt><dd>Veilig werken in het magazijn</dd>')
  t.match(genuine.body, '<dt>Uitgever</dt><dd>ROC van Twente</dd>')
  t.match(genuine.body, '<dt>Geldig tot</dt><dd>geen einddatum</dd>')

  t.equal((await call(app, s.w.keysA.provider, 'POST', `/v1/credentials/${id}/revoke`, { reason: 'fraud' })).status, 200)
  const nl = await postForm(app, uploaded(file.body, 'bewijs.jwt'))
  t.match(nl.body, /Ingetrokken<\/h2>/)
  t.match(nl.body, 'De uitgever heeft het bewijs ingetrokken.')
  t.match(nl.body, '<dt>Reden van intrekken</dt><dd>Er was fraude.</dd>')
  const en = await postForm(app, uploaded(file.body, 'bewijs.jwt'), { cookie: 'taal=en' })
  t.match(en.body, /Revoked<\/h2>/)
  t.match(en.body, 'The issuer revoked the credential.')
  t.match(en.body, '<dt>Reason for revoking</dt><dd>There was fraud.</dd>')
})

t.test('POST /verify: bad input is the form again with a message in the page language, 4xx, never JSON', async (t) => {
  const app = await build(t)
  const cases: Array<[string, () => ReturnType<typeof postForm>, number, string]> = [
    ['an empty form', () => postForm(app, pasted('   ')), 400, 'Plak een bewijs of kies een bestand'],
    ['an empty body', () => app.inject({ method: 'POST', url: '/verify' }), 400, 'Plak een bewijs of kies een bestand'],
    ['an empty urlencoded form', () => app.inject({ method: 'POST', url: '/verify', payload: 'credential=', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400,
      'Plak een bewijs of kies een bestand'],
    ['a file over 2 MB', () => postForm(app, uploaded(Buffer.alloc(MAX_INPUT_BYTES + 1, 'a'), 'groot.jwt')), 413,
      'Het bestand is te groot (meer dan 2 MB)'],
    ['pasted text over 2 MB', () => postForm(app, pasted('a'.repeat(MAX_INPUT_BYTES + 1))), 413,
      'Het bestand is te groot (meer dan 2 MB)'],
    ['a urlencoded text over 2 MB', () => app.inject({ method: 'POST', url: '/verify', payload: `credential=${'a'.repeat(MAX_INPUT_BYTES + 1)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 413,
      'Het bestand is te groot (meer dan 2 MB)'],
    ['a urlencoded body over the body limit', () => app.inject({ method: 'POST', url: '/verify', payload: `credential=${'a'.repeat(5 * 1024 * 1024)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 413,
      'Het bestand is te groot (meer dan 2 MB)'],
    ['a picture', () => postForm(app, uploaded(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), 'foto.png', 'image/png')), 400,
      'Dit is geen bewijs dat we kunnen lezen'],
    ['text that is no credential', () => postForm(app, pasted('Hallo, dit is mijn diploma')), 400,
      'Dit is geen bewijs dat we kunnen lezen'],
    ['JSON that is no credential', () => postForm(app, uploaded('{"naam": "Fatima"}', 'x.json', 'application/json')), 400,
      'Dit is geen bewijs dat we kunnen lezen'],
    ['broken JSON', () => postForm(app, pasted('{"type": ')), 400, 'Dit is geen bewijs dat we kunnen lezen'],
    ['two files', () => postForm(app, [{ name: 'file', value: 'a', filename: 'a.jwt' }, { name: 'file', value: 'b', filename: 'b.jwt' }]), 400,
      'Stuur één bewijs tegelijk'],
    ['broken multipart', () => app.inject({ method: 'POST', url: '/verify', payload: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="credential"\r\n\r\nabc`, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } }), 400,
      'Gebruik het formulier op deze pagina'],
    ['multipart without a boundary', () => app.inject({ method: 'POST', url: '/verify', payload: 'x', headers: { 'content-type': 'multipart/form-data' } }), 400,
      'Gebruik het formulier op deze pagina'],
    ['an unknown urlencoded field', () => app.inject({ method: 'POST', url: '/verify', payload: 'other=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400,
      'Gebruik het formulier op deze pagina'],
    ['JSON instead of the form', () => app.inject({ method: 'POST', url: '/verify', payload: { credential: 'x' } }), 415,
      'We konden niet lezen wat u stuurde'],
    ['XML', () => app.inject({ method: 'POST', url: '/verify', payload: '<x/>', headers: { 'content-type': 'application/xml' } }), 415,
      'We konden niet lezen wat u stuurde']
  ]
  for (const [what, send, status, nl] of cases) {
    const res = await send()
    t.equal(res.statusCode, status, what)
    t.match(res.headers['content-type'], /^text\/html; charset=utf-8/, what)
    t.equal(res.headers['cache-control'], 'no-store', what)
    t.match(res.body, '<section class="notice notice-bad" role="alert">', what)
    t.match(res.body, nl, what)
    t.match(res.body, 'action="/verify"', `${what}: the form is there to try again`)
  }
})

t.test('POST /verify: the messages in English follow the remembered language', async (t) => {
  const app = await build(t)
  const en = { cookie: 'taal=en' }
  const empty = await postForm(app, pasted(''), en)
  t.equal(empty.statusCode, 400)
  t.match(empty.body, '<html lang="en">')
  t.match(empty.body, 'Paste a credential or choose a file')
  const large = await postForm(app, uploaded(Buffer.alloc(MAX_INPUT_BYTES + 1, 'a'), 'groot.jwt'), en)
  t.equal(large.statusCode, 413)
  t.match(large.body, 'The file is too large (more than 2 MB)')
  const largeNl = await postForm(app, uploaded(Buffer.alloc(MAX_INPUT_BYTES + 1, 'a'), 'groot.jwt'))
  t.match(largeNl.body, '<html lang="nl">')
  t.match(largeNl.body, 'Het bestand is te groot (meer dan 2 MB)')
  const notOne = await postForm(app, pasted('geen bewijs'), en)
  t.equal(notOne.statusCode, 400)
  t.match(notOne.body, 'This is not a credential we can read')
  const xml = await app.inject({ method: 'POST', url: '/verify', payload: '<x/>', headers: { 'content-type': 'application/xml', ...en } })
  t.equal(xml.statusCode, 415)
  t.match(xml.body, 'We could not read what you sent')
})

t.test('/verify is rate-limited: the 429 answer is a page', async (t) => {
  const app = await build(t, { rateLimitMax: 3 })
  for (let i = 0; i < 3; i++) t.equal((await app.inject({ url: '/verify' })).statusCode, 200)
  const limited = await app.inject({ url: '/verify' })
  t.equal(limited.statusCode, 429)
  t.match(limited.headers['content-type'], /^text\/html/)
  t.match(limited.body, 'Probeer het over een minuut opnieuw.')
  for (let i = 0; i < 3; i++) t.equal((await postForm(app, pasted('x'))).statusCode, 400)
  const post = await postForm(app, pasted('x'), { cookie: 'taal=en' })
  t.equal(post.statusCode, 429, 'the POST is limited too')
  t.match(post.headers['content-type'], /^text\/html/)
  t.match(post.body, 'Try again in a minute.')
})

t.test('public description pages link to the verify page', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const page = await app.inject({ url: `/issuers/${w.orgs.providerA}`, headers: { accept: 'text/html' } })
  t.equal(page.statusCode, 200)
  t.match(page.body, '<p>Heeft u een bewijs (certificaat) gekregen? <a href="/verify">Controleer het op /verify</a>.</p>')
})
