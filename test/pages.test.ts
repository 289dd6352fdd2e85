import t from 'tap'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { build } from './helpers/build.ts'
import { PEOPLE_PAGE_POLICY, VIEWS_DIR } from '../src/plugins/pages.ts'
import { Problem } from '../src/lib/problems.ts'

/** An app with two page routes of its own, to test the page frame apart from any feature. */
async function pageApp (t: Parameters<typeof build>[0]): Promise<FastifyInstance> {
  const app = await build(t)
  app.get('/probe-page', { config: { public: true, page: true } }, async (request, reply) =>
    reply.page('error', { title: 'Proef', heading: '<script>alert(1)</script> & co', paragraphs: ['één "twee"'], tone: 'ok', icon: 'check' }, { noindex: true }))
  app.get('/probe-page/dutch', { config: { public: true, page: true } }, async (request, reply) =>
    reply.page('error', { title: 'Alleen Nederlands', heading: 'Kop', paragraphs: [], tone: 'ok', icon: 'check' }, { languages: false, cache: 'public, max-age=300' }))
  app.get('/probe-page/fails', { config: { public: true, page: true } }, async () => { throw new Problem('share-expired', 'gone') })
  return app
}

t.test('a page is Dutch first, escapes its data, and carries the page headers', async (t) => {
  const app = await pageApp(t)
  const res = await app.inject({ url: '/probe-page' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/html; charset=utf-8/)
  t.equal(res.headers['content-security-policy'], PEOPLE_PAGE_POLICY)
  t.notMatch(PEOPLE_PAGE_POLICY, /script-src|unsafe/, 'no script is allowed at all')
  t.equal(res.headers['cache-control'], 'no-store')
  t.equal(res.headers['x-robots-tag'], 'noindex, nofollow')
  t.match(res.body, '<html lang="nl">')
  t.match(res.body, '<meta name="robots" content="noindex, nofollow">')
  t.match(res.body, '&lt;script&gt;alert(1)&lt;/script&gt; &amp; co', 'data is escaped')
  t.notMatch(res.body, '<script>')
  t.match(res.body, 'één &quot;twee&quot;')
  t.match(res.body, '<a href="/probe-page?lang=en" lang="en" hreflang="en">English</a>')
  t.match(res.body, 'Naar de inhoud')
})

t.test('a Dutch-only page says lang="nl" and shows no switch, whatever the visitor chose', async (t) => {
  const app = await pageApp(t)
  for (const headers of [{}, { cookie: 'taal=en' }]) {
    const res = await app.inject({ url: '/probe-page/dutch?lang=en', headers })
    t.equal(res.statusCode, 200)
    t.match(res.body, '<html lang="nl">')
    t.match(res.body, 'Naar de inhoud', 'the frame\'s words are Dutch too')
    t.notMatch(res.body, /English|lang=en/, 'no language switch')
    t.notOk(res.headers.vary, 'the page does not vary by the cookie')
    t.equal(res.headers['cache-control'], 'public, max-age=300')
    t.notOk(res.headers['x-robots-tag'])
    t.notMatch(res.body, 'noindex')
  }
})

t.test('the English switch is remembered in a cookie; a strange lang value is ignored', async (t) => {
  const app = await pageApp(t)
  const en = await app.inject({ url: '/probe-page?lang=en' })
  t.match(en.body, '<html lang="en">')
  t.match(en.body, 'Skip to content')
  t.match(en.body, '>Nederlands</a>')
  const cookie = String(en.headers['set-cookie'])
  t.match(cookie, /^taal=en; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/)
  const again = await app.inject({ url: '/probe-page', headers: { cookie: 'taal=en' } })
  t.match(again.body, '<html lang="en">', 'the cookie keeps English')
  t.notOk(again.headers['set-cookie'], 'nothing new to remember')
  const back = await app.inject({ url: '/probe-page?lang=nl', headers: { cookie: 'taal=en' } })
  t.match(back.body, '<html lang="nl">')
  t.match(String(back.headers['set-cookie']), /^taal=nl;/)
  const odd = await app.inject({ url: '/probe-page?lang=%3Cx%3E' })
  t.equal(odd.statusCode, 200)
  t.match(odd.body, '<html lang="nl">')
})

t.test('an error on a page route is a plain page in the page language, not JSON', async (t) => {
  const app = await pageApp(t)
  const nl = await app.inject({ url: '/probe-page/fails' })
  t.equal(nl.statusCode, 410)
  t.match(nl.headers['content-type'], /^text\/html/)
  t.match(nl.body, 'Deze pagina bestaat niet')
  const en = await app.inject({ url: '/probe-page/fails', headers: { cookie: 'taal=en' } })
  t.match(en.body, 'This page does not exist')
})

t.test('assets are served under names with their content hash, cached for good', async (t) => {
  const app = await pageApp(t)
  const page = await app.inject({ url: '/probe-page' })
  const href = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{12}\.css)">/.exec(page.body)?.[1]
  t.ok(href, 'the page links its stylesheet by hashed name')
  const css = await app.inject({ url: href! })
  t.equal(css.statusCode, 200)
  t.match(css.headers['content-type'], /^text\/css/)
  t.equal(css.headers['cache-control'], 'public, max-age=31536000, immutable')
  t.equal(css.body, readFileSync(join(VIEWS_DIR, 'assets', 'site.css'), 'utf8'))
  t.match(css.body, '@media print')
  t.equal((await app.inject({ url: '/assets/site.css' })).statusCode, 404, 'only hashed names are served')
  t.equal((await app.inject({ url: '/assets/site.000000000000.css' })).statusCode, 404)
})

