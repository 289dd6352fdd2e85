import t from 'tap'
import type { AddressInfo } from 'node:net'
import { checkPage, launchBrowser, printToPdf } from './helpers/browser.ts'
import { build } from './helpers/build.ts'
import { withStats } from './helpers/stats-reports.ts'
import { MEASURES, MEASURE_TEXT } from '../src/features/stats/report.ts'

// One Chromium for the whole file; every test serves its own app.
const browser = await launchBrowser(t)

/** An app with the fixture figures as its source, listening on 127.0.0.1 (the source is set before it starts). */
async function serveStats (t: Parameters<typeof build>[0]): Promise<string> {
  const app = await build(t)
  withStats(app)
  await app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

t.test('the figures page in Chromium: accessible, nothing refused by its policy, a visible chart per measure', async (t) => {
  const baseUrl = await serveStats(t)
  const { page } = await checkPage(t, browser, `${baseUrl}/stats`, {
    status: 200,
    title: 'Cijfers per regio',
    text: ['Stand op 2 november 2026 om 10:30.', 'Cijfers per regio: Het hele programma', 'Hele programma', '17% van 200'],
    screenshot: 'stats-nl-360'
  })
  for (const measure of MEASURES) {
    const chart = page.getByRole('img', { name: `Staafdiagram: ${MEASURE_TEXT[measure].nl}, per regio, Het hele programma. De getallen staan ook in de tabel.` })
    await chart.scrollIntoViewIfNeeded()
    const box = await chart.boundingBox()
    t.ok(await chart.isVisible() && box !== null && box.width > 200 && box.height > 60, `${measure}: the chart is drawn (${box?.width} × ${box?.height})`)
  }
  const bar = page.locator('.chart-image svg path[fill="#0b5394"]').first()
  t.ok((await bar.boundingBox())!.width > 10, 'a bar has width')
  t.ok(await page.getByRole('table', { name: 'Cijfers per regio: Het hele programma' }).isVisible(), 'the table is named by its caption')
  t.ok(await page.getByRole('columnheader', { name: 'Deelnemers aan het werk' }).isVisible())
  t.ok(await page.getByRole('rowheader', { name: 'Twente' }).isVisible())
  t.ok((await printToPdf(page, 'stats-a4')).pages >= 2, 'prints, the charts after the table')
})

t.test('one region in a quarter, in English, and a refused period: each accessible, nothing refused', async (t) => {
  const baseUrl = await serveStats(t)
  await checkPage(t, browser, `${baseUrl}/stats?period=2026-Q3&region=rijnmond&lang=en`, {
    status: 200,
    title: 'Figures per region',
    text: ['Figures per region: Rijnmond, Q3 2026', 'fewer than 10'],
    locale: 'en-GB',
    width: 1024,
    screenshot: 'stats-en-rijnmond-1024'
  })
  await checkPage(t, browser, `${baseUrl}/stats?period=2019`, {
    status: 400,
    title: 'Cijfers per regio',
    text: ['Deze periode kennen we niet', 'Kies hieronder een periode uit de lijst.']
  })
})

t.test('the chooser works without script: choosing a period and a region shows them', async (t) => {
  const baseUrl = await serveStats(t)
  const { page } = await checkPage(t, browser, `${baseUrl}/stats`, { status: 200, title: 'Cijfers per regio' })
  await page.getByLabel('Periode', { exact: true }).selectOption('2026-Q3')
  await page.getByLabel('Regio', { exact: true }).selectOption('twente')
  await page.getByRole('button', { name: 'Laat zien' }).click()
  await page.waitForURL(/\/stats\?period=2026-Q3&region=twente$/)
  t.ok(await page.getByRole('table', { name: 'Cijfers per regio: Twente, 3e kwartaal 2026' }).isVisible())
  t.equal(await page.getByRole('row').count(), 3, 'the header row, the programme and Twente')
})
