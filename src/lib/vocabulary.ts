/**
 * The service's closed vocabularies, each written once. Every list feeds the drizzle column
 * (`text(name, { enum })`), the TypeBox schema (`StringEnum`) and the TypeScript type, so the
 * database, the API contract and the code cannot drift apart. Pure: no Fastify, no database.
 */

/** What an API key may do; see DESIGN.md, roles. */
export const ROLES = ['admin', 'provider', 'coach', 'employer', 'analyst'] as const
export type Role = typeof ROLES[number]

export const ORGANISATION_KINDS = ['provider', 'employer', 'municipality', 'work-centre', 'sector-body'] as const
export type OrganisationKind = typeof ORGANISATION_KINDS[number]

/** A skill is vocational or one of the basic skills (basisvaardigheden). */
export const SKILL_KINDS = ['vocational', 'basic'] as const
export type SkillKind = typeof SKILL_KINDS[number]

/** The domains of basic skills: language, numeracy, digital. */
export const SKILL_DOMAINS = ['language', 'numeracy', 'digital'] as const
export type SkillDomain = typeof SKILL_DOMAINS[number]

/** A module teaches vocational skills, basic skills, or both together. */
export const MODULE_KINDS = ['vocational', 'basic', 'combined'] as const
export type ModuleKind = typeof MODULE_KINDS[number]

/** A module version is a draft until published; a published version never changes. */
export const VERSION_STATUSES = ['draft', 'published'] as const
export type VersionStatus = typeof VERSION_STATUSES[number]

export const CONSENT_PURPOSES = ['share-with-employers', 'data-exchange', 'impact-research'] as const
export type ConsentPurpose = typeof CONSENT_PURPOSES[number]

/** How a unit was assessed; `workplace` is praktijkleren: learning and assessment at work. */
export const ASSESSMENTS = ['test', 'workplace', 'portfolio', 'observation'] as const
export type Assessment = typeof ASSESSMENTS[number]

/** The door a completion came in through. */
export const COMPLETION_SOURCES = ['api', 'batch', 'xapi', 'csv'] as const
export type CompletionSource = typeof COMPLETION_SOURCES[number]

export const CREDENTIAL_KINDS = ['module', 'pathway', 'portfolio'] as const
export type CredentialKind = typeof CREDENTIAL_KINDS[number]

/** Signature algorithms the service signs with and accepts. */
export const SIGNING_ALGS = ['ES256', 'EdDSA'] as const
export type SigningAlg = typeof SIGNING_ALGS[number]

/** Reasons a credential is revoked, with the Dutch words a verifier sees later. */
export const REVOCATION_REASONS = {
  'issued-in-error': 'uitgegeven door een vergissing',
  'completion-voided': 'een onderliggende afronding is gecorrigeerd',
  'requirements-no-longer-met': 'de eisen worden niet meer gehaald',
  'participant-request': 'op verzoek van de deelnemer ingetrokken',
  fraud: 'ingetrokken wegens fraude',
  superseded: 'vervangen door een nieuwer credential'
} as const
export type RevocationReason = keyof typeof REVOCATION_REASONS
export const REVOCATION_REASON_CODES = Object.keys(REVOCATION_REASONS) as [RevocationReason, ...RevocationReason[]]

/** Reasons an admin or provider may give; the others are set by the service itself. */
export const MANUAL_REASONS = ['issued-in-error', 'participant-request', 'fraud', 'superseded'] as const satisfies readonly RevocationReason[]

/** What a share link shows: every credential of the participant, or those the participant picked. */
export const SHARE_SCOPES = ['all', 'chosen'] as const
export type ShareScope = typeof SHARE_SCOPES[number]

/** Who or what withdrew a share link; `participant-request` is the erasure of the participant's data. */
export const WITHDRAW_REASONS = ['participant', 'coach', 'consent-withdrawn', 'participant-request'] as const
export type WithdrawReason = typeof WITHDRAW_REASONS[number]

/** How a share was viewed: the employer page, its JSON, or the employer API. */
export const VIEW_CHANNELS = ['page', 'json', 'api'] as const
export type ViewChannel = typeof VIEW_CHANNELS[number]

/** What happened after learning, as a coach records it: a job, still at work at a follow-up, further education. */
export const OUTCOME_KINDS = ['job-started', 'still-at-work', 'education-started'] as const
export type OutcomeKind = typeof OUTCOME_KINDS[number]

/** The contract of a job started; `flex` is an on-call or agency contract, `apprenticeship` a job with learning (leerwerkbaan, BBL). */
export const CONTRACT_TYPES = ['permanent', 'temporary', 'flex', 'apprenticeship'] as const
export type ContractType = typeof CONTRACT_TYPES[number]

/** The follow-ups after a job started, in months: is the participant still at work? */
export const AT_WORK_MONTHS = [3, 6, 12] as const
export type AtWorkMonths = typeof AT_WORK_MONTHS[number]

/**
 * What an audit event records as done: `<what>.<verb>`, stable names that API readers filter by.
 * `share.view`, `verify`, `participant.export` and `stats.export` are the reads that are audited; every other
 * action is a write.
 */
export const AUDIT_ACTIONS = [
  'region.create',
  'organisation.create', 'organisation.update',
  'api-key.create', 'api-key.revoke',
  'skill.create',
  'module.create', 'module.update', 'module.publish',
  'pathway.create', 'pathway.update',
  'participant.create', 'participant.update', 'participant.export', 'participant.erase', 'reference.create', 'consent.record',
  'outcome.record', 'outcome.retract',
  'completion.record', 'completion.record-batch', 'completion.record-xapi', 'completion.import', 'completion.void',
  'credential.revoke', 'credential.issue-portfolio',
  'issuer.logo-set', 'issuer.logo-remove', 'issuer.key-rotate',
  'access-link.create', 'access-link.revoke',
  'share.create', 'share.withdraw', 'share.view',
  'stats.export',
  'verify'
] as const
export type AuditAction = typeof AUDIT_ACTIONS[number]

/** What an audit event is about: the kind of its target, whose id alone it keeps. */
export const AUDIT_TARGET_TYPES = [
  'region', 'organisation', 'api-key', 'skill', 'module', 'pathway', 'participant', 'outcome', 'completion', 'credential',
  'issuer', 'access-link', 'share'
] as const
export type AuditTargetType = typeof AUDIT_TARGET_TYPES[number]

/**
 * Who acted, in an audit event: the API key's role; `participant` on their own page (personal
 * link), `public` for anyone without a key (verify, share pages), `operator` for the CLI.
 */
export const AUDIT_ROLES = [...ROLES, 'participant', 'public', 'operator'] as const
export type AuditRole = typeof AUDIT_ROLES[number]
