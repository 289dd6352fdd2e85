import type { AuditTargetType } from '../../lib/vocabulary.ts'
import type { AuditRow } from '../audit/repository.ts'
import type { CompletionRow } from '../completions/repository.ts'
import type { Completion } from '../completions/schemas.ts'
import type { CredentialRow } from '../credentials/repository.ts'
import { credentialView } from '../credentials/views.ts'
import type { OutcomeRow } from '../outcomes/repository.ts'
import { toOutcomeViews } from '../outcomes/views.ts'
import type { ParticipantRow } from '../participants/repository.ts'
import { computePortfolio, type PortfolioInput } from '../portfolio/compute.ts'
import type { AccessLinkRow, ShareRow } from '../sharing/repository.ts'
import { accessLinkView, shareView } from '../sharing/views.ts'

/** The participant's records, as read for an export. */
export interface HeldRecords {
  participant: ParticipantRow
  references: Array<{ organisationId: string, reference: string, createdAt: string }>
  consents: Array<{ id: string, purpose: string, organisationId: string | null, given: boolean, recordedAt: string }>
  completions: CompletionRow[]
  credentials: CredentialRow[]
  portfolio: PortfolioInput
  outcomes: OutcomeRow[]
  accessLinks: AccessLinkRow[]
  shares: ShareRow[]
}

type AuditTargets = Array<{ type: AuditTargetType, ids: string[] }>

/** The records an audit event may be about, for the participant's records: the targets of their events. */
export function auditTargetsOf (participantId: string, held: Pick<HeldRecords, 'completions' | 'credentials' | 'outcomes' | 'accessLinks' | 'shares'>): AuditTargets {
  const ids = (rows: ReadonlyArray<{ id: string }>) => rows.map((r) => r.id)
  return [
    { type: 'participant', ids: [participantId] },
    { type: 'completion', ids: ids(held.completions) },
    { type: 'credential', ids: ids(held.credentials) },
    { type: 'outcome', ids: ids(held.outcomes) },
    { type: 'access-link', ids: ids(held.accessLinks) },
    { type: 'share', ids: ids(held.shares) }
  ]
}

/**
 * Everything held about the participant as one JSON document (GDPR articles 15 and 20): the
 * records in the shapes the API shows them elsewhere, the portfolio computed as of now, and the
 * audit events about them (what, when, by which role, to which record: not the key, organisation
 * or request, which are for the trail's readers). Share links and personal links appear without their tokens or token
 * hashes. `completionView` turns a stored completion into its API view (it names the module version).
 */
export function assembleExport (held: HeldRecords, auditEvents: AuditRow[], options: {
  now: Date
  publicUrl: string
  completionView: (row: CompletionRow) => Completion
}) {
  const { participant: p } = held
  const { now } = options
  return {
    exportedAt: now.toISOString(),
    participant: {
      id: p.id,
      regionId: p.regionId,
      displayName: p.displayName,
      contact: { email: p.contactEmail, phone: p.contactPhone },
      enrolledBy: p.enrolledBy,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt
    },
    references: held.references,
    consents: held.consents,
    completions: held.completions.map(options.completionView),
    credentials: held.credentials.map((row) => credentialView(row, options.publicUrl)),
    portfolio: { participantId: p.id, generatedAt: now.toISOString(), ...computePortfolio(held.portfolio) },
    outcomes: toOutcomeViews(held.outcomes),
    accessLinks: held.accessLinks.map((row) => accessLinkView(row, now)),
    shares: held.shares.map((row) => shareView(row, now)),
    auditEvents: auditEvents.map(({ action, at, role, targetType, targetId }) => ({ action, at, role, targetType, targetId }))
  }
}
