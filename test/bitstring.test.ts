import t from 'tap'
import { gzipSync } from 'node:zlib'
import {
  MAX_STATUS_LIST_BYTES, MIN_STATUS_LIST_BITS, createStatusBitstring, decodeStatusList, encodeStatusList, getStatusBit, setStatusBit
} from '../src/features/status-lists/bitstring.ts'
import { MAX_DRAWS, chooseStatusIndex, listCapacity } from '../src/features/status-lists/allocator.ts'
import { buildStatusListCredential, buildStatusListEntry, statusListUrl } from '../src/features/status-lists/list-credential.ts'

const b64u = (bytes: Uint8Array) => 'u' + Buffer.from(bytes).toString('base64url')

t.test('a new list holds the minimum of 131,072 entries (16 KB), all zero', async (t) => {
  t.equal(MIN_STATUS_LIST_BITS, 131_072)
  const bits = createStatusBitstring()
  t.equal(bits.byteLength, 16_384)
  t.ok(bits.every((b) => b === 0))
  t.throws(() => createStatusBitstring(131_064), RangeError, 'smaller than the minimum')
  t.throws(() => createStatusBitstring(131_073), RangeError, 'not a multiple of 8')
  t.equal(createStatusBitstring(262_144).byteLength, 32_768, 'larger lists are allowed')
})

t.test('bit order: index 0 is the left-most bit of the first byte', async (t) => {
  const bits = createStatusBitstring()
  t.equal(setStatusBit(bits, 0), true)
  t.equal(bits[0], 0x80)
  t.equal(setStatusBit(bits, 7), true)
  t.equal(bits[0], 0x81)
  t.equal(setStatusBit(bits, 131_071), true)
  t.equal(bits[16_383], 0x01, 'the last index is the right-most bit of the last byte')
  t.equal(setStatusBit(bits, 9), true)
  t.equal(bits[1], 0x40)
  t.equal(setStatusBit(bits, 9), false, 'setting a set bit reports no change')
  t.equal(bits[1], 0x40)
  t.same([0, 1, 7, 8, 9, 131_070, 131_071].map((i) => getStatusBit(bits, i)), [true, false, true, false, true, false, true])
  t.throws(() => getStatusBit(bits, 131_072), RangeError)
  t.throws(() => setStatusBit(bits, -1), RangeError)
  t.throws(() => getStatusBit(bits, 1.5), RangeError)
})

t.test('encode then decode gives the same bits; the encoding is u + base64url(gzip)', async (t) => {
  const bits = createStatusBitstring()
  for (const i of [0, 1, 4242, 65_536, 131_071]) setStatusBit(bits, i)
  const encoded = encodeStatusList(bits)
  t.match(encoded, /^u[A-Za-z0-9_-]+$/, 'multibase base64url, no padding')
  t.ok(encoded.length < 200, `a sparse list compresses well (${encoded.length} characters)`)
  t.same(decodeStatusList(encoded), bits)
  const bytes = Buffer.from(encoded.slice(1), 'base64url')
  t.same([bytes[0], bytes[1]], [0x1f, 0x8b], 'GZIP magic number')
  t.throws(() => encodeStatusList(new Uint8Array(1024)), { code: 'status-list-length' }, 'refuses lists below the minimum')
})

t.test('decoding refuses what is not a status list, with a clear code', async (t) => {
  const gz = gzipSync(new Uint8Array(16_384))
  const cases: Array<[string, string]> = [
    ['', 'status-list-prefix'],
    ['z' + gz.toString('base64url'), 'status-list-prefix'],
    [gz.toString('base64'), 'status-list-prefix'],
    ['u' + gz.toString('base64'), 'status-list-base64url'],
    ['u', 'status-list-base64url'],
    ['uabc!def', 'status-list-base64url'],
    ['u' + Buffer.from('not gzip at all').toString('base64url'), 'status-list-gzip'],
    [b64u(gzipSync(new Uint8Array(100))), 'status-list-length'],
    [b64u(gzipSync(new Uint8Array(MAX_STATUS_LIST_BYTES + 1))), 'status-list-length']
  ]
  for (const [input, code] of cases) {
    t.throws(() => decodeStatusList(input), { name: 'StatusListError', code }, `${input.slice(0, 12)}… → ${code}`)
  }
  t.throws(() => decodeStatusList(42 as unknown as string), { code: 'status-list-prefix' })
})

t.test('the allocator draws at random and skips taken indexes', async (t) => {
  t.equal(listCapacity(131_072), 65_536, 'a list takes entries until half full')
  const draws = [5, 5, 9, 3]
  const taken = new Set([5, 9])
  t.equal(chooseStatusIndex(10, (i) => taken.has(i), () => draws.shift()!), 3)
  t.throws(() => chooseStatusIndex(10, () => true, () => 1), /no free status index found in 64 draws/)
  t.equal(MAX_DRAWS, 64)
  const seen = new Set(Array.from({ length: 200 }, () => chooseStatusIndex(131_072, () => false)))
  t.ok(seen.size > 190, 'crypto.randomInt by default')
})

t.test('the list credential and the entry have the shapes of the specification', async (t) => {
  const listUrl = statusListUrl('https://stapsteen.example', 'sl_x')
  t.equal(listUrl, 'https://stapsteen.example/status-lists/sl_x')
  t.same(buildStatusListEntry(listUrl, 94_567), {
    id: 'https://stapsteen.example/status-lists/sl_x#94567',
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: '94567',
    statusListCredential: 'https://stapsteen.example/status-lists/sl_x'
  })
  t.same(buildStatusListCredential({ listUrl, issuer: 'did:web:stapsteen.example:issuers:org_1', encodedList: 'uH4sI', validFrom: new Date('2025-03-01T10:00:00.123Z') }), {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: listUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: 'did:web:stapsteen.example:issuers:org_1',
    validFrom: '2025-03-01T10:00:00Z',
    credentialSubject: { id: `${listUrl}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: 'uH4sI' }
  })
})
