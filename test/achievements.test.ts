import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, call, expectStatus } from './helpers/build.ts'
import { completion, seedLearning, type Learning } from './helpers/learning.ts'
import { createModule, magazijnModule } from './helpers/catalogue.ts'
import { checkAgainstSchema } from '../src/lib/credential-schemas.ts'
import { escapeMarkup, linkable, prefersHtml } from '../src/lib/html.ts'
import { PEOPLE_PAGE_POLICY } from '../src/plugins/pages.ts'
import { descriptionData } from '../src/lib/public-page.ts'
import { initialsOf } from '../src/features/issuers/logo.ts'
import { wrapTitle } from '../src/features/achievements/badge.ts'

const PUBLIC_URL = 'http://localhost:3000'
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

/** Fatima completes provider A's module (les-1 with a grade and a pass, les-2 without a result); a path asks for it. */
async function earn (app: FastifyInstance, s: Learning) {
  const path = await expectStatus(call(app, s.w.admin, 'POST', '/v1/pathways', {
    name: 'Ontwikkelpad magazijnmedewerker',
    sector: 'logistiek',
    description: 'Van eerste stappen naar een vaste baan in het magazijn.',
    requirement: { type: 'all', parts: [{ type: 'module', moduleId: s.module.id }] }
  }), 201)
  // a reading module: a basic skill without an ESCO URI aligns to its framework level on the service
  const reading = await createModule(app, s.w.keysA.provider, magazijnModule(s.skills, {
    code: 'TAAL-01', title: 'Werkinstructies lezen', kind: 'basic', crebo: undefined, workProcess: undefined, units: [{ key: 'les-1', title: 'Een werkinstructie lezen', skillIds: [s.skills.lezen] }]
  }))
  const published = await expectStatus(call(app, s.w.keysA.provider, 'POST', `/v1/modules/${reading.id}/publish`), 200)
  const unit = published.units[0].id
  await expectStatus(call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.fatima, unit, 'f-taal', { result: { scaledScore: 0.75 } })), 201)
  const results = [{ result: { passed: true, grade: '8' } }, {}]
  for (const [i, unitId] of s.module.unitIds.entries()) {
    await expectStatus(call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.fatima, unitId, `f-${i}`, results[i])), 201)
  }
  // the list answers at once: let the queue issue first
  await app.issuance.drain()
  const items = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items
  const documents: any[] = []
  for (const item of items) documents.push((await call(app, s.w.keysA.coach, 'GET', `/v1/credentials/${item.id}`)).body.credential)
  const named = (name: string) => documents.find((d) => d.name === name)
  return { pathwayId: path.id as string, module: named('Veilig werken in het magazijn'), reading: named('Werkinstructies lezen'), pathway: named('Ontwikkelpad magazijnmedewerker') }
}

/** Every URL on the service that a credential names: ids, target URLs, image ids, issuer url; not the status list (its own test). */
function serviceUrls (doc: unknown): string[] {
  const found = new Set<string>()
  const walk = (value: unknown, key: string) => {
    if (Array.isArray(value)) value.forEach((v) => walk(v, key))
    else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => walk(v, k))
    else if (typeof value === 'string' && value.startsWith(PUBLIC_URL) && key !== 'statusListCredential' && !value.startsWith(`${PUBLIC_URL}/status-lists/`)) {
      found.add(value.split('#')[0]!)
    }
  }
  walk(doc, '')
  return [...found]
}

