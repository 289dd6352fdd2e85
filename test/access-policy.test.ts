import t, { type Test } from 'tap'
import {
  actsForOwnOrganisation, canManageProgramme, canSeeCompletion, canSeeCredential, canSeeModule, canSeeOrganisation, canSeeParticipant,
  canSeeRegionRow, canSeeShare, listScopeOf, referenceScopeOf, regionOutsideReach, type ParticipantAsk
} from '../src/lib/access-policy.ts'
import type { Principal } from '../src/lib/principal.ts'

// Region A and region B; each key below is of an organisation active in region A only, unless it says otherwise.
const key = (p: Pick<Principal, 'role'> & Partial<Principal>): Principal => ({ keyId: `key_${p.role}`, organisationId: `org_${p.role}_a`, regionIds: ['reg_a'], ...p })
const serviceAdmin = key({ role: 'admin', organisationId: null, regionIds: null })
const regionAdmin = key({ role: 'admin', organisationId: 'org_lead_a' })
const provider = key({ role: 'provider', organisationId: 'org_roc_a' })
const coach = key({ role: 'coach', organisationId: 'org_wsp_a' })
const employer = key({ role: 'employer', organisationId: 'org_emp_a' })
const analyst = key({ role: 'analyst', organisationId: 'org_onderzoek' })
/** a provider active in both regions */
const providerAB = key({ role: 'provider', organisationId: 'org_roc_ab', regionIds: ['reg_a', 'reg_b'] })
const everyKey = { serviceAdmin, regionAdmin, provider, coach, employer, analyst, providerAB }
type KeyName = keyof typeof everyKey

/** Asks `decide` for every key and compares with the expected decisions, key by key. */
function expectDecisions<D> (t: Test, decide: (p: Principal) => D, expected: Record<KeyName, D>) {
  for (const [name, principal] of Object.entries(everyKey) as Array<[KeyName, Principal]>) {
    t.equal(decide(principal), expected[name], name)
  }
}

const inA = { regionId: 'reg_a', enrolledBy: 'org_wsp_a', erasedAt: null }
const inB = { regionId: 'reg_b', enrolledBy: 'org_wsp_b', erasedAt: null }
const reading = (holds: boolean, consent = true): ParticipantAsk => ({ linked: true, holdsReference: () => holds, exchangeConsent: () => consent })

t.test('participant: admins and coaches of the region see them; a provider reading them needs a reference', async (t) => {
  t.test('in the key\'s region, with the provider\'s reference', async (t) => {
    expectDecisions(t, (p) => canSeeParticipant(p, inA, reading(true)), {
      serviceAdmin: 'visible', regionAdmin: 'visible', provider: 'visible', coach: 'visible', employer: 'hidden', analyst: 'hidden', providerAB: 'visible'
    })
  })
  t.test('in the key\'s region, without a reference: the provider is told to record one', async (t) => {
    expectDecisions(t, (p) => canSeeParticipant(p, inA, reading(false)), {
      serviceAdmin: 'visible', regionAdmin: 'visible', provider: 'reference-required', coach: 'visible', employer: 'hidden', analyst: 'hidden', providerAB: 'reference-required'
    })
  })
  t.test('in another region: hidden, reference or not', async (t) => {
    for (const holds of [true, false]) {
      expectDecisions(t, (p) => canSeeParticipant(p, inB, reading(holds)), {
        serviceAdmin: 'visible', regionAdmin: 'hidden', provider: 'hidden', coach: 'hidden', employer: 'hidden', analyst: 'hidden', providerAB: holds ? 'visible' : 'reference-required'
      })
    }
  })
  t.test('only named (recording a reference, a completion by id): the region is enough', async (t) => {
    expectDecisions(t, (p) => canSeeParticipant(p, inA, { linked: false }), {
      serviceAdmin: 'visible', regionAdmin: 'visible', provider: 'visible', coach: 'visible', employer: 'hidden', analyst: 'hidden', providerAB: 'visible'
    })
    expectDecisions(t, (p) => canSeeParticipant(p, inB, { linked: false }), {
      serviceAdmin: 'visible', regionAdmin: 'hidden', provider: 'hidden', coach: 'hidden', employer: 'hidden', analyst: 'hidden', providerAB: 'visible'
    })
  })
  t.test('the reference is asked for only when it decides the answer', async (t) => {
    let asked = 0
    const ask: ParticipantAsk = { linked: true, holdsReference: () => { asked++; return true }, exchangeConsent: () => true }
    for (const p of [serviceAdmin, regionAdmin, coach, employer, analyst]) canSeeParticipant(p, inA, ask)
    canSeeParticipant(provider, inB, ask)
    t.equal(asked, 0, 'not for other roles, nor for a participant the provider cannot see anyway')
    canSeeParticipant(provider, inA, ask)
    t.equal(asked, 1)
  })
})

