import t from 'tap'
import { verifyCredential } from '../src/features/verification/verify.ts'
import { toVcApiResult } from '../src/features/verification/vc-api.ts'
import type { VerifyDeps } from '../src/features/verification/types.ts'
import {
  achievementCredential, depsFor, encodeList, makeIssuer, signCredential, signStatusList, statusEntry
} from './helpers/verify-fixtures.ts'

// The W3C VC API VerificationResult made from the verifier's checks, pure: which problem type each
// failure and warning gets, and the per-part results.
const LIST = 'https://issuer.example/status-lists/lst_1'
const SUSPENSIONS = 'https://issuer.example/status-lists/lst_s'
const VCDM = 'https://www.w3.org/TR/vc-data-model#'
const STATUS = 'https://www.w3.org/ns/credentials/status-list#'

async function vcApi (jwt: string, deps: VerifyDeps) {
  return toVcApiResult(jwt, await verifyCredential(jwt, deps))
}

t.test('a suspended status is a problem and the credential does not verify', async (t) => {
  const issuer = await makeIssuer()
  const deps = depsFor({ keys: [issuer], lists: { [SUSPENSIONS]: await signStatusList(issuer, SUSPENSIONS, [3], 'suspension') } })
  const entry = statusEntry(SUSPENSIONS, 3, 'suspension')
  const result = await vcApi(await signCredential(issuer, achievementCredential(issuer.did, { credentialStatus: entry })), deps)
  t.equal(result.verified, false)
  t.same(result.problemDetails, [{ type: 'urn:stapsteen:problem:credential-suspended', title: 'CREDENTIAL_SUSPENDED', detail: 'suspended' }])
  t.same(result.results?.credentialStatus, [{ value: 1, verified: false, input: entry }])

  const lifted = await vcApi(await signCredential(issuer, achievementCredential(issuer.did, { credentialStatus: statusEntry(SUSPENSIONS, 4, 'suspension') })), deps)
  t.same(lifted.problemDetails, [])
  t.equal(lifted.verified, true)
})

t.test('status lists that cannot be had, trusted or read: the Bitstring Status List error types', async (t) => {
  const issuer = await makeIssuer()
  const stranger = await makeIssuer('ES256', 'did:web:elsewhere.example:issuers:org_x')
  const shortList = await signStatusList(issuer, LIST, [], 'revocation', {
    credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: encodeList([], 8) }
  })
  const cases: Array<[string, string | undefined, number, string, RegExp]> = [
    ['unreachable', undefined, 5, `${STATUS}STATUS_RETRIEVAL_ERROR`, /unreachable/],
    ['signed by another issuer', await signStatusList(stranger, LIST, []), 5, `${STATUS}STATUS_VERIFICATION_ERROR`, /tampered/],
    ['another purpose', await signStatusList(issuer, LIST, [], 'suspension'), 5, `${STATUS}STATUS_VERIFICATION_ERROR`, /not revocation/],
    ['too short', shortList, 5, `${STATUS}STATUS_LIST_LENGTH_ERROR`, /at least 131072 entries/],
    ['index outside the list', await signStatusList(issuer, LIST, []), 131_072, `${VCDM}RANGE_ERROR`, /outside the list/]
  ]
  for (const [name, list, index, type, detail] of cases) {
    const deps = depsFor({ keys: [issuer, stranger], ...(list ? { lists: { [LIST]: list } } : {}) })
    const result = await vcApi(await signCredential(issuer, achievementCredential(issuer.did, { credentialStatus: statusEntry(LIST, index) })), deps)
    t.equal(result.verified, false, name)
    t.match(result.problemDetails, [{ type, detail }], name)
    t.equal(result.problemDetails?.length, 1, name)
    t.same(result.results?.credentialStatus, [{ verified: false, input: statusEntry(LIST, index) }], `${name}: no value read`)
  }
})

t.test('dates, schema, warnings and unsigned documents', async (t) => {
  const issuer = await makeIssuer()
  const deps = depsFor({ keys: [issuer] })
  const expired = await vcApi(await signCredential(issuer, achievementCredential(issuer.did, { validUntil: '2026-02-01T00:00:00Z' })), deps)
  t.same(expired.problemDetails, [{ type: 'urn:stapsteen:problem:credential-expired', title: 'CREDENTIAL_EXPIRED', detail: 'expired on 2026-02-01T00:00:00.000Z' }])
  t.same(expired.results, {
    proof: [{ verified: true, input: { alg: 'ES256', kid: issuer.kid } }],
    validFrom: { verified: true, input: '2026-01-15T09:00:00Z' },
    validUntil: { verified: false, input: '2026-02-01T00:00:00Z' }
  })
  const early = await vcApi(await signCredential(issuer, achievementCredential(issuer.did, { validFrom: '2026-04-01T00:00:00Z' })), deps)
  t.match(early, { verified: false, problemDetails: [{ title: 'CREDENTIAL_NOT_YET_VALID', detail: /^not yet valid/ }], results: { validFrom: { verified: false } } })

  const schema = { id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', type: '1EdTechJsonSchemaValidator2019' }
  const doc = achievementCredential(issuer.did, { credentialSchema: [schema] })
  const noAchievement = { ...doc, credentialSubject: { id: 'urn:uuid:0c9a9c1e-3f55-4d0b-8a55-6c2b1d4e7f90', type: ['AchievementSubject'] } }
  const invalid = await vcApi(await signCredential(issuer, noAchievement), deps)
  t.match(invalid, { verified: false, problemDetails: [{ type: `${VCDM}MALFORMED_VALUE_ERROR`, detail: /does not conform/ }] })
  t.same(invalid.results?.credentialSchema, [{ verified: false, input: schema }])
  t.same((await vcApi(await signCredential(issuer, doc), deps)).results?.credentialSchema, [{ verified: true, input: schema }])

  const unknownIssuer = await vcApi(await signCredential(issuer, achievementCredential(issuer.did)), depsFor({ foreignKeys: [issuer] }))
  t.equal(unknownIssuer.verified, true, 'a warning is reported without failing the credential')
  t.match(unknownIssuer.problemDetails, [{ type: 'urn:stapsteen:problem:unknown-issuer', detail: /^unknown issuer/ }])

  const other = { type: '1EdTechRevocationList', id: LIST }
  const otherStatus = await vcApi(await signCredential(issuer, achievementCredential(issuer.did, { credentialStatus: other })), deps)
  t.match(otherStatus, { verified: true, problemDetails: [{ title: 'STATUS_NOT_CHECKED' }], results: { credentialStatus: [{ verified: false, input: other }] } })

  const unsigned = achievementCredential(issuer.did, { proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' } })
  const document = toVcApiResult(unsigned, await verifyCredential(unsigned, deps), { returnCredential: true })
  t.equal(document.verified, false)
  t.match(document.problemDetails, [{ title: 'CRYPTOGRAPHIC_SECURITY_ERROR', detail: /embedded proofs are not supported/ }])
  t.same(document.results?.proof, [{ verified: false, input: unsigned.proof }])
  t.same(document.credential, unsigned, 'a document is returned as it was given')
})
