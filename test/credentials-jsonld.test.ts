import t, { type Test } from 'tap'
import jsonld from 'jsonld'
import { build, call, expectStatus } from './helpers/build.ts'
import { completion, seedLearning } from './helpers/learning.ts'
import { expandSafely, expandedTerms, offlineDocumentLoader } from './helpers/jsonld.ts'

const VC = 'https://www.w3.org/2018/credentials#'
const OB = 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#'
const CLR = 'https://purl.imsglobal.org/spec/vc/clr/vocab.html#'

/** Every kind of document the service issues or serves as JSON-LD, made through the API. */
async function issuedDocuments (t: Test) {
  const app = await build(t)
  const s = await seedLearning(app)
  await expectStatus(call(app, s.w.admin, 'POST', '/v1/pathways', {
    name: 'Ontwikkelpad magazijnmedewerker', sector: 'logistiek', description: 'Van instroom tot zelfstandig magazijnwerk.', requirement: { type: 'all', parts: [{ type: 'module', moduleId: s.module.id }] }
  }), 201)
  for (const [i, unitId] of s.module.unitIds.entries()) {
    await call(app, s.w.keysA.provider, 'POST', '/v1/completions', completion(s.people.fatima, unitId, `f-${i}`, i === 1
      ? { assessment: 'workplace', hostCompany: { name: 'Logistiek Hengelo BV', kvkNumber: '12345678' }, workplaceAttestation: { name: 'Jan Smit', role: 'praktijkopleider', statement: 'Zelfstandig.' }, evidenceUrl: 'https://portfolio.example.nl/f/1' }
      : {}))
  }
  // the list answers at once: let the queue issue first
  await app.issuance.drain()
  const items = (await call(app, s.w.keysA.coach, 'GET', `/v1/participants/${s.people.fatima}/credentials`)).body.items
  const get = async (id: string) => (await call(app, s.w.keysA.coach, 'GET', `/v1/credentials/${id}`)).body.credential
  const moduleCredential = await get(items.find((c: any) => c.kind === 'module').id)
  const pathCredential = await get(items.find((c: any) => c.kind === 'pathway').id)
  const clr = (await call(app, s.w.keysA.coach, 'POST', `/v1/participants/${s.people.fatima}/portfolio-credential`)).body.credential
  const list = await app.inject({ method: 'GET', url: new URL(moduleCredential.credentialStatus.statusListCredential).pathname, headers: { accept: 'application/json' } })
  const profile = await call(app, null, 'GET', `/issuers/${s.w.orgs.providerA}`)
  return { moduleCredential, pathCredential, clr, statusList: list.json(), profile: profile.body }
}

t.test('every issued document expands in JSON-LD safe mode with the contexts kept offline: no dropped terms, no relative IRIs', async (t) => {
  const docs = await issuedDocuments(t)
  for (const [name, doc] of Object.entries(docs)) {
    const expanded = await expandSafely(doc)
    t.equal(expanded.length, 1, `${name}: one top-level node`)
    const terms = [...expandedTerms(expanded)]
    t.same(terms.filter((term) => !/^[a-z][a-z0-9+.-]*:/i.test(term)), [], `${name}: every term is an absolute IRI`)
  }
})

t.test('the expanded documents keep what verifiers look for', async (t) => {
  const docs = await issuedDocuments(t)
  const terms = async (doc: object) => expandedTerms(await expandSafely(doc))
  for (const name of ['moduleCredential', 'pathCredential'] as const) {
    const found = await terms(docs[name])
    for (const term of [`${OB}OpenBadgeCredential`, `${OB}achievement`, `${OB}identifier`, `${OB}IdentityObject`, `${VC}credentialStatus`, `${VC}credentialSchema`,
      'https://www.w3.org/ns/credentials/status#BitstringStatusListEntry', 'https://purl.imsglobal.org/spec/vccs/v1p0/context.json#1EdTechJsonSchemaValidator2019']) {
      t.ok(found.has(term), `${name}: ${term}`)
    }
  }
  const clr = await terms(docs.clr)
  for (const term of [`${CLR}ClrCredential`, `${CLR}verifiableCredential`, `${OB}identifier`, `${OB}achievement`, 'https://purl.imsglobal.org/spec/vccs/v1p0/context.json#1EdTechJsonSchemaValidator2019', `${VC}credentialStatus`, 'https://www.w3.org/2018/credentials#EnvelopedVerifiableCredential']) {
    t.ok(clr.has(term), `CLR: ${term}`)
  }
  t.ok((await terms(docs.statusList)).has('https://www.w3.org/ns/credentials/status#encodedList'), 'status list: encodedList')
  t.ok((await terms(docs.profile)).has(`${OB}Profile`), 'profile: Profile')
})

t.test('the offline loader refuses any context it does not keep', async (t) => {
  await t.rejects(offlineDocumentLoader('https://example.org/context.json'), /no local copy of https:\/\/example\.org\/context\.json/)
  await t.rejects(jsonld.expand({ '@context': 'https://example.org/context.json', name: 'x' }, { documentLoader: offlineDocumentLoader }))
})
