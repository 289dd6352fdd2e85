import t from 'tap'
import { build, call } from './helpers/build.ts'
import { createModule, magazijnModule } from './helpers/catalogue.ts'
import { publishChange, publishDraft, seedLearning } from './helpers/learning.ts'
import { PEOPLE_PAGE_POLICY } from '../src/plugins/pages.ts'

const BASE = 'http://localhost:3000'

t.test('an activity IRI resolves for anyone: JSON, or a page for a browser; 404 unless published', async (t) => {
  const app = await build(t)
  const x = await seedLearning(app)
  const s = x.skills
  const m = await createModule(app, x.w.keysA.provider, magazijnModule(s, {
    code: 'VWM-03',
    title: 'Veilig <werken> & "zo"',
    units: [
      { key: 'les-1', title: 'Veiligheidsregels', skillIds: [s.veilig] },
      { key: 'les-2', title: 'Heftruck rijden', skillIds: [s.heftruck] },
      { key: 'les-3', title: 'Orderpicken', skillIds: [s.orderpicken] }
    ]
  }))
  const id = m.id as string
  const v1 = await publishDraft(app, x.w.keysA.provider, id)
  const v2 = await publishChange(app, x.w.keysA.provider, id, {
    title: 'Veilig werken 2026',
    units: [
      { key: 'les-1', title: 'Regels <b>lezen</b>', skillIds: [s.veilig] },
      { key: 'les-2', title: 'Heftruck rijden', skillIds: [s.veilig, s.heftruck] }
    ]
  })
  const get = (url: string, accept = 'application/json') => app.inject({ method: 'GET', url, headers: { accept } })
  const path = (iri: string) => iri.slice(BASE.length)

  const res = await get(path(v1.units[0].activityId))
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  t.strictSame(res.json(), {
    objectType: 'Activity',
    id: `${BASE}/modules/${id}/units/les-1`,
    definition: { type: 'http://adlnet.gov/expapi/activities/lesson', name: { 'nl-NL': 'Regels <b>lezen</b>' } },
    moduleId: id,
    moduleTitle: 'Veilig werken 2026',
    providerId: x.w.orgs.providerA,
    providerName: 'ROC van Twente',
    key: 'les-1',
    revision: 1,
    title: 'Regels <b>lezen</b>',
    description: null,
    skills: [{ id: s.veilig, name: 'Veilig werken volgens VCA', kind: 'vocational', domain: null, level: null, escoUri: null }],
    versions: [
      { version: 1, moduleTitle: 'Veilig <werken> & "zo"', unitId: v1.units[0].id, title: 'Veiligheidsregels', publishedAt: v1.publishedAt },
      { version: 2, moduleTitle: 'Veilig werken 2026', unitId: v2.units[0].id, title: 'Regels <b>lezen</b>', publishedAt: v2.publishedAt }
    ]
  })
  t.strictSame((await get(`/modules/${id}/versions/1/units/les-1`)).json(), res.json(), 'the older form answers with the same unit')

  const revised = (await get(path(v2.units[1].activityId))).json()
  t.match(revised, { id: `${BASE}/modules/${id}/units/les-2/revisions/2`, revision: 2, versions: [{ version: 2 }] })
  t.equal(revised.versions.length, 1)
  t.match((await get(`/modules/${id}/units/les-2`)).json(), { revision: 1, versions: [{ version: 1, title: 'Heftruck rijden' }] })
  t.match((await get(`/modules/${id}/units/les-3`)).json(), { revision: 1, versions: [{ version: 1 }] }, 'a unit dropped later still resolves')

  const page = await get(`/modules/${id}/units/les-1`, 'text/html,application/xhtml+xml,*/*;q=0.8')
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html; charset=utf-8/)
  t.match(page.headers.vary, /accept/)
  t.match(page.body, /<html lang="nl">/)
  t.match(page.body, /<h1>Regels &lt;b&gt;lezen&lt;\/b&gt;<\/h1>/)
  t.equal(page.headers['content-security-policy'], PEOPLE_PAGE_POLICY, 'the page loads the shared stylesheet and images, nothing else')
  t.match(page.body, /versie 1: Veilig &lt;werken&gt; &amp; &quot;zo&quot;/)
  t.notMatch(page.body, /<b>|<werken>/, 'no value reaches the page unescaped')

  const problems: Array<[string, number, string]> = [
    [`/modules/${id}/units/les-9`, 404, 'not-found'],
    [`/modules/${id}/units/les-1/revisions/2`, 404, 'not-found'],
    [`/modules/${id}/versions/3/units/les-1`, 404, 'not-found'],
    ['/modules/mod_aaaaaaaaaaaaaaaaaaaa/units/les-1', 404, 'not-found'],
    [`/modules/${id}/units/les%201`, 400, 'validation-failed'],
    [`/modules/${id}/units/les-1/revisions/0`, 400, 'validation-failed']
  ]
  for (const [url, status, code] of problems) {
    const r = await get(url)
    t.equal(r.statusCode, status, url)
    t.match(r.headers['content-type'], /^application\/problem\+json/, url)
    t.equal(r.json().code, code, url)
  }
  t.match((await get(`/modules/${id}/units/les%201`)).json().errors, [{ pointer: '#/key', in: 'params' }])
  t.equal((await get(`/modules/${id}/units/les-9?x=1`)).json().detail, `activity ${BASE}/modules/${id}/units/les-9 does not exist`)

  const draftOnly = await createModule(app, x.w.keysA.provider, magazijnModule(s, { code: 'DRAFT-1' }))
  t.equal((await get(path(draftOnly.current.units[0].activityId))).statusCode, 404, 'a unit of a draft is not shown')
  const missing = await get(path(draftOnly.current.units[0].activityId), 'text/html')
  t.match({ status: missing.statusCode, type: missing.headers['content-type'] }, { status: 404, type: /^text\/html/ }, 'a browser gets a plain page')
  t.match(missing.body, /bestaat niet \(meer\)/)
  t.equal((await get(`/modules/${draftOnly.id}/versions/1/units/les-1`)).statusCode, 404)
  await call(app, x.w.keysA.provider, 'PATCH', `/v1/modules/${id}`, { hours: 20 })
  t.equal((await get(`/modules/${id}/versions/3/units/les-1`)).statusCode, 404, 'nor a draft version in the older form')
})