t.test('participant: a provider that did not enrol them reads them only with their consent for data exchange', async (t) => {
  t.test('without the consent: the provider is told it needs it, reference or not first', async (t) => {
    expectDecisions(t, (p) => canSeeParticipant(p, inA, reading(true, false)), {
      serviceAdmin: 'visible', regionAdmin: 'visible', provider: 'data-exchange-consent-required', coach: 'visible', employer: 'hidden', analyst: 'hidden', providerAB: 'data-exchange-consent-required'
    })
    t.equal(canSeeParticipant(provider, inA, reading(false, false)), 'reference-required', 'the reference is asked for first')
  })
  t.test('the organisation that enrolled them needs no consent', async (t) => {
    t.equal(canSeeParticipant(provider, { ...inA, enrolledBy: 'org_roc_a' }, reading(true, false)), 'visible')
    t.equal(canSeeParticipant(providerAB, { ...inA, enrolledBy: 'org_roc_a' }, reading(true, false)), 'data-exchange-consent-required', 'another provider does')
  })
  t.test('the consent is asked for only when it decides the answer', async (t) => {
    let asked = 0
    const ask: ParticipantAsk = { linked: true, holdsReference: () => true, exchangeConsent: () => { asked++; return false } }
    for (const p of [serviceAdmin, regionAdmin, coach, employer, analyst]) canSeeParticipant(p, inA, ask)
    canSeeParticipant(provider, { ...inA, enrolledBy: 'org_roc_a' }, ask)
    t.equal(asked, 0)
    canSeeParticipant(provider, inA, ask)
    t.equal(asked, 1)
  })
})

t.test('participant: an erased one is erased to every key that would see them, hidden to the others', async (t) => {
  const erasedA = { ...inA, erasedAt: '2026-12-01T10:00:00.000Z' }
  for (const ask of [reading(true), reading(false, false), { linked: false } as const]) {
    expectDecisions(t, (p) => canSeeParticipant(p, erasedA, ask), {
      serviceAdmin: 'erased', regionAdmin: 'erased', provider: 'erased', coach: 'erased', employer: 'hidden', analyst: 'hidden', providerAB: 'erased'
    })
  }
  t.equal(canSeeParticipant(provider, { ...inB, erasedAt: '2026-12-01T10:00:00.000Z' }, reading(true)), 'hidden', 'another region\'s stays hidden')
})

t.test('reference scope: a provider sees only its own organisation\'s references and linked participants', async (t) => {
  expectDecisions(t, referenceScopeOf, {
    serviceAdmin: undefined, regionAdmin: undefined, provider: 'org_roc_a', coach: undefined, employer: undefined, analyst: undefined, providerAB: 'org_roc_ab'
  })
})

