import t from 'tap'
import { createPublicKey, verify as verifySignature } from 'node:crypto'
import { importJWK, type CryptoKey } from 'jose'
import { signCredential, type SigningKey } from '../src/features/credentials/sign.ts'
import { verifyCredential } from '../src/features/verification/verify.ts'
import { TEST_ONLY_ED25519_PRIVATE_JWK, TEST_ONLY_ED25519_PUBLIC_JWK } from './fixtures/test-only-ed25519-key.ts'
import { allPassedBut, depsFor, signStatusList, statusEntry, statusesOf } from './helpers/verify-fixtures.ts'

// A pinned test vector: Ed25519 signatures are deterministic (RFC 8032), so the same credential and
// key must give this JWT to the byte. It changes only when what is signed changes: the claims
// (their members, order and serialisation) or the header.

const ISSUER = 'did:web:localhost%3A3000:issuers:org_01jd0000000000000000'
const KID = `${ISSUER}#sgk_01jd0000000000000000`
const LIST = 'http://localhost:3000/status-lists/sl_0000000000000000000000000000'

/** An OB 3.0 credential of the shape the service issues, with nothing in it that changes. */
const CREDENTIAL = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: 'urn:uuid:5b1c2f7e-9d51-4c1e-9b0e-2f6a0d3c8e11',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: ISSUER, type: ['Profile'], name: 'ROC van Twente' },
  validFrom: '2026-10-14T09:30:00Z',
  awardedDate: '2026-10-14T09:30:00Z',
  name: 'Veilig werken in het magazijn',
  credentialSubject: {
    id: 'urn:uuid:0c9a9c1e-3f55-4d0b-8a55-6c2b1d4e7f90',
    type: ['AchievementSubject'],
    achievement: {
      id: 'http://localhost:3000/achievements/modules/mod_01jd0000000000000000/versions/1',
      type: ['Achievement'],
      name: 'Veilig werken in het magazijn',
      description: 'Korte module voor orderpickers en magazijnmedewerkers in de logistiek.',
      criteria: { narrative: 'Alle 2 leereenheden van de module afgerond. Studiebelasting: 16 uur.' },
      creditsAvailable: 16
    }
  },
  credentialSchema: [{ id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', type: '1EdTechJsonSchemaValidator2019' }],
  credentialStatus: statusEntry(LIST, 4711)
}

const EXPECTED_JWT = [
  'eyJhbGciOiJFZERTQSIsImtpZCI6ImRpZDp3ZWI6bG9jYWxob3N0JTNBMzAwMDppc3N1ZXJzOm9yZ18wMWpkMDAwMDAwMDAwMDAwMDAwMCNzZ2tfMDFqZDAwMDAwMDAwMDAwMDAwMDAiLCJ0eXAiOiJKV1QifQ',
  'eyJAY29udGV4dCI6WyJodHRwczovL3d3dy53My5vcmcvbnMvY3JlZGVudGlhbHMvdjIiLCJodHRwczovL3B1cmwuaW1zZ2xvYmFsLm9yZy9zcGVjL29iL3YzcDAvY29udGV4dC0zLjAuMy5qc29uIl0sImlkIjoidXJuOnV1aWQ6NWIxYzJmN2UtOWQ1MS00YzFlLTliMGUtMmY2YTBkM2M4ZTExIiwidHlwZSI6WyJWZXJpZmlhYmxlQ3JlZGVudGlhbCIsIk9wZW5CYWRnZUNyZWRlbnRpYWwiXSwiaXNzdWVyIjp7ImlkIjoiZGlkOndlYjpsb2NhbGhvc3QlM0EzMDAwOmlzc3VlcnM6b3JnXzAxamQwMDAwMDAwMDAwMDAwMDAwIiwidHlwZSI6WyJQcm9maWxlIl0sIm5hbWUiOiJST0MgdmFuIFR3ZW50ZSJ9LCJ2YWxpZEZyb20iOiIyMDI2LTEwLTE0VDA5OjMwOjAwWiIsImF3YXJkZWREYXRlIjoiMjAyNi0xMC0xNFQwOTozMDowMFoiLCJuYW1lIjoiVmVpbGlnIHdlcmtlbiBpbiBoZXQgbWFnYXppam4iLCJjcmVkZW50aWFsU3ViamVjdCI6eyJpZCI6InVybjp1dWlkOjBjOWE5YzFlLTNmNTUtNGQwYi04YTU1LTZjMmIxZDRlN2Y5MCIsInR5cGUiOlsiQWNoaWV2ZW1lbnRTdWJqZWN0Il0sImFjaGlldmVtZW50Ijp7ImlkIjoiaHR0cDovL2xvY2FsaG9zdDozMDAwL2FjaGlldmVtZW50cy9tb2R1bGVzL21vZF8wMWpkMDAwMDAwMDAwMDAwMDAwMC92ZXJzaW9ucy8xIiwidHlwZSI6WyJBY2hpZXZlbWVudCJdLCJuYW1lIjoiVmVpbGlnIHdlcmtlbiBpbiBoZXQgbWFnYXppam4iLCJkZXNjcmlwdGlvbiI6IktvcnRlIG1vZHVsZSB2b29yIG9yZGVycGlja2VycyBlbiBtYWdhemlqbm1lZGV3ZXJrZXJzIGluIGRlIGxvZ2lzdGllay4iLCJjcml0ZXJpYSI6eyJuYXJyYXRpdmUiOiJBbGxlIDIgbGVlcmVlbmhlZGVuIHZhbiBkZSBtb2R1bGUgYWZnZXJvbmQuIFN0dWRpZWJlbGFzdGluZzogMTYgdXVyLiJ9LCJjcmVkaXRzQXZhaWxhYmxlIjoxNn19LCJjcmVkZW50aWFsU2NoZW1hIjpbeyJpZCI6Imh0dHBzOi8vcHVybC5pbXNnbG9iYWwub3JnL3NwZWMvb2IvdjNwMC9zY2hlbWEvanNvbi9vYl92M3AwX2FjaGlldmVtZW50Y3JlZGVudGlhbF9zY2hlbWEuanNvbiIsInR5cGUiOiIxRWRUZWNoSnNvblNjaGVtYVZhbGlkYXRvcjIwMTkifV0sImNyZWRlbnRpYWxTdGF0dXMiOnsiaWQiOiJodHRwOi8vbG9jYWxob3N0OjMwMDAvc3RhdHVzLWxpc3RzL3NsXzAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAjNDcxMSIsInR5cGUiOiJCaXRzdHJpbmdTdGF0dXNMaXN0RW50cnkiLCJzdGF0dXNQdXJwb3NlIjoicmV2b2NhdGlvbiIsInN0YXR1c0xpc3RJbmRleCI6IjQ3MTEiLCJzdGF0dXNMaXN0Q3JlZGVudGlhbCI6Imh0dHA6Ly9sb2NhbGhvc3Q6MzAwMC9zdGF0dXMtbGlzdHMvc2xfMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMCJ9LCJpc3MiOiJkaWQ6d2ViOmxvY2FsaG9zdCUzQTMwMDA6aXNzdWVyczpvcmdfMDFqZDAwMDAwMDAwMDAwMDAwMDAiLCJqdGkiOiJ1cm46dXVpZDo1YjFjMmY3ZS05ZDUxLTRjMWUtOWIwZS0yZjZhMGQzYzhlMTEiLCJuYmYiOjE3OTE5NzAyMDAsInN1YiI6InVybjp1dWlkOjBjOWE5YzFlLTNmNTUtNGQwYi04YTU1LTZjMmIxZDRlN2Y5MCJ9',
  'Q2jQcg9nCBPD1oieeyb-3tlQikEzp2nGS4uDLCN-CV8bk5vt9FuVPJZDcOcsZou5RNKvAmq8RDyr-H6ldXmACA'
].join('.')

async function testOnlyKey (): Promise<SigningKey> {
  return { alg: 'EdDSA', kid: KID, privateKey: await importJWK({ ...TEST_ONLY_ED25519_PRIVATE_JWK }, 'EdDSA') as CryptoKey }
}

t.test('an Ed25519 credential signed with a fixed key is the same JWT, to the byte', async (t) => {
  const key = await testOnlyKey()
  t.equal(await signCredential(CREDENTIAL, key), EXPECTED_JWT)
  t.equal(await signCredential(structuredClone(CREDENTIAL), key), EXPECTED_JWT, 'and again')
})

t.test('the pinned JWT: its signature holds for the public key, checked by node:crypto alone', async (t) => {
  const [header, payload, signature] = EXPECTED_JWT.split('.') as [string, string, string]
  const publicKey = createPublicKey({ key: { ...TEST_ONLY_ED25519_PUBLIC_JWK }, format: 'jwk' })
  t.ok(verifySignature(null, Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url')))
  t.same(JSON.parse(Buffer.from(header, 'base64url').toString()), { alg: 'EdDSA', kid: KID, typ: 'JWT' })
  t.same(JSON.parse(Buffer.from(payload, 'base64url').toString()), {
    ...CREDENTIAL,
    iss: ISSUER,
    jti: CREDENTIAL.id,
    nbf: Date.parse(CREDENTIAL.validFrom) / 1000,
    sub: CREDENTIAL.credentialSubject.id
  })
})

t.test('the pinned JWT passes every check of the project\'s verifier', async (t) => {
  const listSigner = { did: ISSUER, kid: KID, alg: 'EdDSA' as const, privateKey: (await testOnlyKey()).privateKey, publicJwk: { ...TEST_ONLY_ED25519_PUBLIC_JWK } }
  const deps = depsFor({
    keys: [{ kid: KID, key: { publicJwk: { ...TEST_ONLY_ED25519_PUBLIC_JWK, kid: KID }, issuerKnown: true } }],
    lists: { [LIST]: await signStatusList(listSigner, LIST, [4710, 4712]) },
    now: new Date('2026-11-02T09:30:00Z')
  })
  const result = await verifyCredential(EXPECTED_JWT, deps)
  t.equal(result.verified, true)
  t.same(statusesOf(result), allPassedBut({}), 'every check passed')
  t.same(result.credential, CREDENTIAL, 'the credential read from it is the one signed')

  const revoked = await verifyCredential(EXPECTED_JWT, { ...deps, fetchStatusList: async () => signStatusList(listSigner, LIST, [4711]) })
  t.match(revoked.checks.status, { status: 'failed', detail: 'revoked' }, 'its own bit set: revoked')
})
