import t from 'tap'
import { checkAccessibility, checkPage, launchBrowser, newContext, noSideScroll, printToPdf, serveApp, visit, watchConsole } from './helpers/browser.ts'
import { seedLearning } from './helpers/learning.ts'

// One Chromium for the whole file; every test serves its own app.
const browser = await launchBrowser(t)

t.test('the public pages in Chromium: Dutch, accessible, no sideways scroll at 360 px, nothing refused by their policy', async (t) => {
  const { app, baseUrl } = await serveApp(t)
  const s = await seedLearning(app)
  const pages = [
    { name: 'achievement', path: `/achievements/modules/${s.module.id}/versions/1`, status: 200, title: 'Veilig werken in het magazijn', text: ['Studiebelasting', 'Uitgegeven door'] },
    { name: 'framework', path: '/frameworks/referentiekader/1F', status: 200, title: 'Referentiekader taal en rekenen: niveau 1F', text: ['laagste eerst'] },
    { name: 'skill', path: `/skills/${s.skills.heftruck}`, status: 200, title: 'Heftruck rijden', text: ['vakvaardigheid'] },
    { name: 'activity', path: `/modules/${s.module.id}/units/les-1`, status: 200, title: 'Veiligheidsregels en beschermingsmiddelen', text: ['Vaardigheden'] },
    { name: 'not-found', path: '/skills/skl_00000000000000000000', status: 404, title: 'Niet gevonden', text: ['bestaat niet'] }
  ]
  for (const { name, path, ...expected } of pages) {
    await t.test(name, (t) => checkPage(t, browser, baseUrl + path, { ...expected, screenshot: `public-${name}-nl-360` }))
  }
})

t.test('an achievement page prints on one A4 page, its badge image loaded', async (t) => {
  const { app, baseUrl } = await serveApp(t)
  const s = await seedLearning(app)
  const { page, status } = await visit(t, browser, `${baseUrl}/achievements/modules/${s.module.id}/versions/1`, { width: 1024 })
  t.equal(status, 200)
  t.ok(await page.getByRole('img', { name: 'Badge: Veilig werken in het magazijn' }).evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0),
    'the badge comes from the service itself, allowed by the policy')
  const pdf = await printToPdf(page, 'public-achievement-a4')
  t.equal(pdf.pages, 1)
  t.ok(pdf.bytes > 1000, `a real PDF (${pdf.bytes} bytes)`)
})

t.test('the checks fail on a page that breaks them', async (t) => {
  const { baseUrl } = await serveApp(t)
  // a made-up page under the service's origin: an inline script its policy refuses, an image without
  // alternative text, a block wider than a phone and one taller than an A4 page
  const bad = `${baseUrl}/browser-harness-check`
  const body = '<!doctype html><html lang="nl"><head><title>Slecht</title></head><body><main><h1>Slecht</h1>' +
    '<img src="/nope.png"><div style="width:600px">breed</div><div style="height:400mm">lang</div><script>document.title = "ran"</script></main></body></html>'
  for (const bypassCSP of [false, true]) {
    const context = await newContext(t, browser, { bypassCSP })
    await context.route(bad, (route) => route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      headers: { 'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'" },
      body
    }))
    const page = await context.newPage()
    const { cspViolations } = watchConsole(page)
    await page.goto(bad)
    if (!bypassCSP) {
      t.equal(await page.title(), 'Slecht', 'the policy kept the script from running')
      const refused = await cspViolations()
      t.equal(refused.length, 2, 'the refused script is reported, once by its event and once by the console')
      t.match(refused, [/^script-src-elem blocked inline \(http:\/\/127\.0\.0\.1:\d+\/browser-harness-check:1\)$/, /^Executing inline script violates the following Content Security Policy directive 'default-src 'none''/])
      t.match(await noSideScroll(page), { ok: false, innerWidth: 360 }, 'the wide block scrolls sideways')
      t.match(await printToPdf(page, 'harness-check'), { pages: 2 }, 'the tall block prints on two pages')
      continue
    }
    t.same((await checkAccessibility(page)).map((v) => v.id), ['image-alt'], 'axe names the image without alternative text')
  }
})

t.test('without Chromium the browser tests fail and say how to install it', async (t) => {
  await t.rejects(launchBrowser(t, '/nonexistent/chromium'), { message: /^No Chromium at \/nonexistent\/chromium: .*\(apt-get install -y chromium\), or CHROMIUM_PATH/ })
})