t.test('templates write raw HTML only for the layout body, includes, QR codes and the charts Vega draws', async (t) => {
  const files: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (name.endsWith('.eta')) files.push(path)
    }
  }
  walk(VIEWS_DIR)
  t.ok(files.length >= 3)
  for (const file of files) {
    for (const [raw] of readFileSync(file, 'utf8').matchAll(/<%~[^%]*%>/g)) {
      t.match(raw, /^<%~ (it\.body|include\(|it\.qrSvg|chart\.svg)/, `${file}: ${raw}`)
    }
  }
})

t.test('a QR code is SVG from the library, named for screen readers, with the label escaped', async (t) => {
  const { qrSvg } = await import('../src/lib/qr.ts')
  const svg = await qrSvg('http://localhost:3000/s/abc', 'Link "naar" <werkgever>')
  t.match(svg, /^<svg role="img" aria-label="Link &#34;naar&#34; &#60;werkgever&#62;" xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/)
  t.notMatch(svg, /<script|href/)
})

t.test('the stylesheet closes every block it opens, so no section ends up inside another\'s @media print', async (t) => {
  const css = readFileSync(join(VIEWS_DIR, 'assets', 'site.css'), 'utf8').replace(/\/\*[^]*?\*\//g, '')
  let depth = 0
  for (const line of css.split('\n')) {
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length
    if (line.startsWith('.') || line.startsWith('@media')) t.equal(depth - (line.match(/\{/g) ?? []).length + (line.match(/\}/g) ?? []).length, 0, `top level: ${line.slice(0, 40)}`)
  }
  t.equal(depth, 0)
})

t.test('dates in words: Dutch time, a bare date never moves a day, unreadable text stays as it is', async (t) => {
  const { dateInWords } = await import('../src/lib/page-text.ts')
  t.equal(dateInWords('nl', '2026-10-14'), '14 oktober 2026')
  t.equal(dateInWords('en', '2026-10-14'), '14 October 2026')
  t.equal(dateInWords('nl', '2026-12-04T23:30:00.000Z'), '5 december 2026', 'half past midnight in Amsterdam is the next day')
  t.equal(dateInWords('nl', '2026-12-04T10:00:00.000Z', false), '4 december')
  t.equal(dateInWords('nl', 'soon'), 'soon')
  t.equal(dateInWords('nl', null), undefined)
})
