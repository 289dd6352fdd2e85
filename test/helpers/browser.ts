import type { Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import axe from 'axe-core'
import type { AppConfig } from '../../src/config.ts'
import { build } from './build.ts'

/**
 * Browser tests in real Chromium: Debian's `chromium` driven by playwright-core, against the app
 * served over HTTP on 127.0.0.1. One browser per test file, one app per test:
 *
 * ```ts
 * const browser = await launchBrowser(t)              // top level: closed when the file ends
 * t.test('the share page', async (t) => {
 *   const { app, baseUrl } = await serveApp(t)
 *   // ...seed through app.inject...
 *   const { page } = await checkPage(t, browser, `${baseUrl}/s/${token}`, { status: 200, title: 'Portfolio van Fatima', text: ['echt'], locale: 'en-GB', screenshot: 'share-en' })
 *   t.equal((await printToPdf(page, 'share-a4')).pages, 1)
 * })
 * ```
 */

/** Every Playwright call gives up after this long, so a broken page fails a test instead of hanging it. */
const TIMEOUT = 15_000

/** Debian's build; `CHROMIUM_PATH` may name another Chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/** The flags of every run: headless, no sandbox (CI containers), and nothing that calls home. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** Where screenshots and PDFs land (git-ignored). */
export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url))

/** The narrowest phone the pages are made for. */
export const PHONE_WIDTH = 360

/**
 * The little of the DOM that the functions run inside the page use (the project compiles without
 * the DOM library; those functions are sent to the page as source, so each casts `globalThis` itself).
 */
interface InPage {
  document: {
    documentElement: { scrollWidth: number }
    addEventListener: (type: 'securitypolicyviolation', listener: (e: Record<'effectiveDirective' | 'blockedURI' | 'sourceFile' | 'documentURI' | 'lineNumber', string>) => void) => void
  }
  innerWidth: number
  cspViolations: string[]
  axe: typeof axe
}

/** The options each context was made with: the axe run copies them, and injects its script only where `bypassCSP` is set. */
const madeWith = new WeakMap<BrowserContext, VisitOptions>()

/**
 * Launches Chromium with a fresh profile in a temporary folder; closes it and removes the folder
 * when `t` ends. Rejects with how to install Chromium when there is none: CI installs it, so a
 * missing browser fails the tests rather than skipping them.
 */
export async function launchBrowser (t: Test, executablePath = CHROMIUM_PATH): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(`No Chromium at ${executablePath}: the browser tests need Debian's chromium ` +
      '(apt-get install -y chromium), or CHROMIUM_PATH set to a Chromium binary')
  }
  const profile = mkdtempSync(join(tmpdir(), 'stapsteen-chromium-'))
  // playwright-core takes a user data dir only through a persistent context; its browser makes the test contexts
  const persistent = await chromium.launchPersistentContext(profile, { executablePath, args: FLAGS, timeout: TIMEOUT })
    .catch((err: unknown) => { rmSync(profile, { recursive: true, force: true }); throw err })
  t.teardown(async () => {
    await persistent.close().catch(() => {})
    rmSync(profile, { recursive: true, force: true })
  })
  return persistent.browser()!
}

/** A port free right now on 127.0.0.1. */
function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * A fresh app (test/helpers/build.ts) listening over HTTP on 127.0.0.1 with `publicUrl` set to
 * its own address, so the links and images on its pages point back at it (and count as 'self' for
 * the pages' Content-Security-Policy). Closed when `t` ends.
 */
export async function serveApp (t: Test, config: Partial<AppConfig> = {}): Promise<{ app: FastifyInstance, baseUrl: string }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const baseUrl = `http://127.0.0.1:${port}`
    const app = await build(t, { ...config, publicUrl: baseUrl })
    try {
      await app.listen({ port, host: '127.0.0.1' })
      return { app, baseUrl }
    } catch (err) {
      // another process took the port in between: try another one
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 3) throw err
    }
  }
}