t.test('credential: admins and coaches of the participant\'s region; a provider only those it issued', async (t) => {
  expectDecisions(t, (p) => canSeeCredential(p, { issuerId: 'org_roc_a', ...inA }), {
    serviceAdmin: 'visible', regionAdmin: 'visible', provider: 'visible', coach: 'visible', employer: 'hidden', analyst: 'hidden', providerAB: 'hidden'
  })
  expectDecisions(t, (p) => canSeeCredential(p, { issuerId: 'programme', ...inA }), {
    serviceAdmin: 'visible', regionAdmin: 'visible', provider: 'hidden', coach: 'visible', employer: 'hidden', analyst: 'hidden', providerAB: 'hidden'
  })
  expectDecisions(t, (p) => canSeeCredential(p, { issuerId: 'org_roc_a', ...inB }), {
    serviceAdmin: 'visible', regionAdmin: 'hidden', provider: 'hidden', coach: 'hidden', employer: 'hidden', analyst: 'hidden', providerAB: 'hidden'
  })
  expectDecisions(t, (p) => canSeeCredential(p, { issuerId: 'org_roc_ab', ...inB }), {
    serviceAdmin: 'visible', regionAdmin: 'hidden', provider: 'hidden', coach: 'hidden', employer: 'hidden', analyst: 'hidden', providerAB: 'visible'
  })
})

t.test('completion: its provider wherever the participant is; admins and coaches of the participant\'s region', async (t) => {
  expectDecisions(t, (p) => canSeeCompletion(p, { providerId: 'org_roc_a', ...inA }), {
    serviceAdmin: 'visible', regionAdmin: 'visible', provider: 'visible', coach: 'visible', employer: 'hidden', analyst: 'hidden', providerAB: 'hidden'
  })
  expectDecisions(t, (p) => canSeeCompletion(p, { providerId: 'org_roc_a', ...inB }), {
    serviceAdmin: 'visible', regionAdmin: 'hidden', provider: 'visible', coach: 'hidden', employer: 'hidden', analyst: 'hidden', providerAB: 'hidden'
  })
  t.equal(canSeeCompletion(key({ role: 'provider', organisationId: null }), { providerId: 'org_roc_a', ...inA }), 'hidden', 'a provider key without an organisation')
})

t.test('module: managed by its provider and admins of its regions; once published, seen by every key', async (t) => {
  const ownA = { id: 'org_roc_a', regionIds: ['reg_a'] }
  const otherB = { id: 'org_roc_b', regionIds: ['reg_b'] }
  expectDecisions(t, (p) => canSeeModule(p, { provider: ownA, published: false }), {
    serviceAdmin: 'managed', regionAdmin: 'managed', provider: 'managed', coach: 'hidden', employer: 'hidden', analyst: 'hidden', providerAB: 'hidden'
  })
  expectDecisions(t, (p) => canSeeModule(p, { provider: ownA, published: true }), {
    serviceAdmin: 'managed', regionAdmin: 'managed', provider: 'managed', coach: 'visible', employer: 'visible', analyst: 'visible', providerAB: 'visible'
  })
  expectDecisions(t, (p) => canSeeModule(p, { provider: otherB, published: false }), {
    serviceAdmin: 'managed', regionAdmin: 'hidden', provider: 'hidden', coach: 'hidden', employer: 'hidden', analyst: 'hidden', providerAB: 'hidden'
  })
  expectDecisions(t, (p) => canSeeModule(p, { provider: otherB, published: true }), {
    serviceAdmin: 'managed', regionAdmin: 'visible', provider: 'visible', coach: 'visible', employer: 'visible', analyst: 'visible', providerAB: 'visible'
  })
  t.equal(canSeeModule(regionAdmin, { provider: { id: 'org_roc_ab', regionIds: ['reg_b', 'reg_a'] }, published: false }), 'managed',
    'an admin of one of the provider\'s regions')
})

