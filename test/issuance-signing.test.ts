import t from 'tap'
import { SignJWT, generateKeyPair, jwtVerify } from 'jose'
import { signCredential, type SigningKey } from '../src/features/credentials/sign.ts'

const credential = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: 'urn:uuid:0d5d6b0a-6a57-4b6e-8c8a-5b1f3e0d2c11',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: 'did:web:localhost%3A3000:issuers:programme', type: ['Profile'], name: 'LLO Collectief (via Stapsteen)' },
  validFrom: '2026-10-14T09:30:00Z',
  name: 'Veilig werken in het magazijn — "praktijk" ✓',
  credentialSubject: { id: 'urn:uuid:8a2b1c3d-4e5f-8a6b-9c7d-0e1f2a3b4c5d', type: ['AchievementSubject'], creditsEarned: 16.5, extra: undefined },
  evidence: [{ type: ['Evidence'], narrative: 'Leereenheid les-1 afgerond op 2026-10-14.' }]
}

/** What jose's SignJWT makes of the same credential and key. */
async function withSignJWT (doc: typeof credential & { validUntil?: string }, key: SigningKey, subject: string | undefined) {
  const jwt = new SignJWT({ ...doc }).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(doc.issuer.id).setJti(doc.id).setNotBefore(Math.floor(Date.parse(doc.validFrom) / 1000))
  if (subject) jwt.setSubject(subject)
  if (doc.validUntil) jwt.setExpirationTime(Math.floor(Date.parse(doc.validUntil) / 1000))
  return jwt.sign(key.privateKey)
}

const signedPart = (jwt: string) => jwt.split('.').slice(0, 2).join('.')

t.test('signCredential makes the header and payload SignJWT makes, and a signature that verifies', async (t) => {
  for (const alg of ['ES256', 'EdDSA'] as const) {
    const pair = await generateKeyPair(alg)
    const key: SigningKey = { alg, kid: 'did:web:localhost%3A3000:issuers:programme#sgk_1', privateKey: pair.privateKey }
    const cases = [
      { doc: credential, subject: credential.credentialSubject.id },
      { doc: { ...credential, validUntil: '2031-10-14T09:30:00Z' }, subject: credential.credentialSubject.id },
      { doc: { ...credential, credentialSubject: { ...credential.credentialSubject, id: undefined as unknown as string } }, subject: undefined },
      // a member with a registered claim's name keeps its place and takes the claim's value
      { doc: { ...credential, jti: 'urn:uuid:old', nbf: 0 }, subject: credential.credentialSubject.id }
    ]
    for (const { doc, subject } of cases) {
      const jwt = await signCredential(doc, key)
      t.equal(signedPart(jwt), signedPart(await withSignJWT(doc, key, subject)), `${alg}, ${Object.keys(doc).length} members, sub ${subject ? 'set' : 'absent'}`)
      const { payload, protectedHeader } = await jwtVerify(jwt, pair.publicKey, { algorithms: [alg] })
      t.same(protectedHeader, { alg, kid: key.kid, typ: 'JWT' })
      t.equal(payload.iss, credential.issuer.id)
    }
  }
  const key: SigningKey = { alg: 'ES256', kid: 'k', privateKey: (await generateKeyPair('ES256')).privateKey }
  await t.rejects(signCredential({ ...credential, validFrom: 'gisteren' }, key), TypeError)
})
