import { Type, type Static } from '@sinclair/typebox'
import { Nullable } from '../../lib/typebox.ts'
import { AuditEventSchema } from '../audit/schemas.ts'
import { ParticipantId } from '../participants/schemas.ts'
import { OrganisationId } from '../organisations/schemas.ts'
import { RegionId } from '../regions/schemas.ts'
import { AccessLinkSchema } from '../sharing/schemas.ts'

export const PrivacyParams = Type.Object({ participantId: Type.String({ maxLength: 64 }) })

/** An erasure takes no body: one sent is refused (an empty object is taken), so that no one believes it carried a choice. */
export const ErasureBody = Type.Object({}, { additionalProperties: false, description: 'none; send no body (an empty object is taken too)' })

/**
 * An audit event about the participant or their records, as the export gives it: what was done,
 * when, by which role, to which record. Which key, organisation and request did it are for the
 * audit trail's readers (admins), not in the export.
 */
export const ExportedAuditEventSchema = Type.Pick(AuditEventSchema, ['action', 'at', 'role', 'targetType', 'targetId'], { additionalProperties: false })

/**
 * Everything the service holds about one participant (GDPR articles 15 and 20), as JSON. The
 * other records are those the API shows elsewhere, in the same shape.
 */
export const ParticipantExportSchema = Type.Object({
  exportedAt: Type.String({ format: 'date-time' }),
  participant: Type.Object({
    id: ParticipantId,
    regionId: RegionId,
    displayName: Type.String(),
    contact: Type.Object({ email: Nullable(Type.String()), phone: Nullable(Type.String()) }),
    enrolledBy: Nullable(OrganisationId),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' })
  }),
  references: Type.Array(Type.Object({ organisationId: OrganisationId, reference: Type.String(), createdAt: Type.String({ format: 'date-time' }) }), {
    description: 'every organisation\'s own reference for the participant'
  }),
  consents: Type.Array(Type.Ref('Consent'), { description: 'the whole consent history, given and withdrawn, oldest first' }),
  completions: Type.Array(Type.Ref('Completion'), { description: 'every completion, voided ones too, in the order recorded' }),
  credentials: Type.Array(Type.Ref('Credential'), { description: 'every credential with its status, revoked ones too, as signed (document and JWT), oldest first' }),
  portfolio: Type.Ref('Portfolio'),
  outcomes: Type.Array(Type.Ref('Outcome'), { description: 'every outcome record, corrected and retracted ones too, newest first' }),
  accessLinks: Type.Array(AccessLinkSchema, { description: 'every personal link made, oldest first; links themselves are not kept' }),
  shares: Type.Array(Type.Ref('Share'), { description: 'every share link made, oldest first, with its views counted; links themselves are not kept' }),
  auditEvents: Type.Array(ExportedAuditEventSchema, {
    description: 'the audit events about the participant and their records (completions, credentials, outcomes, links), in the order of the chain: ' +
      'what was done, when, by which role, to which record'
  })
}, { $id: 'ParticipantExport', additionalProperties: false })
export type ParticipantExport = Static<typeof ParticipantExportSchema>