t.test('a module credential shows what wallets display: awarded date, code, images, issuer page, recorded results', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const { module: doc, reading } = await earn(app, s)
  const achievementId = `${PUBLIC_URL}/achievements/modules/${s.module.id}/versions/1`
  t.equal(doc.awardedDate, doc.validFrom)
  t.equal(doc.credentialSubject.achievement.humanCode, 'VWM-01')
  t.same(doc.credentialSubject.achievement.image, { id: `${achievementId}/image.svg`, type: 'Image', caption: 'Badge: Veilig werken in het magazijn' })
  t.equal(doc.issuer.url, `${PUBLIC_URL}/issuers/${s.w.orgs.providerA}`)
  t.equal(doc.credentialSubject.achievement.creditsAvailable, 16, 'study hours')
  t.same(doc.credentialSubject.result, [
    { type: ['Result'], resultDescription: `${achievementId}#result-les-1-status`, status: 'Completed' },
    { type: ['Result'], resultDescription: `${achievementId}#result-les-1-grade`, value: '8' }
  ], 'only what the provider recorded: les-1 passed with an 8, nothing for les-2')
  const descriptions = doc.credentialSubject.achievement.resultDescription
  t.same(descriptions.map((d: any) => [d.id.slice(achievementId.length), d.resultType]), [
    ['#result-les-1-status', 'Status'], ['#result-les-1-grade', 'Result'], ['#result-les-1-score', 'ScaledScore'],
    ['#result-les-2-status', 'Status'], ['#result-les-2-grade', 'Result'], ['#result-les-2-score', 'ScaledScore']
  ])
  t.match(descriptions[0], { type: ['ResultDescription'], name: 'les-1 Veiligheidsregels en beschermingsmiddelen: behaald of niet behaald' })
  t.notOk('narrative' in doc.credentialSubject, 'no workplace sentence when nothing was learned at work')
  t.same(checkAgainstSchema('achievement', doc), [])
  t.same(reading.credentialSubject.result, [{ type: ['Result'], resultDescription: `${reading.credentialSubject.achievement.id}#result-les-1-score`, value: '0.75' }])
  t.match(reading.credentialSubject.achievement.resultDescription[2], { resultType: 'ScaledScore', valueMin: '0', valueMax: '1' })
})

t.test('a path credential carries the path\'s own description and says what met it', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const { pathway: doc, pathwayId } = await earn(app, s)
  t.equal(doc.description, 'Van eerste stappen naar een vaste baan in het magazijn.')
  t.equal(doc.credentialSubject.achievement.description, 'Van eerste stappen naar een vaste baan in het magazijn.')
  t.match(doc.credentialSubject.narrative, /^Gehaald met: Veilig werken in het magazijn \(ROC van Twente, 2026-10-14\)/)
  t.same(doc.credentialSubject.achievement.image, { id: `${PUBLIC_URL}/achievements/pathways/${pathwayId}/image.svg`, type: 'Image', caption: 'Badge: Ontwikkelpad magazijnmedewerker' })
  t.equal(doc.issuer.url, `${PUBLIC_URL}/issuers/programme`)
  t.same(checkAgainstSchema('achievement', doc), [])
})

t.test('every URL of the service in an issued credential answers: JSON, a page for a browser, SVG for images', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const { module, reading, pathway } = await earn(app, s)
  const urls = [...new Set([...serviceUrls(module), ...serviceUrls(reading), ...serviceUrls(pathway)])]
  const paths = urls.map((u) => u.slice(PUBLIC_URL.length)).sort()
  for (const expected of [
    `/achievements/modules/${s.module.id}/versions/1`, `/achievements/modules/${s.module.id}/versions/1/image.svg`,
    '/achievements/pathways/', '/frameworks/referentiekader/1F', '/frameworks/crebo/25457', '/frameworks/werkprocessen/B1-K1-W2',
    `/skills/${s.skills.heftruck}`, `/issuers/${s.w.orgs.providerA}`, `/issuers/${s.w.orgs.providerA}/image.svg`,
    '/issuers/programme', '/issuers/programme/image.svg'
  ]) t.ok(paths.some((p) => p.startsWith(expected)), `the credentials name ${expected}`)
  for (const path of paths) {
    const json = await app.inject({ url: path })
    t.equal(json.statusCode, 200, path)
    if (path.endsWith('.svg')) {
      t.equal(json.headers['content-type'], 'image/svg+xml', path)
      t.match(json.headers['cache-control'], /^public, max-age=\d+$/, path)
      t.match(json.body, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/, path)
      t.notMatch(json.body, /<script|on\w+=|href=|<foreignObject/i, `${path}: nothing active, nothing outside`)
      continue
    }
    t.match(json.headers['content-type'], /^application\/json/, path)
    t.equal(json.json().id.startsWith('did:') ? json.json().url : json.json().id, `${PUBLIC_URL}${path}`, `${path} describes itself`)
    const page = await app.inject({ url: path, headers: { accept: BROWSER } })
    t.equal(page.statusCode, 200, path)
    t.equal(page.headers['content-type'], 'text/html; charset=utf-8', path)
    t.match(page.body, /^<!doctype html>\n<html lang="nl">/, path)
    t.equal(page.headers.vary, 'accept', path)
    t.equal(page.headers['content-security-policy'], PEOPLE_PAGE_POLICY, `${path}: no script, the shared stylesheet and images`)
    t.equal(page.headers['cache-control'], 'public, max-age=300', path)
    t.equal(page.headers['access-control-allow-origin'], '*', path)
    t.notOk(page.headers['x-robots-tag'], `${path}: indexable`)
    t.notMatch(page.body, /noindex|English|lang=en/, `${path}: indexable, Dutch only, no language switch`)
    t.match(page.body, /<link rel="stylesheet" href="\/assets\/site\.[0-9a-f]{12}\.css">/, path)
    // the Dutch-only pages stay Dutch for someone who chose English elsewhere
    const english = await app.inject({ url: `${path}?lang=en`, headers: { accept: BROWSER, cookie: 'taal=en' } })
    t.match(english.body, /^<!doctype html>\n<html lang="nl">/, `${path}: Dutch, whatever the language cookie`)
    t.notOk(english.headers['set-cookie'], `${path}: remembers no language`)
    t.notMatch(page.body, /<script|\son\w+=/i, path)
  }
})

