import t from 'tap'
import { verifyCredential } from '../src/features/verification/verify.ts'
import { readStatusValue, decodeEncodedList } from '../src/features/verification/bitstring.ts'
import {
  allPassedBut, statusesOf, achievementCredential, depsFor, encodeList, makeIssuer, signCredential, signJws, signStatusList, statusEntry
} from './helpers/verify-fixtures.ts'

// The status check of the verifier (W3C Bitstring Status List), pure: lists built here with node:zlib.
const LIST = 'https://issuer.example/status-lists/lst_1'

t.test('the status list: revoked, suspended, reason, bit order', async (t) => {
  const issuer = await makeIssuer()
  const lists = { [LIST]: await signStatusList(issuer, LIST, [7]) }
  const deps = depsFor({ keys: [issuer], lists, revocationReason: async (url, index) => url === LIST && index === 7 ? 'issued in error' : undefined })

  const revoked = await verifyCredential(await signCredential(issuer, achievementCredential(issuer.did, { credentialStatus: statusEntry(LIST, 7) })), deps)
  t.same(statusesOf(revoked), allPassedBut({ status: 'failed' }))
  t.equal(revoked.checks.status.detail, 'revoked: issued in error')
  t.equal(revoked.checks.status.problem, 'revoked', 'the check names the kind its entry found')
  t.same(revoked.revocation, { revoked: true, reason: 'issued in error' })
  t.equal(revoked.verified, false)
  const noReason = await verifyCredential(await signCredential(issuer, achievementCredential(issuer.did, { credentialStatus: statusEntry(LIST, 7) })),
    { ...deps, revocationReason: async () => { throw new Error('db down') } })
  t.match(noReason, { checks: { status: { status: 'failed', detail: 'revoked' } }, revocation: { revoked: true } })

  const neighbour = await verifyCredential(await signCredential(issuer, achievementCredential(issuer.did, { credentialStatus: statusEntry(LIST, 6) })), deps)
  t.equal(neighbour.verified, true, 'the next bit to the left is not set')

  const suspensionList = 'https://issuer.example/status-lists/lst_s'
  const sDeps = depsFor({ keys: [issuer], lists: { ...lists, [suspensionList]: await signStatusList(issuer, suspensionList, [3], 'suspension') } })
  const both = [statusEntry(LIST, 1), statusEntry(suspensionList, 3, 'suspension')]
  const suspended = await verifyCredential(await signCredential(issuer, achievementCredential(issuer.did, { credentialStatus: both })), sDeps)
  t.match(suspended.checks.status, { status: 'failed', detail: 'suspended', problem: 'suspended' })
  t.same(suspended.revocation, { revoked: false })

  const bits = decodeEncodedList(encodeList([0, 9]))
  t.equal(bits[0], 0x80, 'index 0 is the left-most bit of the first byte')
  t.same([0, 1, 8, 9].map((i) => readStatusValue(bits, i)), [1, 0, 0, 1])
  t.equal(readStatusValue(bits, 0, 2), 2, 'two-bit entries read left to right')
})

t.test('a status list that cannot be had or trusted fails the status check', async (t) => {
  const issuer = await makeIssuer()
  const stranger = await makeIssuer('ES256', 'did:web:elsewhere.example:issuers:org_x')
  const impostor = await makeIssuer('ES256', issuer.did, 'key-1')
  const doc = (index = 5, purpose = 'revocation') => achievementCredential(issuer.did, { credentialStatus: statusEntry(LIST, index, purpose) })
  const cases: Array<[string, string | undefined, RegExp, number?]> = [
    ['unreachable', undefined, /status list unreachable/],
    ['another issuer', await signStatusList(stranger, LIST, []), /tampered/],
    ['another issuer claiming ours', await signStatusList(stranger, LIST, [], 'revocation', { iss: issuer.did, issuer: issuer.did }), /tampered/],
    ['our kid, another key', await signStatusList(impostor, LIST, []), /tampered/],
    ['our key, another issuer named', await signStatusList(issuer, LIST, [], 'revocation', { issuer: stranger.did }), /tampered/],
    ['another list', await signStatusList(issuer, 'https://issuer.example/status-lists/lst_2', []), /tampered/],
    ['wrong purpose', await signStatusList(issuer, LIST, [], 'suspension'), /not revocation/],
    ['expired list', await signStatusList(issuer, LIST, [], 'revocation', { validUntil: '2026-02-01T00:00:00Z' }), /out of date/],
    ['not a list', await signJws(issuer, { iss: issuer.did, id: LIST, type: ['VerifiableCredential'] }), /not a BitstringStatusListCredential/],
    ['garbage', 'not a jwt', /not a signed list/],
    ['bad encoding', await signStatusList(issuer, LIST, [], 'revocation', { credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: 'zABC' } }), /cannot be read/],
    ['not gzip', await signStatusList(issuer, LIST, [], 'revocation', { credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: 'uAAAAAAAA' } }), /GZIP/],
    ['no list inside', await signStatusList(issuer, LIST, [], 'revocation', { credentialSubject: { type: 'Other' } }), /holds no BitstringStatusList/],
    ['short list', await signStatusList(issuer, LIST, [], 'revocation', { credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: encodeList([], 8) } }), /at least 131072 entries; this one holds \d+$/],
    ['out of range', await signStatusList(issuer, LIST, []), /outside the list/, 131_072]
  ]
  for (const [name, list, detail, index] of cases) {
    const jwt = await signCredential(issuer, doc(index))
    const result = await verifyCredential(jwt, depsFor({ keys: [issuer, stranger], ...(list ? { lists: { [LIST]: list } } : {}) }))
    t.match(result.checks.status, { status: 'failed', detail }, name)
    t.equal(result.verified, false, name)
  }
  const throwing = { ...depsFor({ keys: [issuer] }), fetchStatusList: async () => { throw new Error('offline') } }
  t.match((await verifyCredential(await signCredential(issuer, doc()), throwing)).checks.status, { status: 'failed', detail: /unreachable/ })
})

