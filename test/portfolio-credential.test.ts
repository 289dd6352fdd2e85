import t, { type Test } from 'tap'
import { build, call, expectStatus } from './helpers/build.ts'
import { completion, seedLearning } from './helpers/learning.ts'
import { checkAgainstSchema } from '../src/lib/credential-schemas.ts'

/** A participant with a module credential and a path credential, and a CLR that bundles both. */
async function portfolio (t: Test) {
  const app = await build(t)
  const s = await seedLearning(app)
  await call(app, s.w.admin, 'POST', '/v1/pathways', {
    name: 'Ontwikkelpad magazijnmedewerker', sector: 'logistiek', requirement: { type: 'all', parts: [{ type: 'module', moduleId: s.module.id }] }
  })
  for (const [i, unitId] of s.module.unitIds.entries()) {
    await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.fatima, unitId, `f-${i}`))
  }
  // the portfolio credential holds what is issued when it is asked for: let the queue finish first
  await app.issuance.drain()
  const held = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items
  const clr = await expectStatus(call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/portfolio-credential`), 201)
  return { app, s, held, clr: clr.credential, embedded: clr.credential.credentialSubject.verifiableCredential as any[] }
}

t.test('the CLR carries each credential as signed, with its original VC-JWT as an EnvelopedVerifiableCredential proof', async (t) => {
  const { app, s, held, clr, embedded } = await portfolio(t)
  t.same(checkAgainstSchema('clr', clr), [], 'still valid against the official CLR 2.0 schema')
  t.equal(embedded.length, 2)
  for (const [i, summary] of held.entries()) {
    const original = (await call(app, s.w.keysA.coach, 'GET', `/v1/credentials/${summary.id}`)).body
    const { proof, ...document } = embedded[i]
    t.same(document, original.credential, `${summary.kind}: the document as issued`)
    t.same(proof, { type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${original.jwt}` }, `${summary.kind}: its own JWT`)
  }
})

t.test('each embedded credential verifies on its own; revoking one fails only its status', async (t) => {
  const { app, s, held, embedded } = await portfolio(t)
  for (const credential of embedded) {
    for (const input of [credential, credential.proof]) {
      const res = await call(app, null, 'POST', '/v1/verify', { credential: input })
      t.equal(res.status, 200)
      t.equal(res.body.verified, true, JSON.stringify(res.body.checks))
      t.equal(res.body.credential.id, credential.id)
    }
  }
  const moduleIndex = held.findIndex((c: any) => c.kind === 'module')
  t.equal((await call(app, s.w.keysA.provider, 'POST', `/v1/credentials/${held[moduleIndex].id}/revoke`, { reason: 'issued-in-error' })).status, 200)
  for (const [i, credential] of embedded.entries()) {
    const res = await call(app, null, 'POST', '/v1/verify', { credential })
    if (i === moduleIndex) {
      t.equal(res.body.verified, false, 'the revoked one')
      t.same(res.body.checks.status, { status: 'failed', detail: 'revoked: uitgegeven door een vergissing' })
      t.equal(res.body.checks.signature.status, 'passed', 'its signature still holds')
    } else {
      t.equal(res.body.verified, true, 'the other one')
    }
  }
})

t.test('an embedded credential changed after signing is refused, never shown as verified', async (t) => {
  const { app, embedded } = await portfolio(t)
  const changed = { ...embedded[0], name: 'Heftruckcertificaat' }
  const res = await call(app, null, 'POST', '/v1/verify', { credential: changed })
  t.equal(res.status, 400)
  t.equal(res.body.code, 'not-a-credential')
  t.match(res.body.checks.format, { status: 'failed', detail: /differs from the signed credential in its proof/ })
  const noJwt = await call(app, null, 'POST', '/v1/verify', { credential: { ...embedded[0], proof: { type: 'EnvelopedVerifiableCredential', id: 'https://x.example/1' } } })
  t.match(noJwt.body.checks.signature, { status: 'failed', detail: /embedded proofs are not supported/ }, 'a proof without a JWT is no signature')
})
