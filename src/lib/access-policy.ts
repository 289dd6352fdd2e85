import { canSeeRegion, isServiceAdmin, sharesRegion, type Principal } from './principal.ts'

/**
 * Who may see what: the one place that decides it, for every route. Pure: each function takes
 * the key (its role, organisation and the regions it reaches, see principal.ts) and the facts of
 * the row it needs, and returns a decision; the routes look rows up and turn a decision into an
 * answer (src/lib/require-visible.ts). Which roles may call a route at all is the route's own
 * `roles`; the policy answers for every role anyway, so that a route opened to a role by mistake
 * shows it nothing.
 *
 * A row of another region is `hidden`: routes answer it exactly as an id that does not exist, so
 * that no key can probe which ids exist elsewhere.
 */
export type Visibility = 'visible' | 'hidden'

/**
 * What a key gets when it asks for a participant it may not simply see:
 * - `reference-required`: a provider key asking for a participant of its own region that its
 *   organisation holds no reference for. The participant exists and may be linked, so the answer
 *   says how (403) instead of hiding them.
 * - `data-exchange-consent-required`: a provider key reading a participant that its organisation
 *   did not enrol, while the participant's consent `data-exchange` for that organisation is not
 *   given (never, or withdrawn: a withdrawal counts from that moment).
 * - `erased`: the participant's personal data was erased on their request; the pseudonymous row
 *   stays, so the answer says so (410) to every key of the region.
 */
export type ParticipantAccess = Visibility | 'reference-required' | 'data-exchange-consent-required' | 'erased'

/** `managed`: the key sees the module's drafts and may change it; `visible`: its published versions only. */
export type ModuleAccess = 'managed' | Visibility

/** Every decision the policy makes. */
export type Decision = ParticipantAccess | ModuleAccess

/** How a route asks for a participant: to read them (`linked`), or only to name them. */
export type ParticipantAsk =
  /**
   * reading the participant: a provider key must hold a reference, and have the participant's
   * consent for data exchange unless its organisation enrolled them; each is asked only when needed
   */
  | { linked: true, holdsReference: () => boolean, exchangeConsent: () => boolean }
  /** naming the participant (recording a reference, a completion by participant id): the region is enough */
  | { linked: false }

/** The facts of a participant the policy decides on. */
export interface ParticipantFacts {
  regionId: string
  /** the organisation that enrolled the participant, null when a service admin did */
  enrolledBy: string | null
  /** when the participant's personal data was erased, null while it is held */
  erasedAt: string | null
}

/**
 * A participant is visible to admins, coaches and providers of the participant's region. A
 * provider reading them must also hold a reference and, unless its own organisation enrolled
 * them, have their current consent `data-exchange` for its organisation: reading a participant
 * (their record, portfolio, credentials) is data exchange with that organisation. Employers and
 * analysts see participants only through shares and figures, never by id. An erased participant
 * is `erased` to every key that would otherwise see them, whatever it asks.
 */
export function canSeeParticipant (principal: Principal, participant: ParticipantFacts, ask: ParticipantAsk): ParticipantAccess {
  if (principal.role === 'employer' || principal.role === 'analyst') return 'hidden'
  if (!canSeeRegion(principal, participant.regionId)) return 'hidden'
  if (participant.erasedAt !== null) return 'erased'
  if (!ask.linked || principal.role !== 'provider') return 'visible'
  if (!ask.holdsReference()) return 'reference-required'
  if (participant.enrolledBy !== principal.organisationId && !ask.exchangeConsent()) return 'data-exchange-consent-required'
  return 'visible'
}

/**
 * The organisation whose own records alone a key sees of a participant: a provider key lists only
 * participants its organisation holds a reference for and may read (enrolled by it, or with their
 * current consent `data-exchange` for it: see canSeeParticipant), and sees of their references and consents
 * only those of its own organisation (or of no organisation). `undefined` for keys that see every
 * organisation's.
 */
export function referenceScopeOf (principal: Principal): string | undefined {
  return principal.role === 'provider' ? principal.organisationId! : undefined
}

/**
 * A credential is visible to admins and coaches of its participant's region; to a provider of
 * that region only when its organisation issued it (`issuerId`; a credential still being issued
 * for a module is the module provider's).
 */
export function canSeeCredential (principal: Principal, credential: { issuerId: string, regionId: string }): Visibility {
  if (principal.role === 'employer' || principal.role === 'analyst') return 'hidden'
  if (!canSeeRegion(principal, credential.regionId)) return 'hidden'
  if (principal.role === 'provider' && credential.issuerId !== principal.organisationId) return 'hidden'
  return 'visible'
}

/**
 * A completion is visible to the provider that recorded it (wherever the participant is), and to
 * admins and coaches of its participant's region (`regionId`).
 */
