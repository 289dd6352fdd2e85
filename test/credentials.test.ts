import t from 'tap'
import { gunzipSync } from 'node:zlib'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import type { FastifyInstance } from 'fastify'
import { build, call, expectStatus } from './helpers/build.ts'
import { completion, seedLearning } from './helpers/learning.ts'
import { checkAgainstSchema } from '../src/lib/credential-schemas.ts'
import { nameMatches } from '../src/features/credentials/identity.ts'

const ATTESTED = {
  assessment: 'workplace',
  hostCompany: { name: 'Logistiek Hengelo BV', kvkNumber: '12345678' },
  workplaceAttestation: { name: 'Jan Smit', role: 'praktijkopleider', statement: 'Rijdt zelfstandig en veilig met de heftruck.' }
}

/** Posts both units of provider A's module (the second attested at work): 201 each, or 200 when posted before. */
async function completeModule (app: FastifyInstance, s: Awaited<ReturnType<typeof seedLearning>>, participantId: string, prefix: string, status = 201) {
  for (const [i, unitId] of s.module.unitIds.entries()) {
    await expectStatus(call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(participantId, unitId, `${prefix}-${i}`, i === 1 ? ATTESTED : {})), status)
  }
  // the credential is issued in the background; these tests look at it once it is
  await app.issuance.drain()
}

/** Reads one bit of a served status list without the project's decoder. */
async function servedBit (app: FastifyInstance, listUrl: string, index: number) {
  const res = await app.inject({ method: 'GET', url: new URL(listUrl).pathname, headers: { accept: 'application/json' } })
  const encoded: string = res.json().credentialSubject.encodedList
  const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'))
  return (bytes[Math.floor(index / 8)]! >> (7 - (index % 8))) & 1
}

t.test('completing the last unit issues a signed Open Badges 3.0 credential', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  await completeModule(app, s, s.people.fatima, 'f')
  const list = await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)
  t.equal(list.status, 200)
  t.equal(list.body.items.length, 1)
  const summary = list.body.items[0]
  t.match(summary, { id: /^crd_/, kind: 'module', name: 'Veilig werken in het magazijn', issuerId: s.w.orgs.providerA, status: { revoked: false, reason: null } })

  const res = await call(app, s.w.keysA.coach, 'GET', `/v1/credentials/${summary.id}`)
  t.equal(res.status, 200)
  const doc = res.body.credential
  const did = `did:web:localhost%3A3000:issuers:${s.w.orgs.providerA}`
  t.same(doc['@context'], ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'])
  t.same(doc.type, ['VerifiableCredential', 'OpenBadgeCredential'])
  t.match(doc.id, /^urn:uuid:[0-9a-f-]{36}$/)
  t.same(doc.issuer, {
    id: did,
    type: ['Profile'],
    name: 'ROC van Twente',
    url: `http://localhost:3000/issuers/${s.w.orgs.providerA}`,
    image: { id: `http://localhost:3000/issuers/${s.w.orgs.providerA}/image.svg`, type: 'Image', caption: 'Logo van ROC van Twente' }
  })
  t.equal(doc.awardedDate, doc.validFrom, 'awarded when issued')
  t.match(doc.credentialSubject, {
    id: /^urn:uuid:/,
    type: ['AchievementSubject'],
    identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: true, identityHash: /^sha256\$[0-9a-f]{64}$/ }],
    creditsEarned: 16,
    narrative: 'Een deel is geleerd en beoordeeld in de praktijk (praktijkleren).',
    achievement: {
      id: `http://localhost:3000/achievements/modules/${s.module.id}/versions/1`,
      type: ['Achievement'],
      achievementType: 'Course',
      name: 'Veilig werken in het magazijn',
      creditsAvailable: 16,
      humanCode: 'VWM-01',
      image: { id: `http://localhost:3000/achievements/modules/${s.module.id}/versions/1/image.svg`, type: 'Image', caption: 'Badge: Veilig werken in het magazijn' },
      criteria: { narrative: /^Alle 2 leereenheden.*Studiebelasting: 16 uur\.$/ }
    }
  })
  t.ok(nameMatches(doc.credentialSubject.identifier[0], ' fatima  B. '), 'an employer can check the name')
  t.notOk(nameMatches(doc.credentialSubject.identifier[0], 'Henk de Vries'))
  t.notMatch(JSON.stringify(doc), /Fatima/i, 'the name itself is not in the credential')
  const targets = doc.credentialSubject.achievement.alignment.map((a: any) => `${a.targetFramework ?? ''}|${a.targetCode ?? ''}|${a.targetName}`)
  t.ok(targets.includes('NLQF|2|NLQF niveau 2'))
  t.ok(targets.includes('EQF|2|EQF level 2'))
  t.ok(targets.includes('Kwalificatiestructuur mbo (crebo)|25457|Kwalificatie crebo 25457'))
  t.ok(targets.some((x: string) => x.endsWith('|Heftruck rijden')))
  t.match(doc.evidence[1], {
    type: ['Evidence'],
    name: 'les-2: Heftruck rijden in de praktijk',
    genre: 'Praktijkleren (beoordeeld op de werkplek)',
    audience: 'Logistiek Hengelo BV',
    narrative: /Logistiek Hengelo BV.*Jan Smit \(praktijkopleider\).*Rijdt zelfstandig/
  })
  t.match(doc.credentialStatus, { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: /^\d+$/, statusListCredential: /^http:\/\/localhost:3000\/status-lists\// })
  t.same(checkAgainstSchema('achievement', doc), [], 'valid against the official OB 3.0 schema')

  // the JWT, checked with jose and the public JWKS only
  const jwks = (await call(app, null, 'GET', '/.well-known/jwks.json')).body
  const { payload, protectedHeader } = await jwtVerify(res.body.jwt, createLocalJWKSet(jwks), { algorithms: ['ES256', 'EdDSA'] })
  t.match(protectedHeader, { alg: 'ES256', kid: new RegExp(`^${did.replace(/[.$%]/g, '\\$&')}#`), typ: 'JWT' })
  t.equal(payload.iss, did)
  t.equal(payload.sub, doc.credentialSubject.id)
  t.equal(payload.jti, doc.id)
  t.equal(payload.nbf, Math.floor(Date.parse(doc.validFrom) / 1000))
  t.notOk('vc' in payload, 'no vc claim')
  t.same({ ...payload, iss: undefined, sub: undefined, jti: undefined, nbf: undefined }, { ...doc, iss: undefined, sub: undefined, jti: undefined, nbf: undefined }, 'the payload is the credential')

  const jwtOnly = await app.inject({ method: 'GET', url: `/v1/credentials/${summary.id}`, headers: { authorization: `Bearer ${s.w.keysA.coach}`, accept: 'application/vc+jwt' } })
  t.equal(jwtOnly.headers['content-type'], 'application/vc+jwt')
  t.equal(jwtOnly.body, res.body.jwt)
  const file = await app.inject({ method: 'GET', url: `/v1/credentials/${summary.id}/download`, headers: { authorization: `Bearer ${s.w.keysA.coach}` } })
  t.match(file.headers['content-disposition'], /^attachment; filename="stapsteen-module-crd_[0-9a-z]+\.jwt"$/)
  t.equal(decodeProtectedHeader(file.body).alg, 'ES256')
})

