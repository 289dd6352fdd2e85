import t from 'tap'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { call, expectStatus } from './helpers/build.ts'
import { checkAccessibility, checkPage, launchBrowser, newContext, noSideScroll, printToPdf, screenshot, serveApp, watchConsole } from './helpers/browser.ts'
import { completion, seedLearning } from './helpers/learning.ts'

// One Chromium for the whole file; every test serves its own app.
const browser = await launchBrowser(t)

const LANGS = [
  { lang: 'nl', locale: 'nl-NL' },
  { lang: 'en', locale: 'en-GB' }
] as const

/** Fatima finished the warehouse module (one part learned at work) and gave share consent; her coach made her personal link. */
async function seed (app: FastifyInstance) {
  const s = await seedLearning(app)
  for (const [i, unitId] of s.module.unitIds.entries()) {
    await expectStatus(call(app, s.w.keysA.provider, 'POST', '/v1/completions',
      completion(s.people.fatima, unitId, `f-${i}`, i === 1 ? { assessment: 'workplace', hostCompany: { name: 'Bakkerij Jansen' } } : {})), 201)
  }
  await app.issuance.drain()
  await expectStatus(call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/consents`, { purpose: 'share-with-employers', given: true }), 201)
  const link = await call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/access-link`, {})
  const credentials = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items as Array<{ id: string }>
  return { s, personal: String(link.body.url), sheet: String(link.body.sheetUrl), credentialId: credentials[0]!.id }
}

/** Makes a share link on the participant's page, as she would: the form, the button, the link shown once. */
async function makeShareOnPage (t: Test, personal: string, options: { bypassCSP?: boolean, locale?: string } = {}) {
  const context = await newContext(t, browser, { width: 360, ...options })
  const page = await context.newPage()
  const console = watchConsole(page)
  await page.goto(personal)
  await page.getByLabel(/Voor wie is de link|Who is the link for/).fill('Bakkerij Jansen')
  await page.getByRole('button', { name: /Maak de link|Make the link/ }).click()
  await page.waitForLoadState()
  const shareUrl = (await page.locator('.link-text').first().innerText()).trim()
  return { page, shareUrl, console }
}

t.test('a participant shares, an employer sees it is genuine, then revoked, then the link withdrawn', async (t) => {
  const { app, baseUrl } = await serveApp(t)
  const { s, personal, credentialId } = await seed(app)

  // the participant's own page: what she learned, her credential, the form to share
  await checkPage(t, browser, personal, { status: 200, title: 'Mijn overzicht', heading: 'Hallo Fatima B.', text: ['Wat ik geleerd heb', 'geldig', 'Maak de link'], screenshot: 'participant-nl-360' })

  const made = await makeShareOnPage(t, personal)
  t.match(made.shareUrl, new RegExp(`^${baseUrl}/s/[0-9a-z]{32}$`), 'the new link is shown once, in full')
  t.ok(await made.page.getByRole('img', { name: 'QR-code met de link' }).isVisible(), 'with a QR code beside it')
  t.same(await made.console.cspViolations(), [], 'nothing refused on the page that shows the new link')
  t.same(made.console.errors, [])
  t.match(await noSideScroll(made.page), { ok: true })
  await screenshot(made.page, 'share-made-nl-360')
  t.equal((await printToPdf(made.page, 'share-made-a4')).pages, 1, 'the new link with its QR code prints on one A4 page')

  // the employer opens it: genuine, with the achievement, the issuer and workplace learning named
  const employer = await checkPage(t, browser, made.shareUrl, {
    status: 200,
    title: 'Bewijzen van Fatima B.',
    text: ['Echt', 'Veilig werken in het magazijn', 'leren op de werkplek (praktijkleren)', 'Bakkerij Jansen'],
    screenshot: 'share-nl-360'
  })
  const sharePdf = await printToPdf(employer.page, 'share-a4')
  t.ok(sharePdf.pages >= 1 && sharePdf.pages <= 2, `the share page prints on A4 (${sharePdf.pages} page(s))`)
  const english = await checkPage(t, browser, `${made.shareUrl}?lang=en`, { status: 200, title: 'Credentials of Fatima B.', text: ['Genuine'], locale: 'en-GB', screenshot: 'share-en-360' })
  await english.page.close()

  // the provider revokes the credential: the same link now says so
  const revoked = await call(app, s.w.keysA.provider, 'POST', `/v1/credentials/${credentialId}/revoke`, { reason: 'issued-in-error' })
  t.equal(revoked.status, 200, JSON.stringify(revoked.body))
  await employer.page.reload()
  t.ok(await employer.page.getByText('Ingetrokken').first().isVisible(), 'the employer\'s page says revoked')
  t.notOk(await employer.page.getByText('Echt', { exact: true }).count(), 'and no longer genuine')
  await screenshot(employer.page, 'share-revoked-nl-360')
  t.same(await checkAccessibility(employer.page), [], 'the revoked state passes axe too')

  // the participant withdraws the link on her page: the employer's page says it no longer works
  const own = await newContext(t, browser, { width: 360 })
  const mine = await own.newPage()
  await mine.goto(personal)
  t.ok(await mine.getByText('Bakkerij Jansen').first().isVisible(), 'her link is listed')
  t.ok(await mine.getByText(/\d+ keer geopend, laatst op/).first().isVisible(), 'with how often it was opened')
  await mine.getByRole('button', { name: 'Stop deze link' }).click()
  await mine.waitForLoadState()
  t.ok(await mine.getByText('gestopt').first().isVisible(), 'her page shows the link stopped')
  await checkPage(t, browser, made.shareUrl, { status: 410, title: 'Link werkt niet meer', heading: 'Deze link is ingetrokken', text: ['De bewijzen zelf kunnen nog steeds geldig zijn.'], screenshot: 'share-withdrawn-nl-360' })
})