t.test('the public achievement is the one credentials embed; its page shows the facts', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const { module } = await earn(app, s)
  const url = `/achievements/modules/${s.module.id}/versions/1`
  const res = await call(app, null, 'GET', url)
  // the achievement alone names no credential schema, so it needs the VC and OB contexts only
  t.same(res.body, { '@context': module['@context'].slice(0, 2), ...module.credentialSubject.achievement })
  t.equal(res.headers['access-control-allow-origin'], '*')
  const page = (await app.inject({ url, headers: { accept: BROWSER } })).body
  t.match(page, '<h1>Veilig werken in het magazijn</h1>')
  t.match(page, `<img src="${PUBLIC_URL}${url}/image.svg" alt="Badge: Veilig werken in het magazijn"`)
  t.match(page, '<dt>Code</dt><dd>VWM-01</dd>')
  t.match(page, '<dt>Studiebelasting</dt><dd>16 uur</dd>')
  t.match(page, `<a href="${PUBLIC_URL}/frameworks/crebo/25457">Kwalificatie crebo 25457</a>`)
  t.match(page, `<a href="${PUBLIC_URL}/skills/${s.skills.heftruck}">Heftruck rijden</a>`)
  const crebo = await call(app, null, 'GET', '/frameworks/crebo/25457')
  t.same(crebo.body.modules.map((m: any) => m.provider).sort(), ['ROC van Twente', 'Summa College'])
  const level = await call(app, null, 'GET', '/frameworks/referentiekader/1F')
  t.match(level.body, { type: 'FrameworkLevel', framework: 'referentiekader', level: '1F', rank: 2, levels: ['instroom', '1F', '2F', '3F'], domains: ['taal', 'rekenen'] })
  const skill = await call(app, null, 'GET', `/skills/${s.skills.lezen}`)
  t.match(skill.body, { type: 'BasicSkill', name: 'Lezen op 1F', frameworkLevel: `${PUBLIC_URL}/frameworks/referentiekader/1F` })
})

t.test('unknown, draft or malformed: a 404 problem for JSON, a plain 404 page for a browser, never a 5xx', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  // a change to a published module makes draft version 2
  t.equal((await call(app, s.w.keysA.provider, 'PATCH', `/v1/modules/${s.module.id}`, { title: 'Veilig werken, nieuwe versie' })).status, 200)
  const draftVersion = 2
  for (const path of [
    `/achievements/modules/${s.module.id}/versions/${draftVersion}`, `/achievements/modules/${s.module.id}/versions/${draftVersion}/image.svg`,
    '/achievements/modules/mod_00000000000000000000/versions/1', '/achievements/pathways/pth_00000000000000000000',
    '/achievements/pathways/pth_00000000000000000000/image.svg', '/frameworks/referentiekader/9F', '/frameworks/nope/1F',
    '/frameworks/crebo/99999', '/frameworks/werkprocessen/X', '/skills/skl_00000000000000000000',
    '/issuers/org_00000000000000000000/image.svg'
  ]) {
    const res = await call(app, null, 'GET', path)
    t.equal(res.status, 404, path)
    t.equal(res.type, 'application/problem+json; charset=utf-8', path)
    t.equal(res.body.code, 'not-found', path)
    if (path.endsWith('.svg')) continue
    const page = await app.inject({ url: path, headers: { accept: BROWSER } })
    t.equal(page.statusCode, 404, path)
    t.equal(page.headers['content-type'], 'text/html; charset=utf-8', path)
    t.match(page.body, /<h1><svg[^]*<\/svg>\s+Niet gevonden<\/h1>/, path)
    t.match(page.body, 'bestaat niet (meer) op deze plek.', path)
    t.equal(page.headers['content-security-policy'], PEOPLE_PAGE_POLICY, path)
    t.equal(page.headers.vary, 'accept', path)
    t.notMatch(page.body, 'English', path)
  }
  const bad = await call(app, null, 'GET', `/achievements/modules/${s.module.id}/versions/abc`)
  t.match(bad, { status: 400, body: { code: 'validation-failed', errors: [{ pointer: '#/version', in: 'params' }] } })
})