t.test('no credential before the last unit, and one only, whatever is retried', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.henk, s.module.unitIds[0]!, 'hx-0'))
  t.same((await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.henk}/credentials`)).body.items, [])
  await completeModule(app, s, s.people.henk, 'h')
  await completeModule(app, s, s.people.henk, 'h', 200)
  await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.henk, s.module.unitIds[1]!, 'h-again'))
  t.equal((await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.henk}/credentials`)).body.items.length, 1)
})

t.test('a batch queues credentials; they are issued once the batch is stored', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const items = s.module.unitIds.flatMap((u, i) => [completion(s.people.fatima, u, `bf-${i}`), completion(s.people.henk, u, `bh-${i}`)])
  t.equal((await call(app, s.w.keysA.provider, 'POST', '/v1/completions/batch', { items })).status, 200)
  await app.issuance.drain()
  for (const person of [s.people.fatima, s.people.henk]) {
    t.equal((await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${person}/credentials`)).body.items.length, 1)
  }
})

t.test('voiding a completion revokes the credential; the bit is set in the served list; a new one follows when the achievement still holds', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  await completeModule(app, s, s.people.fatima, 'f')
  const first = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items[0]
  t.equal(await servedBit(app, first.status.statusListCredential, first.status.statusListIndex), 0)
  // the same unit done again on another day, then the first record turns out wrong
  await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.fatima, s.module.unitIds[0]!, 'f-redo', { completedOn: '2026-10-20' }))
  const original = app.db.$client.prepare("select id from completions where external_id = 'f-0'").get() as { id: string }
  t.equal((await call(app, s.w.keysA.provider, 'POST', `/v1/completions/${original.id}/void`, { reason: 'verkeerde datum' })).status, 200)
  await app.issuance.drain()
  const items = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items
  t.equal(items.length, 2)
  t.match(items[0], { id: first.id, status: { revoked: true, reason: 'completion-voided', reasonText: 'een onderliggende afronding is gecorrigeerd' } })
  t.match(items[1], { status: { revoked: false } })
  t.equal(await servedBit(app, first.status.statusListCredential, first.status.statusListIndex), 1, 'the bit is set')
  t.equal(await servedBit(app, items[1].status.statusListCredential, items[1].status.statusListIndex), 0)
  const renewed = (await call(app, s.w.keysA.coach, 'GET', `/v1/credentials/${items[1].id}`)).body.credential
  t.match(renewed.evidence[0].narrative, /afgerond op 2026-10-20/, 'the new credential rests on the remaining completion')

  // voiding the last completion of a unit: revoked, nothing new
  const redo = app.db.$client.prepare("select id from completions where external_id = 'f-redo'").get() as { id: string }
  await call(app, s.w.keysA.provider, 'POST', `/v1/completions/${redo.id}/void`, { reason: 'niet afgerond' })
  const after = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items
  t.same(after.map((c: any) => c.status.revoked), [true, true])
})

t.test('a met development path earns a path credential from the programme; a portfolio credential bundles them', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const path = await call(app, s.w.admin, 'POST', '/v1/pathways', {
    name: 'Ontwikkelpad magazijnmedewerker', sector: 'logistiek', requirement: { type: 'all', parts: [{ type: 'module', moduleId: s.module.id }] }
  })
  t.equal(path.status, 201)
  t.match((await call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/portfolio-credential`)).body, { status: 409, code: 'no-credentials' })
  await completeModule(app, s, s.people.fatima, 'f')
  const items = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items
  t.same(items.map((c: any) => [c.kind, c.issuerId]), [['module', s.w.orgs.providerA], ['pathway', 'programme']])
  const pathDoc = (await call(app, s.w.keysA.coach, 'GET', `/v1/credentials/${items[1].id}`)).body.credential
  t.match(pathDoc, {
    issuer: { id: 'did:web:localhost%3A3000:issuers:programme', name: 'LLO Collectief (via Stapsteen)' },
    name: 'Ontwikkelpad magazijnmedewerker',
    credentialSubject: {
      narrative: /^Gehaald met: Veilig werken in het magazijn \(ROC van Twente, 2026-10-14\)/,
      achievement: { achievementType: 'LearningProgram', fieldOfStudy: 'logistiek', description: 'Ontwikkelpad in de sector logistiek.' }
    }
  })
  t.same(checkAgainstSchema('achievement', pathDoc), [])

  const clr = await call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/portfolio-credential`)
  t.equal(clr.status, 201)
  t.match(clr.body, { kind: 'portfolio', issuerId: 'programme' })
  const doc = clr.body.credential
  t.same(doc.type, ['VerifiableCredential', 'ClrCredential'])
  t.equal(doc.credentialSubject.verifiableCredential.length, 2)
  t.same(checkAgainstSchema('clr', doc), [], 'valid against the official CLR 2.0 schema')
  const jwks = (await call(app, null, 'GET', '/.well-known/jwks.json')).body
  await t.resolves(jwtVerify(clr.body.jwt, createLocalJWKSet(jwks), { algorithms: ['ES256'] }))
  for (const role of ['provider', 'employer', 'analyst'] as const) {
    t.equal((await call(app, s.w.keysA[role], 'POST', `/v1/participants/${s.people.fatima}/portfolio-credential`)).status, 403, role)
  }
  t.equal((await call(app, s.w.keysB.coach, 'POST', `/v1/participants/${s.people.fatima}/portfolio-credential`)).status, 404)
})

t.test('revoking by hand: a documented reason, permanent, and only by those who may', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  await completeModule(app, s, s.people.fatima, 'f')
  const id = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items[0].id
  const bad = await call(app, s.w.keysA.provider, 'POST', `/v1/credentials/${id}/revoke`, { reason: 'completion-voided' })
  t.match(bad.body, { status: 400, errors: [{ pointer: '#/reason', code: 'invalid-enum' }] })
  for (const role of ['coach', 'employer', 'analyst'] as const) {
    t.equal((await call(app, s.w.keysA[role], 'POST', `/v1/credentials/${id}/revoke`, { reason: 'fraud' })).body.code, 'forbidden-role', role)
  }
  t.equal((await call(app, s.w.keysB.provider, 'POST', `/v1/credentials/${id}/revoke`, { reason: 'fraud' })).status, 404)
  t.equal((await call(app, s.w.keysB.admin, 'GET', `/v1/credentials/${id}`)).status, 404)
  t.equal((await call(app, s.w.keysA.provider, 'GET', '/v1/credentials/crd_00000000000000000000')).status, 404)
  const done = await call(app, s.w.keysA.provider, 'POST', `/v1/credentials/${id}/revoke`, { reason: 'issued-in-error', note: 'verkeerde module' })
  t.match(done.body, { status: { revoked: true, reason: 'issued-in-error', reasonText: 'uitgegeven door een vergissing' } })
  t.equal(await servedBit(app, done.body.status.statusListCredential, done.body.status.statusListIndex), 1)
  t.match((await call(app, s.w.keysA.admin, 'POST', `/v1/credentials/${id}/revoke`, { reason: 'fraud' })).body, { status: 409, code: 'already-revoked' })
})