export function canSeeCompletion (principal: Principal, completion: { providerId: string, regionId: string }): Visibility {
  if (principal.role === 'provider') return completion.providerId === principal.organisationId ? 'visible' : 'hidden'
  if (principal.role === 'employer' || principal.role === 'analyst') return 'hidden'
  return canSeeRegion(principal, completion.regionId) ? 'visible' : 'hidden'
}

/**
 * Which providers' drafts a key sees: `all` for a service-wide admin, the providers active in its
 * regions for a region admin, its own organisation for a provider key, none for other roles.
 */
export type DraftScope =
  | { kind: 'all' }
  | { kind: 'regions', regionIds: string[] }
  | { kind: 'provider', providerId: string }
  | { kind: 'none' }

export function draftScopeOf (principal: Principal): DraftScope {
  if (principal.role === 'admin') {
    return principal.regionIds === null ? { kind: 'all' } : { kind: 'regions', regionIds: principal.regionIds }
  }
  if (principal.role === 'provider' && principal.organisationId !== null) {
    return { kind: 'provider', providerId: principal.organisationId }
  }
  return { kind: 'none' }
}

/**
 * True when the key may see drafts of, and change, modules of this provider: the provider's own
 * keys and admins sharing one of its regions.
 */
export function managesProvider (scope: DraftScope, provider: { id: string, regionIds: readonly string[] }): boolean {
  switch (scope.kind) {
    case 'all': return true
    case 'regions': return provider.regionIds.some((r) => scope.regionIds.includes(r))
    case 'provider': return scope.providerId === provider.id
    case 'none': return false
  }
}

/**
 * A module is managed by those who manage its provider (drafts included); every key sees it once
 * a version is published (`published`), whatever its region; until then it is hidden from others.
 */
export function canSeeModule (principal: Principal, module: { provider: { id: string, regionIds: readonly string[] }, published: boolean }): ModuleAccess {
  if (managesProvider(draftScopeOf(principal), module.provider)) return 'managed'
  return module.published ? 'visible' : 'hidden'
}

/** An organisation is visible to keys that reach one of the regions it is active in. */
export function canSeeOrganisation (principal: Principal, organisation: { regionIds: readonly string[] }): Visibility {
  return sharesRegion(principal, organisation.regionIds) ? 'visible' : 'hidden'
}

/**
 * Whether a key writes for its own organisation (and may not name another): every key but an
 * admin's, which names the organisation a reference or a module is for.
 */
export function actsForOwnOrganisation (principal: Principal): boolean {
  return principal.role !== 'admin'
}

/** Only a service-wide admin makes regions and manages the programme's own issuer. */
export function canManageProgramme (principal: Principal): boolean {
  return isServiceAdmin(principal)
}

/** A region is visible to keys that reach it; one outside their reach is answered as unknown, in a path or a body. */
export function canSeeRegionRow (principal: Principal, region: { id: string }): Visibility {
  return canSeeRegion(principal, region.id) ? 'visible' : 'hidden'
}

/**
 * The regions a list may cover: the key's own (null: every region), narrowed to `regionId` when
 * one is asked for, and none when that one is outside the key's reach.
 */
export function listScopeOf (principal: Principal, regionId?: string): string[] | null {
  if (regionId === undefined) return principal.regionIds
  return canSeeRegion(principal, regionId) ? [regionId] : []
}

/**
 * The first of `regionIds` that the key does not reach: a key may add or remove, or hand a new
 * key, only regions it reaches itself.
 */
export function regionOutsideReach (principal: Principal, regionIds: readonly string[]): string | undefined {
  return regionIds.find((r) => !canSeeRegion(principal, r))
}

/**
 * A share is readable through the API only by keys of the employer it names, while it is active
 * (neither expired nor withdrawn). Admins and coaches see a participant's shares as the
 * participant's, not through this door.
 */
export function canSeeShare (principal: Principal, share: { employerId: string | null, active: boolean }): Visibility {
  const forThisEmployer = principal.role === 'employer' && principal.organisationId !== null && share.employerId === principal.organisationId
  return forThisEmployer && share.active ? 'visible' : 'hidden'
}

/**
 * Whose audit events a key reads: null (every event) for a service admin; for a region admin the
 * events of organisations active in its regions and those of its own key (which may belong to
 * no organisation). Events hold no region, so the organisation stands for it. Other roles see none.
 */
export function auditScopeOf (principal: Principal): { regionIds: string[], keyId: string | null } | null {
  if (principal.role !== 'admin') return { regionIds: [], keyId: null }
  return principal.regionIds === null ? null : { regionIds: principal.regionIds, keyId: principal.keyId }
}