export interface VisitOptions {
  /** viewport width in CSS pixels; {@link PHONE_WIDTH} unless told */
  width?: number
  /** the browser's language, sent as Accept-Language; `nl-NL` unless told */
  locale?: string
  /** let injected scripts past the page's Content-Security-Policy (only the axe run needs it) */
  bypassCSP?: boolean
}

export interface Visit {
  page: Page
  /** the HTTP status of the page */
  status: number
  /** console errors and uncaught page errors, in order */
  errors: string[]
  /** Content-Security-Policy violations so far: `securitypolicyviolation` events and Chromium's "Refused to ..." console errors */
  cspViolations: () => Promise<string[]>
}

/** A fresh context (cookies, language, viewport of its own), closed when `t` ends. */
export async function newContext (t: Test, browser: Browser, options: VisitOptions = {}): Promise<BrowserContext> {
  const context = await openContext(browser, options)
  t.teardown(() => context.close().catch(() => {}))
  return context
}

async function openContext (browser: Browser, options: VisitOptions): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? PHONE_WIDTH, height: 800 },
    locale: options.locale ?? 'nl-NL',
    bypassCSP: options.bypassCSP ?? false
  })
  madeWith.set(context, options)
  context.setDefaultTimeout(TIMEOUT)
  context.setDefaultNavigationTimeout(TIMEOUT)
  // an init script runs before the page's own and is not subject to its policy
  await context.addInitScript(() => {
    const page = globalThis as unknown as InPage
    const seen: string[] = []
    Object.defineProperty(page, 'cspViolations', { value: seen })
    page.document.addEventListener('securitypolicyviolation', (e) => {
      seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || e.documentURI}:${e.lineNumber})`)
    })
  })
  return context
}

/**
 * Records what `page` says from now on: console errors, uncaught errors, and the violations of
 * its Content-Security-Policy (read when asked, so call it after the page has loaded).
 */
export function watchConsole (page: Page): Omit<Visit, 'page' | 'status'> {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    const { url } = message.location()
    // Chromium logs the page's own 4xx (the test checks the status) and its own favicon request
    if (message.text().startsWith('Failed to load resource') && (url === page.url() || url.endsWith('/favicon.ico'))) return
    errors.push(url ? `${message.text()} (${url})` : message.text())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  return {
    errors,
    cspViolations: async () => [
      ...await page.evaluate(() => [...(globalThis as unknown as InPage).cspViolations]),
      ...errors.filter((e) => /Content Security Policy|^Refused to /.test(e))
    ]
  }
}

/**
 * Opens `url` in a fresh context (see {@link VisitOptions}) and records what the console says.
 * A page that does not answer at all rejects; any HTTP status is returned for the test to check.
 */
export async function visit (t: Test, browser: Browser, url: string, options: VisitOptions = {}): Promise<Visit> {
  const page = await (await newContext(t, browser, options)).newPage()
  const watched = watchConsole(page)
  const response = await page.goto(url, { waitUntil: 'load' })
  if (!response) throw new Error(`${url} gave no response`)
  return { page, status: response.status(), ...watched }
}

/** One axe finding: the rule, how bad, what to do, and the CSS selectors of the elements. */
export interface AxeViolation { id: string, impact: string | null, help: string, targets: string[] }

/** WCAG 2.1 A and AA, and axe's best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']

/**
 * Runs axe-core on the page and returns its violations ([] when there are none). The pages allow
 * no script at all, so axe cannot be added to `page` itself: it runs in a sibling context made
 * with `bypassCSP: true` that opens the same URL with the same cookies and viewport (or in `page`
 * when it already is such a context).
 */
export async function checkAccessibility (page: Page): Promise<AxeViolation[]> {
  const options = madeWith.get(page.context()) ?? {}
  if (options.bypassCSP) return runAxe(page)
  const context = await openContext(page.context().browser()!, { ...options, width: page.viewportSize()?.width, bypassCSP: true })
  try {
    await context.addCookies(await page.context().cookies())
    const twin = await context.newPage()
    await twin.goto(page.url(), { waitUntil: 'load' })
    return await runAxe(twin)
  } finally {
    await context.close().catch(() => {})
  }
}

async function runAxe (page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axe.source })
  const results = await page.evaluate((tags) => (globalThis as unknown as InPage).axe.run((globalThis as unknown as InPage).document as never, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS)
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' '))
  }))
}

/**
 * Whether anything scrolls sideways at a phone's width: resizes the page to {@link PHONE_WIDTH}
 * and returns the document's scroll width beside the window's width (ok when not wider).
 */
export async function noSideScroll (page: Page): Promise<{ ok: boolean, scrollWidth: number, innerWidth: number }> {
  const height = page.viewportSize()?.height ?? 800
  await page.setViewportSize({ width: PHONE_WIDTH, height })
  const { scrollWidth, innerWidth } = await page.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as InPage
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth }
  })
  return { ok: scrollWidth <= innerWidth, scrollWidth, innerWidth }
}

const saved = (name: string, ext: string) => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  return join(SCREENSHOTS, `${name.replace(/[^\w.-]+/g, '-')}.${ext}`)
}

/** A full-page PNG of the page in test/screenshots/; returns its path. */
export async function screenshot (page: Page, name: string): Promise<string> {
  const path = saved(name, 'png')
  await page.screenshot({ path, fullPage: true })
  return path
}

/**
 * The page printed to an A4 PDF (print stylesheet, backgrounds) in test/screenshots/; returns its
 * path, its size in bytes and its number of pages (the `/Type /Page` objects, not the `/Pages` tree).
 */
export async function printToPdf (page: Page, name: string): Promise<{ path: string, bytes: number, pages: number }> {
  const pdf = await page.pdf({ format: 'A4', printBackground: true })
  const path = saved(name, 'pdf')
  await writeFile(path, pdf)
  return { path, bytes: pdf.length, pages: pdf.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0 }
}

/** What a page must show, beside what every page must do (see {@link checkPage}). */
export interface PageExpectations extends VisitOptions {
  status: number
  /** the document title; also the visible top heading unless `heading` names another */
  title: string
  /** the visible top heading, when it is not the title (e.g. a greeting) */
  heading?: string
  /** phrases that must be visible on the page */
  text?: string[]
  /** name of the full-page screenshot in test/screenshots/ (none unless given) */
  screenshot?: string
}

/**
 * Opens `url` at a phone's width and asserts, as subtests of `t`, the status, title and phrases,
 * and what every page must do: nothing refused by its Content-Security-Policy, no console errors,
 * nothing scrolling sideways at 360 px, no axe violations (printed when there are). Returns the
 * visit for the test's next steps.
 */
export async function checkPage (t: Test, browser: Browser, url: string, expected: PageExpectations): Promise<Visit> {
  const visited = await visit(t, browser, url, expected)
  const { page } = visited
  t.equal(visited.status, expected.status, `${url}: status`)
  t.match(await page.title(), expected.title, 'the document title names it')
  const heading = expected.heading ?? expected.title
  t.ok(await page.getByRole('heading', { level: 1, name: heading }).isVisible(), `the heading "${heading}" is visible`)
  for (const phrase of expected.text ?? []) t.ok(await page.getByText(phrase).first().isVisible(), `"${phrase}" is visible`)
  t.same(await visited.cspViolations(), [], 'nothing refused by the page\'s Content-Security-Policy')
  t.same(visited.errors, [], 'no console errors')
  t.match(await noSideScroll(page), { ok: true }, `nothing scrolls sideways at ${PHONE_WIDTH} px`)
  if (expected.screenshot) await screenshot(page, expected.screenshot)
  t.same(await checkAccessibility(page), [], `axe: no violations (${AXE_TAGS.join(', ')})`)
  return visited
}