t.test('what organisations and providers typed is escaped on every page and image', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const evil = '<script>alert("x")</script> & Co'
  const org = await call(app, s.w.admin, 'POST', '/v1/organisations', { name: evil, kind: 'provider', regionIds: [s.w.regions.a] })
  t.equal(org.status, 201)
  const page = (await app.inject({ url: `/issuers/${org.body.id}`, headers: { accept: BROWSER } })).body
  t.notMatch(page, '<script>')
  t.match(page, '<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</h1>')
  const logo = (await app.inject({ url: `/issuers/${org.body.id}/image.svg` })).body
  t.notMatch(logo, '<script>')
  t.match(logo, '<title id="title">Logo van &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</title>')
})

t.test('pure helpers: escaping, content negotiation, initials, title lines', async (t) => {
  t.equal(escapeMarkup('<p title="a" class=\'b\'>&</p>'), '&lt;p title=&quot;a&quot; class=&#39;b&#39;&gt;&amp;&lt;/p&gt;')
  t.equal(linkable('javascript:alert(1)'), undefined)
  t.equal(linkable('HTTPS://example.org/x'), 'HTTPS://example.org/x')
  t.same(descriptionData({
    title: 'T',
    image: { src: 'data:image/svg+xml,<svg/>', alt: 'x' },
    facts: [{ label: 'Web', value: 'a', href: 'https://example.org' }, { label: 'Raar', value: 'b', href: 'javascript:alert(1)' }],
    lists: [{ heading: 'Leeg', items: [] }, { heading: 'Vol', items: [{ text: 'c', href: 'vbscript:x' }] }]
  }), {
    title: 'T',
    image: undefined,
    paragraphs: [],
    facts: [{ label: 'Web', value: 'a', href: 'https://example.org' }, { label: 'Raar', value: 'b', href: undefined }],
    lists: [{ heading: 'Vol', items: [{ text: 'c', href: undefined }] }]
  }, 'only http(s) URLs are linked or shown; empty lists go')
  t.equal(prefersHtml(BROWSER), true, 'a browser')
  t.equal(prefersHtml(undefined), false, 'no Accept: JSON')
  t.equal(prefersHtml('*/*'), false, 'curl')
  t.equal(prefersHtml('application/json'), false)
  t.equal(prefersHtml('application/json, text/html'), false, 'equal weights: JSON')
  t.equal(prefersHtml('text/html'), true)
  t.equal(prefersHtml('application/json;q=0.5, text/html'), true)
  t.equal(prefersHtml('text/html;q=0'), false)
  t.equal(initialsOf('ROC van Twente'), 'RT')
  t.equal(initialsOf('LLO Collectief (via Stapsteen)'), 'LC')
  t.equal(initialsOf('Logistiek Hengelo BV'), 'LH')
  t.equal(initialsOf('ééN'), 'É')
  t.equal(initialsOf('--'), '?')
  t.same(wrapTitle('Veilig werken in het magazijn'), ['Veilig werken in', 'het magazijn'])
  t.same(wrapTitle('Een heel lange titel die niet op drie regels van de badge past', 18, 3), ['Een heel lange', 'titel die niet op', 'drie regels van d…'])
  t.same(wrapTitle('Arbeidsomstandighedenwetgeving'), ['Arbeidsomstandigh…'])
})