t.test('organisation: visible to keys reaching one of its regions', async (t) => {
  expectDecisions(t, (p) => canSeeOrganisation(p, { regionIds: ['reg_b', 'reg_a'] }), {
    serviceAdmin: 'visible', regionAdmin: 'visible', provider: 'visible', coach: 'visible', employer: 'visible', analyst: 'visible', providerAB: 'visible'
  })
  expectDecisions(t, (p) => canSeeOrganisation(p, { regionIds: ['reg_b'] }), {
    serviceAdmin: 'visible', regionAdmin: 'hidden', provider: 'hidden', coach: 'hidden', employer: 'hidden', analyst: 'hidden', providerAB: 'visible'
  })
  expectDecisions(t, (p) => canSeeOrganisation(p, { regionIds: [] }), {
    serviceAdmin: 'visible', regionAdmin: 'hidden', provider: 'hidden', coach: 'hidden', employer: 'hidden', analyst: 'hidden', providerAB: 'hidden'
  })
})

t.test('region: visible to keys that reach it, hidden from others', async (t) => {
  expectDecisions(t, (p) => canSeeRegionRow(p, { id: 'reg_a' }), {
    serviceAdmin: 'visible', regionAdmin: 'visible', provider: 'visible', coach: 'visible', employer: 'visible', analyst: 'visible', providerAB: 'visible'
  })
  expectDecisions(t, (p) => canSeeRegionRow(p, { id: 'reg_b' }), {
    serviceAdmin: 'visible', regionAdmin: 'hidden', provider: 'hidden', coach: 'hidden', employer: 'hidden', analyst: 'hidden', providerAB: 'visible'
  })
})

t.test('list scope: the key\'s regions, narrowed to the one asked for, none when that one is out of reach', async (t) => {
  t.equal(listScopeOf(serviceAdmin), null)
  t.same(listScopeOf(serviceAdmin, 'reg_b'), ['reg_b'])
  t.same(listScopeOf(coach), ['reg_a'])
  t.same(listScopeOf(coach, 'reg_a'), ['reg_a'])
  t.same(listScopeOf(coach, 'reg_b'), [])
  t.same(listScopeOf(providerAB, 'reg_b'), ['reg_b'])
})

t.test('regions outside reach: the first a key may not change or hand on', async (t) => {
  t.equal(regionOutsideReach(serviceAdmin, ['reg_a', 'reg_b']), undefined)
  t.equal(regionOutsideReach(regionAdmin, ['reg_a']), undefined)
  t.equal(regionOutsideReach(regionAdmin, ['reg_a', 'reg_b', 'reg_c']), 'reg_b')
  t.equal(regionOutsideReach(regionAdmin, []), undefined)
})

t.test('an admin names the organisation it writes for; every other key writes for its own', async (t) => {
  expectDecisions(t, actsForOwnOrganisation, {
    serviceAdmin: false, regionAdmin: false, provider: true, coach: true, employer: true, analyst: true, providerAB: true
  })
})

t.test('only a service-wide admin manages the programme', async (t) => {
  expectDecisions(t, canManageProgramme, {
    serviceAdmin: true, regionAdmin: false, provider: false, coach: false, employer: false, analyst: false, providerAB: false
  })
})

t.test('share: read through the API only by the employer it names, while it is active', async (t) => {
  expectDecisions(t, (p) => canSeeShare(p, { employerId: 'org_emp_a', active: true }), {
    serviceAdmin: 'hidden', regionAdmin: 'hidden', provider: 'hidden', coach: 'hidden', employer: 'visible', analyst: 'hidden', providerAB: 'hidden'
  })
  t.equal(canSeeShare(employer, { employerId: 'org_emp_a', active: false }), 'hidden', 'expired or withdrawn')
  t.equal(canSeeShare(employer, { employerId: 'org_emp_b', active: true }), 'hidden', 'made for another employer')
  t.equal(canSeeShare(employer, { employerId: null, active: true }), 'hidden', 'made for no employer')
  t.equal(canSeeShare(key({ role: 'employer', organisationId: null }), { employerId: null, active: true }), 'hidden', 'a key without an organisation')
})
