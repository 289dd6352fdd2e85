import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { Resolver } from 'did-resolver'
import { verifyJWT } from 'did-jwt'
import { build, call } from './helpers/build.ts'
import { completion, seedLearning, type Learning } from './helpers/learning.ts'
import { keysFromDocument } from '../src/features/verification/key-sets.ts'

/**
 * A did:web resolver from the web-did-resolver package whose HTTPS requests go to the app
 * (web-did-resolver fetches through cross-fetch; the mock routes that to `app.inject`).
 * `change` may alter each DID document on its way.
 */
async function didWebResolver (t: Test, app: FastifyInstance, change: (doc: any) => any = (doc) => doc) {
  const requested: string[] = []
  const fetch = async (url: string) => {
    requested.push(url)
    const { protocol, host, pathname } = new URL(url)
    if (protocol !== 'https:' || host !== 'localhost:3000') throw new Error(`unexpected request to ${url}`)
    const res = await app.inject({ method: 'GET', url: pathname })
    return { status: res.statusCode, statusText: res.statusMessage, json: async () => change(res.json()) }
  }
  const { getResolver } = await t.mockImport<typeof import('web-did-resolver')>('web-did-resolver', { 'cross-fetch': { default: fetch } })
  return { resolver: new Resolver(getResolver()), requested }
}

async function credentialJwt (app: FastifyInstance, s: Learning, participantId: string, prefix: string) {
  for (const [i, unitId] of s.module.unitIds.entries()) {
    await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(participantId, unitId, `${prefix}-${i}`))
  }
  // the list answers at once: let the queue issue first
  await app.issuance.drain()
  const [summary] = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${participantId}/credentials`)).body.items
  return (await call(app, s.w.keysA.coach, 'GET', `/v1/credentials/${summary.id}`)).body.jwt as string
}

t.test('did-jwt verifies issued credentials against the did:web document that web-did-resolver fetches: ES256, then EdDSA after a rotation', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const did = `did:web:localhost%3A3000:issuers:${s.w.orgs.providerA}`
  const { resolver, requested } = await didWebResolver(t, app)
  const es256 = await credentialJwt(app, s, s.people.fatima, 'f')

  const first = await verifyJWT(es256, { resolver, proofPurpose: 'assertionMethod' })
  t.equal(first.verified, true)
  t.equal(first.issuer, did)
  t.match(first.signer, { type: 'JsonWebKey2020', controller: did, publicKeyJwk: { kty: 'EC', crv: 'P-256' } })
  t.same(requested, [`https://localhost:3000/issuers/${s.w.orgs.providerA}/did.json`], 'resolved over https at the did:web path')

  t.equal((await call(app, s.w.admin, 'POST', `/v1/issuers/${s.w.orgs.providerA}/keys/rotate`, { alg: 'EdDSA' })).status, 201)
  const eddsa = await credentialJwt(app, s, s.people.henk, 'h')
  const second = await verifyJWT(eddsa, { resolver, proofPurpose: 'assertionMethod' })
  t.match(second.signer, { type: 'JsonWebKey2020', publicKeyJwk: { kty: 'OKP', crv: 'Ed25519' } })
  t.equal((await verifyJWT(es256, { resolver, proofPurpose: 'assertionMethod' })).verified, true, 'the retired ES256 key still verifies what it signed')

  const [header, payload, signature] = es256.split('.') as [string, string, string]
  const changed = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), name: 'Kraanmachinist' })).toString('base64url')
  await t.rejects(verifyJWT(`${header}.${changed}.${signature}`, { resolver, proofPurpose: 'assertionMethod' }), /invalid_signature/)
})

t.test('the service\'s own verifier reads the same DID document: every kid signed with is in it', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const jwt = await credentialJwt(app, s, s.people.fatima, 'f')
  const doc = (await call(app, null, 'GET', `/issuers/${s.w.orgs.providerA}/did.json`)).body
  const kid = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()).kid
  t.ok(keysFromDocument(doc).has(kid), kid)
  t.same(doc.verificationMethod.map((m: any) => m.type), ['JsonWebKey2020'])
})

t.test('why JsonWebKey2020 and not JsonWebKey: did-jwt 8 finds no key of type JsonWebKey', async (t) => {
  const app = await build(t)
  const s = await seedLearning(app)
  const jwt = await credentialJwt(app, s, s.people.fatima, 'f')
  const { resolver } = await didWebResolver(t, app, (doc) => ({
    ...doc,
    verificationMethod: doc.verificationMethod.map((m: any) => ({ ...m, type: 'JsonWebKey' }))
  }))
  // if this starts to pass, did-jwt has learned the VC-JOSE-COSE type and the DID documents can switch
  await t.rejects(verifyJWT(jwt, { resolver, proofPurpose: 'assertionMethod' }), /no_suitable_keys/)
})
