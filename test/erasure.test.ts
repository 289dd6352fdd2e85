import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, call, expectRefusals, expectStatus } from './helpers/build.ts'
import { createModule, magazijnModule } from './helpers/catalogue.ts'
import { completion, publishDraft, seedLearning, type Learning } from './helpers/learning.ts'
import { createRecorder } from '../src/features/completions/recorder.ts'
import { testClock } from './helpers/time.ts'

const NAME = 'Zeynep Oudejans-Verbeek'
/** What must be gone after the erasure, wherever it was written: her name, its parts, contact details, references. */
const PERSONAL = [NAME, 'Oudejans', 'zeynep', 'zeynep.ov@example.nl', '06 48151623', 'ENS-ZO-7', 'ROC-ZO-7']

/** Every text and blob value of every table of the database, with where it is. */
function everyStoredValue (app: FastifyInstance): Array<{ at: string, value: string }> {
  const sqlite = app.db.$client
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]
  return tables.flatMap((table) => {
    const columns = sqlite.prepare('select name, type from pragma_table_info(?)').all(table) as Array<{ name: string, type: string }>
    const textual = columns.filter((c) => /text|blob|^$/i.test(c.type)).map((c) => c.name)
    const rows = sqlite.prepare(`select * from "${table}"`).all() as Array<Record<string, unknown>>
    return rows.flatMap((row) => textual.flatMap((column) => {
      const value = row[column]
      if (value === null || value === undefined) return []
      return [{ at: `${table}.${column}`, value: Buffer.isBuffer(value) ? value.toString('latin1') : String(value) }]
    }))
  })
}

const found = (values: Array<{ at: string, value: string }>, needle: string) =>
  values.filter((v) => v.value.toLowerCase().includes(needle.toLowerCase())).map((v) => v.at)

/** Zeynep, with everything the service can hold about her: references, consents, completions with an attestation, a voided one, credentials, an outcome retracted, links. */
async function seedZeynep (app: FastifyInstance, s: Learning) {
  const { coach, provider } = s.w.keysA
  const id = (await expectStatus(call(app, coach, 'POST', '/v1/participants', {
    regionId: s.w.regions.a, displayName: NAME, contact: { email: 'zeynep.ov@example.nl', phone: '06 48151623' }, reference: 'ENS-ZO-7'
  }), 201)).id as string
  await expectStatus(call(app, provider, 'POST', `/v1/participants/${id}/references`, { reference: 'ROC-ZO-7' }), 201)
  for (const body of [{ purpose: 'data-exchange', given: true, organisationId: s.w.orgs.providerA }, { purpose: 'share-with-employers', given: true }]) {
    await expectStatus(call(app, coach, 'POST', `/v1/participants/${id}/consents`, body), 201)
  }
  const attested = {
    assessment: 'workplace',
    workplaceAttestation: { name: 'Ruud Jansen', role: 'praktijkopleider', statement: `${NAME} werkt zelfstandig in het magazijn.` },
    evidenceUrl: 'https://lms.example.nl/portfolio/zeynep-oudejans/les'
  }
  const [first, second] = s.module.unitIds as [string, string]
  const kept = await expectStatus(call(app, provider, 'POST', '/v1/completions', completion(id, first, 'zo-1', attested)), 201)
  await expectStatus(call(app, provider, 'POST', '/v1/completions', completion(id, second, 'zo-2', attested)), 201)
  // a second module of provider A, whose first unit is recorded and then voided with a reason that names her
  const other = await createModule(app, provider, magazijnModule(s.skills, { code: 'VWM-02', title: 'Heftruck rijden' }))
  const otherUnits = (await publishDraft(app, provider, other.id)).units.map((u: { id: string }) => u.id) as [string, string]
  const voided = await expectStatus(call(app, provider, 'POST', '/v1/completions', completion(id, otherUnits[0], 'zo-3', attested)), 201)
  await expectStatus(call(app, provider, 'POST', `/v1/completions/${voided.id}/void`, { reason: `dubbel ingevoerd voor ${NAME}` }), 200)
  await app.issuance.drain()
  await expectStatus(call(app, coach, 'POST', `/v1/participants/${id}/portfolio-credential`), 201)
  const job = await expectStatus(call(app, coach, 'POST', `/v1/participants/${id}/outcomes`, {
    kind: 'job-started', sector: 'logistiek', contractType: 'temporary', hoursPerWeek: 24, startedOn: '2026-11-02'
  }), 201)
  await expectStatus(call(app, coach, 'POST', `/v1/participants/${id}/outcomes/${job.id}/retract`, { reason: `${NAME} begon toch niet` }), 200)
  const share = await expectStatus(call(app, coach, 'POST', `/v1/participants/${id}/shares`, { scope: 'all', label: `voor ${NAME}` }), 201)
  const link = await expectStatus(call(app, coach, 'POST', `/v1/participants/${id}/access-link`), 201)
  const credentials = (await call(app, coach, 'GET', `/v1/participants/${id}/credentials`)).body.items as Array<{ id: string, status: { revoked: boolean } }>
  return { id, otherUnits, credentials, completionId: kept.id as string, shareToken: share.url.split('/s/')[1] as string, linkToken: link.url.split('/p/')[1] as string }
}

