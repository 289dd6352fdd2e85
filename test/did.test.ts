import t from 'tap'
import { didDocument, didDocumentUrl, issuerDid, kidFor, parseKid } from '../src/features/issuers/did.ts'
import { PROGRAMME_ISSUER, issuerProfile, profileDocument } from '../src/features/issuers/profile.ts'
import { checkAgainstSchema } from '../src/lib/credential-schemas.ts'

const ORG = 'org_01jd0000000000000000'

t.test('issuerDid: host with the port percent-encoded, PUBLIC_URL path segments, then issuers:{id}', async (t) => {
  t.equal(issuerDid('http://localhost:3000', ORG), `did:web:localhost%3A3000:issuers:${ORG}`)
  t.equal(issuerDid('https://x.nl/stapsteen', ORG), `did:web:x.nl:stapsteen:issuers:${ORG}`)
  t.equal(issuerDid('https://x.nl/stapsteen/', ORG), `did:web:x.nl:stapsteen:issuers:${ORG}`, 'a trailing slash adds nothing')
  t.equal(issuerDid('https://Badges.Example.NL:8443/a/b', 'programme'), 'did:web:badges.example.nl%3A8443:a:b:issuers:programme')
  t.equal(issuerDid('https://x.nl:443', ORG), `did:web:x.nl:issuers:${ORG}`, 'the default port is not a port')
})

t.test('didDocumentUrl: where did:web resolves; http only for localhost', async (t) => {
  t.equal(didDocumentUrl(issuerDid('http://localhost:3000', ORG)), `http://localhost:3000/issuers/${ORG}/did.json`)
  t.equal(didDocumentUrl(issuerDid('https://x.nl/stapsteen', ORG)), `https://x.nl/stapsteen/issuers/${ORG}/did.json`)
  t.equal(didDocumentUrl('did:web:x.nl'), 'https://x.nl/.well-known/did.json')
  t.equal(didDocumentUrl('did:web:127.0.0.1%3A8080:issuers:programme'), 'http://127.0.0.1:8080/issuers/programme/did.json')
  t.throws(() => didDocumentUrl('did:key:z6Mk'), TypeError)
  t.throws(() => didDocumentUrl('did:web:'), TypeError)
})

t.test('kidFor and parseKid are inverse; anything else is not a kid', async (t) => {
  const did = issuerDid('http://localhost:3000', ORG)
  const kid = kidFor(did, 'sgk_01jd0000000000000000')
  t.equal(kid, `did:web:localhost%3A3000:issuers:${ORG}#sgk_01jd0000000000000000`)
  t.same(parseKid(kid), { did, keyId: 'sgk_01jd0000000000000000' })
  for (const bad of ['sgk_01jd0000000000000000', '#sgk_1', `${did}#`, 'https://x.nl/keys#1', '']) {
    t.equal(parseKid(bad), undefined, JSON.stringify(bad))
  }
})

t.test('didDocument lists every key given as a JsonWebKey2020 assertion method', async (t) => {
  const did = issuerDid('http://localhost:3000', ORG)
  const jwk1 = { kty: 'EC', crv: 'P-256', x: 'x1', y: 'y1' }
  const jwk2 = { kty: 'OKP', crv: 'Ed25519', x: 'x2' }
  const doc = didDocument(did, [{ kid: `${did}#k1`, publicJwk: jwk1 }, { kid: `${did}#k2`, publicJwk: jwk2 }])
  t.same(doc, {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    verificationMethod: [
      { id: `${did}#k1`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk1 },
      { id: `${did}#k2`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk2 }
    ],
    assertionMethod: [`${did}#k1`, `${did}#k2`]
  })
  t.notOk('authentication' in doc, 'an issuer only asserts')
})

t.test('profiles: the programme and an organisation, both valid OB 3.0 Profiles', async (t) => {
  const programme = profileDocument(issuerProfile('https://x.nl/stapsteen', PROGRAMME_ISSUER))
  t.match(programme, {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'did:web:x.nl:stapsteen:issuers:programme',
    type: ['Profile'],
    name: 'LLO Collectief (via Stapsteen)',
    url: 'https://x.nl/stapsteen/issuers/programme',
    image: { id: 'https://x.nl/stapsteen/issuers/programme/image.svg', type: 'Image', caption: 'Logo van LLO Collectief (via Stapsteen)' }
  })
  t.same(checkAgainstSchema('profile', programme), [])
  const org = issuerProfile('http://localhost:3000', { id: ORG, name: 'ROC van Twente' })
  t.same(org, {
    id: `did:web:localhost%3A3000:issuers:${ORG}`,
    type: ['Profile'],
    name: 'ROC van Twente',
    url: `http://localhost:3000/issuers/${ORG}`,
    image: { id: `http://localhost:3000/issuers/${ORG}/image.svg`, type: 'Image', caption: 'Logo van ROC van Twente' }
  })
  t.same(checkAgainstSchema('profile', profileDocument(org)), [])
})
