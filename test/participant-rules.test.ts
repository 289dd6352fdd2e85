import t from 'tap'
import { checkConsentParty, currentConsents, looksLikeBsn, nextTimestamp, type ConsentRecord } from '../src/features/participants/rules.ts'

t.test('looksLikeBsn: nine digits that pass the elfproef', async (t) => {
  // 9·1 + 8·1 + 7·1 + 6·2 + 5·2 + 4·2 + 3·3 + 2·3 − 1·3 = 66 = 6 × 11
  t.equal(looksLikeBsn('111222333'), true)
  // 9·1 + 8·2 + 7·3 + 6·4 + 5·5 + 4·6 + 3·7 + 2·8 − 1·2 = 154 = 14 × 11
  t.equal(looksLikeBsn('123456782'), true)
  // … − 1·9 = 147, not a multiple of 11
  t.equal(looksLikeBsn('123456789'), false)
  // 65: one digit off 111222333
  t.equal(looksLikeBsn('111222334'), false)
})

t.test('looksLikeBsn: spaces, dots and hyphens are left out', async (t) => {
  t.equal(looksLikeBsn('111 222 333'), true)
  t.equal(looksLikeBsn('1112.22.333'), true)
  t.equal(looksLikeBsn(' 123-456-782 '), true)
  t.equal(looksLikeBsn('123 456 789'), false)
})

t.test('looksLikeBsn: anything but exactly nine digits is not a BSN', async (t) => {
  t.equal(looksLikeBsn('11122233'), false, 'eight digits')
  t.equal(looksLikeBsn('1112223330'), false, 'ten digits')
  t.equal(looksLikeBsn('ROC-2024-0117'), false)
  t.equal(looksLikeBsn('S111222333'), false, 'a letter makes it a student number')
  t.equal(looksLikeBsn('111222333a'), false)
  t.equal(looksLikeBsn(''), false)
  t.equal(looksLikeBsn('Fatima B.'), false)
})

const record = (id: string, purpose: ConsentRecord['purpose'], organisationId: string | null, given: boolean, recordedAt: string): ConsentRecord =>
  ({ id, purpose, organisationId, given, recordedAt })

t.test('currentConsents: the newest record per purpose and organisation holds', async (t) => {
  const records = [
    record('cns_2', 'impact-research', null, false, '2026-02-01T10:00:00.000Z'),
    record('cns_1', 'impact-research', null, true, '2026-01-05T09:00:00.000Z'),
    record('cns_3', 'data-exchange', 'org_b', true, '2026-01-06T09:00:00.000Z'),
    record('cns_4', 'data-exchange', 'org_a', true, '2026-01-07T09:00:00.000Z'),
    record('cns_5', 'share-with-employers', null, true, '2026-01-07T09:00:00.000Z'),
    // same millisecond: the later id wins
    record('cns_7', 'share-with-employers', null, false, '2026-01-08T09:00:00.000Z'),
    record('cns_6', 'share-with-employers', null, true, '2026-01-08T09:00:00.000Z')
  ]
  t.same(currentConsents(records).map((c) => [c.id, c.purpose, c.organisationId, c.given]), [
    ['cns_4', 'data-exchange', 'org_a', true],
    ['cns_3', 'data-exchange', 'org_b', true],
    ['cns_2', 'impact-research', null, false],
    ['cns_7', 'share-with-employers', null, false]
  ])
  t.same(currentConsents([]), [])
})

t.test('checkConsentParty: data-exchange names a party, the others do not', async (t) => {
  t.equal(checkConsentParty('data-exchange', 'org_a'), undefined)
  t.equal(checkConsentParty('impact-research', undefined), undefined)
  t.equal(checkConsentParty('share-with-employers', undefined), undefined)
  t.match(checkConsentParty('data-exchange', undefined), { code: 'organisation-required', pointer: '#/organisationId' })
  t.match(checkConsentParty('impact-research', 'org_a'), { code: 'organisation-not-allowed', pointer: '#/organisationId' })
  t.match(checkConsentParty('share-with-employers', 'org_a'), { code: 'organisation-not-allowed', pointer: '#/organisationId' })
})

t.test('nextTimestamp: now, or a millisecond later when the clock has not moved on', async (t) => {
  const previous = '2026-03-02T10:00:00.000Z'
  t.equal(nextTimestamp(previous, new Date('2026-03-02T10:00:05.000Z')), '2026-03-02T10:00:05.000Z')
  t.equal(nextTimestamp(previous, new Date(previous)), '2026-03-02T10:00:00.001Z')
  t.equal(nextTimestamp(previous, new Date('2026-03-02T09:59:59.000Z')), '2026-03-02T10:00:00.001Z', 'a clock that went back')
})