t.test('a status list without an iss claim is the list of the issuer it names', async (t) => {
  const issuer = await makeIssuer()
  const list = await signStatusList(issuer, LIST, [5], 'revocation', { iss: undefined })
  const deps = depsFor({ keys: [issuer], lists: { [LIST]: list } })
  const check = async (index: number) =>
    (await verifyCredential(await signCredential(issuer, achievementCredential(issuer.did, { credentialStatus: statusEntry(LIST, index) })), deps)).checks.status
  t.same(await check(4), { status: 'passed', detail: 'not revoked' })
  t.match(await check(5), { status: 'failed', detail: 'revoked' })
})

t.test('malformed status entries and other status types', async (t) => {
  const issuer = await makeIssuer()
  const deps = depsFor({ keys: [issuer], lists: { [LIST]: await signStatusList(issuer, LIST, []) } })
  const check = async (credentialStatus: unknown) =>
    (await verifyCredential(await signCredential(issuer, achievementCredential(issuer.did, { credentialStatus })), deps)).checks.status
  t.match(await check({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '-1', statusListCredential: LIST }), { status: 'failed' })
  t.match(await check({ ...statusEntry(LIST, 1), statusSize: 9 }), { status: 'failed', detail: /statusSize/ })
  t.match(await check({ type: '1EdTechRevocationList', id: LIST }), { status: 'warning', detail: /not checked/ })
  t.match(await check([]), { status: 'skipped' })
  t.match(await check(Array.from({ length: 9 }, (_, i) => statusEntry(LIST, i))), { status: 'failed', detail: /more than 8/ })
  t.match(await check({ ...statusEntry(LIST, 1), statusListIndex: 1 }), { status: 'passed' }, 'a numeric index is read too')
})

t.test('a list read before is trusted again only while it is the same JWT, under the same keys and dates', async (t) => {
  const issuer = await makeIssuer()
  const lists: Record<string, string> = { [LIST]: await signStatusList(issuer, LIST, [], 'revocation', { validUntil: '2026-06-01T00:00:00Z' }) }
  const deps = depsFor({ keys: [issuer], lists })
  const jwt = await signCredential(issuer, achievementCredential(issuer.did, { credentialStatus: statusEntry(LIST, 4) }))
  t.match((await verifyCredential(jwt, deps)).checks.status, { status: 'passed', detail: 'not revoked' })

  lists[LIST] = await signStatusList(issuer, LIST, [4], 'revocation', { validUntil: '2026-06-01T00:00:00Z' })
  t.match((await verifyCredential(jwt, deps)).checks.status, { status: 'failed', detail: 'revoked' }, 'a changed list is read afresh')

  const stranger = await makeIssuer('ES256', 'did:web:elsewhere.example:issuers:org_x', 'key-1')
  const otherKeys = depsFor({ keys: [{ kid: issuer.kid, key: { publicJwk: stranger.publicJwk, issuerKnown: true } }], lists })
  t.match((await verifyCredential(jwt, otherKeys)).checks.status, { status: 'failed', detail: /tampered/ },
    'a list trusted with one set of keys is checked again with another')

  const later = { ...deps, now: new Date('2026-07-01T00:00:00Z') }
  t.match((await verifyCredential(jwt, later)).checks.status, { status: 'failed', detail: /out of date/ }, 'an expired list is not taken from before')
})