t.test('every page passes axe and fits a 360 px phone, in Dutch and in English', async (t) => {
  const { app, baseUrl } = await serveApp(t)
  const { personal, sheet } = await seed(app)
  const share = app.sharing.makeShare((await app.sharing.openAccessLink(personal.split('/p/')[1]!) as { row: { participantId: string } }).row.participantId, { scope: 'all', createdBy: 'participant' })
  const gone = app.sharing.makeShare(share.share.participantId, { scope: 'all', createdBy: 'participant' })
  app.sharing.withdrawShare(share.share.participantId, gone.share.id, 'participant')
  const pages = {
    nl: [
      { name: 'participant', url: personal, status: 200, title: 'Mijn overzicht', heading: 'Hallo Fatima B.', text: ['Mijn bewijzen (certificaten)'] },
      { name: 'sheet', url: sheet, status: 200, title: 'Uw eigen overzicht', text: ['Open de camera op uw telefoon.'] },
      { name: 'share', url: share.url, status: 200, title: 'Bewijzen van Fatima B.', text: ['Echt'] },
      { name: 'share-gone', url: gone.url, status: 410, title: 'Link werkt niet meer', heading: 'Deze link is ingetrokken', text: ['De bewijzen zelf kunnen nog steeds geldig zijn.'] },
      { name: 'share-unknown', url: `${baseUrl}/s/00000000000000000000000000000000`, status: 404, title: 'Link niet bekend', heading: 'Deze link kennen we niet', text: ['Kijk of de link goed is overgenomen.'] },
      { name: 'personal-unknown', url: `${baseUrl}/p/00000000000000000000000000000000`, status: 404, title: 'Deze link kennen we niet', text: ['Vraag anders uw coach om een nieuwe link.'] },
      { name: 'verify', url: `${baseUrl}/verify`, status: 200, title: 'Bewijs controleren', heading: 'Is dit bewijs echt?', text: ['Plak hier het bewijs'] }
    ],
    en: [
      { name: 'participant', url: personal, status: 200, title: 'My overview', heading: 'Hello Fatima B.', text: ['What I have learned'] },
      { name: 'sheet', url: sheet, status: 200, title: 'Your own overview', text: ['Open the camera on your phone.'] },
      { name: 'share', url: share.url, status: 200, title: 'Credentials of Fatima B.', text: ['Genuine'] },
      { name: 'share-gone', url: gone.url, status: 410, title: 'Link no longer works', heading: 'This link was withdrawn', text: ['may still be valid'] },
      { name: 'share-unknown', url: `${baseUrl}/s/00000000000000000000000000000000`, status: 404, title: 'Link not known', heading: 'We do not know this link', text: [] },
      { name: 'personal-unknown', url: `${baseUrl}/p/00000000000000000000000000000000`, status: 404, title: 'We do not know this link', text: ['ask your coach for a new link'] },
      { name: 'verify', url: `${baseUrl}/verify`, status: 200, title: 'Check a credential', heading: 'Is this credential genuine?', text: ['Paste the credential here'] }
    ]
  }
  for (const { lang, locale } of LANGS) {
    for (const { name, url, ...expected } of pages[lang]) {
      await t.test(`${name} (${lang})`, (t) => checkPage(t, browser, `${url}?lang=${lang}`, { ...expected, locale, screenshot: `${name}-${lang}-360` }))
    }
  }
})

t.test('the answer pages of forms pass axe too: a new share link, a checked credential, in both languages', async (t) => {
  const { app, baseUrl } = await serveApp(t)
  const { personal, credentialId } = await seed(app)
  const jwt = (await app.inject({ url: `${new URL(personal).pathname}/credentials/${credentialId}.jwt` })).body
  for (const { lang, locale } of LANGS) {
    // axe cannot be added to a page whose policy forbids script, so these run with the policy bypassed
    const made = await makeShareOnPage(t, `${personal}?lang=${lang}`, { bypassCSP: true, locale })
    t.same(await checkAccessibility(made.page), [], `the new-link page (${lang})`)

    const context = await newContext(t, browser, { width: 360, bypassCSP: true, locale })
    const page = await context.newPage()
    await page.goto(`${baseUrl}/verify?lang=${lang}`)
    await page.locator('textarea').fill(jwt)
    await page.getByRole('button', { name: lang === 'nl' ? 'Controleer het bewijs' : /Check/ }).click()
    await page.waitForLoadState()
    t.ok(await page.getByText(lang === 'nl' ? 'Echt' : 'Genuine', { exact: true }).first().isVisible(), `the verify page says genuine (${lang})`)
    t.same(await checkAccessibility(page), [], `the verify result page (${lang})`)
    t.match(await noSideScroll(page), { ok: true })
    await screenshot(page, `verify-result-${lang}-360`)
  }
})

t.test('the A4 sheet and the participant overview print', async (t) => {
  const { app } = await serveApp(t)
  const { personal, sheet } = await seed(app)
  for (const [name, url, most] of [['sheet-a4', sheet, 1], ['participant-a4', personal, 2]] as const) {
    const context = await newContext(t, browser, { width: 1024 })
    const page = await context.newPage()
    await page.goto(url)
    const pdf = await printToPdf(page, name)
    t.ok(pdf.pages >= 1 && pdf.pages <= most, `${name}: ${pdf.pages} page(s), at most ${most}`)
  }
})