t.test('after erasure her name, contact and references are in no table and no log line', async (t) => {
  const lines: string[] = []
  const clock = testClock()
  const app = await build(t, { now: clock.now, logLevel: 'info', logStream: { write: (line: string) => { lines.push(line) } } })
  const s = await seedLearning(app)
  const z = await seedZeynep(app, s)
  t.same(z.credentials.map((c) => c.status.revoked), [false, false], 'before: two valid credentials, the module\'s and the portfolio')
  const before = everyStoredValue(app)
  t.ok(found(before, NAME).length >= 5, `her name was stored in ${[...new Set(found(before, NAME))].join(', ')}`)
  const jwts = app.db.$client.prepare('select jwt from credentials where participant_id = ?').pluck().all(z.id) as string[]
  // the second module completed when she is erased, its credential queued and not yet issued (recorded as the CLI import
  // records, without starting the issuer)
  const { repo, recorder } = createRecorder(app.db, app.issuance.completionRecorded, clock.now)
  const providerA = { keyId: 'key_import', role: 'provider' as const, organisationId: s.w.orgs.providerA, regionIds: [s.w.regions.a] }
  repo.transaction(() => z.otherUnits.forEach((unitId, i) => recorder.record(providerA, completion(z.id, unitId, `zo-${4 + i}`), 'csv')))
  t.equal(app.db.$client.prepare("select count(*) from domain_events where handled_at is null and type = 'module.completed'").pluck().get(), 1, 'its credential is queued')
  const rows = (table: string) => (app.db.$client.prepare(`select count(*) from "${table}"`).pluck().get() as number)
  const counted = { participants: rows('participants'), completions: rows('completions'), credentials: rows('credentials'), outcomes: rows('outcomes') }

  const erased = await call(app, s.w.keysA.admin, 'DELETE', `/v1/participants/${z.id}`)
  t.equal(erased.status, 204)
  t.equal(app.db.$client.prepare('select count(*) from domain_events where handled_at is null').pluck().get(), 0,
    'the erasure itself leaves nothing waiting in the outbox for her')
  // free text about her written after the erasure: a void's reason naming her (the scan below finds it if it was kept)
  const outbox = rows('domain_events')
  const voided = await call(app, s.w.keysA.provider, 'POST', `/v1/completions/${z.completionId}/void`, { reason: `${NAME} heeft deze les niet gevolgd` })
  t.match(voided, { status: 410, type: /application\/problem\+json/, body: { code: 'participant-erased' } }, 'a completion of hers is voided no more')
  t.same(app.db.$client.prepare('select voided_at as voidedAt, void_reason as reason from completions where id = ?').get(z.completionId), { voidedAt: null, reason: null })
  t.equal(rows('domain_events'), outbox, 'the refused void queued nothing')
  await app.issuance.drain()
  app.audit.flush()

  const after = everyStoredValue(app)
  for (const needle of PERSONAL) t.same(found(after, needle), [], `"${needle}" is in no table`)
  for (const needle of PERSONAL) t.notOk(lines.some((l) => l.toLowerCase().includes(needle.toLowerCase())), `"${needle}" is in no log line`)
  t.match(lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'participant erased'), { participantId: z.id, credentialsRevoked: 2, sharesWithdrawn: 1, accessLinksRevoked: 1 })
  t.same({ participants: rows('participants'), completions: rows('completions'), credentials: rows('credentials'), outcomes: rows('outcomes') }, counted,
    'the pseudonymous rows stay, so counts stay right; nothing was issued for her after the erasure')

  // her credentials: revoked for good, the bit set, and what an employer holds no longer verifies
  const stored = app.db.$client.prepare('select id, jwt, revocation_reason as reason, status_list_id as listId, status_index as statusIndex from credentials where participant_id = ? order by issued_at, id')
    .all(z.id) as Array<{ id: string, jwt: string, reason: string, listId: string, statusIndex: number }>
  t.same(stored.map((c) => c.reason), ['participant-request', 'participant-request'])
  t.ok(stored.every((c) => c.jwt === '' && app.statusLists.isRevoked(c.listId, c.statusIndex)), 'every JWT blanked, every bit set')
  const badges = jwts.filter((j) => JSON.parse(Buffer.from(j.split('.')[1]!, 'base64url').toString()).type.includes('OpenBadgeCredential'))
  t.equal(badges.length, 1, 'the module credential she could have shared (the other is the portfolio credential)')
  for (const jwt of badges) {
    const verified = (await app.inject({ method: 'POST', url: '/v1/verify', payload: { credential: jwt } })).json()
    t.match(verified, { verified: false, checks: { status: { status: 'failed' } } }, 'a copy she shared earlier verifies as revoked')
  }
  const summary = await call(app, s.w.keysA.coach, 'GET', `/v1/credentials/${stored[0]!.id}`)
  t.match(summary.body, { status: { revoked: true, reason: 'participant-request', reasonText: 'op verzoek van de deelnemer ingetrokken' } })
  t.equal(summary.body.jwt, null, 'read as JSON: revoked, and no JWT')
  t.same(Object.keys(summary.body.credential).sort(), ['@context', 'credentialStatus', 'credentialSubject', 'id', 'issuer', 'name', 'type', 'validFrom'],
    'of the document only what it was')
  t.notOk(JSON.stringify(summary.body.credential).includes('identityHash'), 'no salted hash of her name, nor its salt, is kept')
  for (const [what, url, accept] of [['as a JWT', `/v1/credentials/${stored[0]!.id}`, 'application/vc+jwt'], ['as a file', `/v1/credentials/${stored[0]!.id}/download`, undefined]] as const) {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${s.w.keysA.coach}`, ...(accept ? { accept } : {}) } })
    const type = String(res.headers['content-type'])
    t.match({ status: res.statusCode, type, body: type.includes('json') ? res.json() : res.body }, { status: 410, type: /application\/problem\+json/, body: { code: 'participant-erased' } },
      `${what}: gone, not an empty file`)
  }

  // her links
  const share = await app.inject({ method: 'GET', url: `/s/${z.shareToken}/portfolio.json` })
  t.equal(share.statusCode, 410)
  t.equal(share.json().code, 'share-withdrawn')
  t.equal(app.sharing.openAccessLink(z.linkToken).state, 'withdrawn', 'her personal link opens nothing')
  t.equal(app.db.$client.prepare('select withdrawn_reason from shares where participant_id = ?').pluck().get(z.id), 'participant-request')

  // her routes: gone, not unknown; erasing again changes nothing
  const coach = s.w.keysA.coach
  for (const [method, path] of [['GET', ''], ['PATCH', ''], ['GET', '/portfolio'], ['GET', '/credentials'], ['GET', '/outcomes'], ['GET', '/consents'],
    ['GET', '/shares'], ['GET', '/export'], ['POST', '/access-link']] as const) {
    const res = await call(app, method === 'GET' ? coach : s.w.keysA.admin, method, `/v1/participants/${z.id}${path}`, method === 'PATCH' ? { displayName: NAME } : method === 'POST' ? {} : undefined)
    t.match(res, { status: 410, type: /application\/problem\+json/, body: { code: 'participant-erased' } }, `${method} ${path || '/'} answers 410`)
  }
  const recorded = await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(z.id, s.module.unitIds[1]!, 'zo-5'))
  t.match(recorded.body, { status: 410, code: 'participant-erased', errors: [{ pointer: '#/participantId', code: 'participant-erased' }] }, 'nothing more is recorded about her')
  t.notOk((await call(app, coach, 'GET', '/v1/participants')).body.items.some((p: { id: string }) => p.id === z.id), 'she is not listed')
  app.audit.flush()
  const events = app.db.$client.prepare('select count(*) from audit_events').pluck().get()
  t.equal((await call(app, s.w.keysA.admin, 'DELETE', `/v1/participants/${z.id}`)).status, 204, 'erasing again answers 204')
  t.same(found(everyStoredValue(app), NAME), [])
  const audited = (await call(app, s.w.keysA.admin, 'GET', `/v1/audit?action=participant.erase&targetId=${z.id}`)).body.items
  t.match(audited, [{ action: 'participant.erase', role: 'admin', targetType: 'participant', targetId: z.id }, { action: 'participant.erase' }],
    'each erase request is an audit event, pseudonymous')
  t.equal(app.db.$client.prepare('select count(*) from audit_events').pluck().get(), (events as number) + 1)
})

t.test('who may erase: admins of the participant\'s region; the others change nothing', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const fatima = s.people.fatima
  const url = `/v1/participants/${fatima}`
  await expectRefusals(t, app, 'DELETE', url, [
    ['anyone', null, 401, 'unauthenticated'],
    ['coach', s.w.keysA.coach, 403, 'forbidden-role'],
    ['provider', s.w.keysA.provider, 403, 'forbidden-role'],
    ['employer', s.w.keysA.employer, 403, 'forbidden-role'],
    ['analyst', s.w.keysA.analyst, 403, 'forbidden-role'],
    ['admin of region B', s.w.keysB.admin, 404, 'not-found']
  ])
  t.equal((await call(app, s.w.keysA.admin, 'DELETE', '/v1/participants/ppt_00000000000000000000')).status, 404, 'an unknown id')
  t.match(await call(app, s.w.keysA.admin, 'DELETE', url, { x: 1 }),
    { status: 400, type: /application\/problem\+json/, body: { code: 'validation-failed', errors: [{ pointer: '#/x', code: 'unknown-field', in: 'body' }] } },
    'the erasure takes no body')
  t.equal((await call(app, s.w.keysA.coach, 'GET', url)).body.displayName, 'Fatima B.', 'refused requests changed nothing')
  t.equal((await call(app, s.w.keysA.admin, 'DELETE', url, {})).status, 204, 'an empty object is no body: a region admin erases')
  t.equal((await call(app, s.w.admin, 'DELETE', url)).status, 204, 'a service admin too, without a body (erased already)')
  t.match(await call(app, s.w.keysB.admin, 'GET', url), { status: 404, body: { code: 'not-found' } }, 'another region still sees no such participant')
})

t.test('every route that answers 410 participant-erased declares it in the OpenAPI document', async (t) => {
  const app = await build(t, { now: testClock().now })
  const s = await seedLearning(app)
  const { admin, coach, provider } = s.w.keysA
  const fatima = s.people.fatima
  const recorded = []
  for (const [i, unitId] of s.module.unitIds.entries()) {
    recorded.push((await expectStatus(call(app, provider, 'POST', '/v1/completions', completion(fatima, unitId, `er-${i}`)), 201)).id as string)
  }
  await app.issuance.drain()
  await expectStatus(call(app, coach, 'POST', `/v1/participants/${fatima}/consents`, { purpose: 'share-with-employers', given: true }), 201)
  const share = (await expectStatus(call(app, coach, 'POST', `/v1/participants/${fatima}/shares`, { scope: 'all' }), 201)).id as string
  const job = { kind: 'job-started', sector: 'logistiek', contractType: 'permanent', hoursPerWeek: 32, startedOn: '2026-11-02' }
  const outcome = (await expectStatus(call(app, coach, 'POST', `/v1/participants/${fatima}/outcomes`, job), 201)).id as string
  const credential = (await expectStatus(call(app, coach, 'GET', `/v1/participants/${fatima}/credentials`), 200)).items[0].id as string
  await expectStatus(call(app, admin, 'DELETE', `/v1/participants/${fatima}`), 204)

  const p = `/v1/participants/${fatima}`
  // [operation as the OpenAPI document names it, key, url, body]
  const asked: Array<[string, string, string, unknown?]> = [
    ['get /v1/participants/{participantId}', coach, p],
    ['patch /v1/participants/{participantId}', coach, p, { displayName: 'F.' }],
    ['post /v1/participants/{participantId}/references', provider, `${p}/references`, { reference: 'ROC-2002' }],
    ['post /v1/participants/{participantId}/consents', coach, `${p}/consents`, { purpose: 'impact-research', given: true }],
    ['get /v1/participants/{participantId}/consents', coach, `${p}/consents`],
    ['get /v1/participants/{participantId}/export', coach, `${p}/export`],
    ['get /v1/participants/{participantId}/portfolio', coach, `${p}/portfolio`],
    ['get /v1/participants/{participantId}/credentials', coach, `${p}/credentials`],
    ['post /v1/participants/{participantId}/portfolio-credential', coach, `${p}/portfolio-credential`],
    ['post /v1/participants/{participantId}/outcomes', coach, `${p}/outcomes`, { ...job, hoursPerWeek: 36 }],
    ['get /v1/participants/{participantId}/outcomes', coach, `${p}/outcomes`],
    ['get /v1/participants/{participantId}/outcomes/{outcomeId}', coach, `${p}/outcomes/${outcome}`],
    ['post /v1/participants/{participantId}/outcomes/{outcomeId}/retract', coach, `${p}/outcomes/${outcome}/retract`, { reason: 'fout' }],
    ['post /v1/participants/{participantId}/access-link', coach, `${p}/access-link`, {}],
    ['get /v1/participants/{participantId}/access-link', coach, `${p}/access-link`],
    ['delete /v1/participants/{participantId}/access-link', coach, `${p}/access-link`],
    ['post /v1/participants/{participantId}/shares', coach, `${p}/shares`, { scope: 'all' }],
    ['get /v1/participants/{participantId}/shares', coach, `${p}/shares`],
    ['get /v1/participants/{participantId}/shares/{shareId}', coach, `${p}/shares/${share}`],
    ['delete /v1/participants/{participantId}/shares/{shareId}', coach, `${p}/shares/${share}`],
    ['post /v1/completions', provider, '/v1/completions', completion(fatima, s.module.unitIds[0]!, 'er-9')],
    ['post /v1/completions/{completionId}/void', provider, `/v1/completions/${recorded[0]}/void`, { reason: 'dubbel' }],
    ['get /v1/credentials/{credentialId}/download', coach, `/v1/credentials/${credential}/download`]
  ]
  const doc = (await call(app, null, 'GET', '/openapi.json')).body
  const declares410 = (operation: string) => {
    const [method, path] = operation.split(' ') as [string, string]
    return doc.paths[path]?.[method]?.responses?.['410'] !== undefined
  }
  for (const [operation, key, url, body] of asked) {
    const method = operation.split(' ')[0]!.toUpperCase() as 'GET'
    t.match(await call(app, key, method, url, body), { status: 410, type: /application\/problem\+json/, body: { code: 'participant-erased' } }, `${operation} answers 410`)
    t.ok(declares410(operation), `${operation} declares 410`)
  }
  t.ok(declares410('get /v1/credentials/{credentialId}'), 'the credential read as a JWT answers 410 (test above) and declares it')
  // a route added under the participant's path joins the table
  const underParticipant = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .filter(([path]) => path.startsWith('/v1/participants/{participantId}'))
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`))
    .filter((operation) => operation !== 'delete /v1/participants/{participantId}')
  t.same(underParticipant.filter((o) => !asked.some(([a]) => a === o)), [], 'every operation of the participant\'s path is asked')
})
