import { Type } from '@sinclair/typebox'
import { IdString, Nullable, StringEnum, Text } from '../../lib/typebox.ts'
import { CREDENTIAL_KINDS, MANUAL_REASONS, REVOCATION_REASON_CODES } from '../../lib/vocabulary.ts'

const StatusSchema = Type.Object({
  revoked: Type.Boolean(),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  reason: Nullable(StringEnum(REVOCATION_REASON_CODES)),
  reasonText: Nullable(Type.String({ description: 'the reason in Dutch, as a verifier sees it' })),
  statusListCredential: Type.String(),
  statusListIndex: Type.Integer()
})

const Summary = {
  id: IdString('crd'),
  credentialId: Type.String({ description: 'the `id` inside the credential (urn:uuid:…)' }),
  kind: StringEnum(CREDENTIAL_KINDS),
  name: Type.String(),
  participantId: IdString('ppt'),
  issuerId: Type.String({ description: 'organisation id, or `programme`' }),
  issuer: Type.String({ description: 'the issuer DID' }),
  issuedAt: Type.String({ format: 'date-time' }),
  status: StatusSchema
}

export const CredentialSummarySchema = Type.Object(Summary, { $id: 'CredentialSummary' })

export const CredentialSchema = Type.Object({
  ...Summary,
  credential: Type.Object({}, {
    additionalProperties: true,
    description: 'the Open Badges 3.0 / CLR 2.0 document as signed; after the participant\'s erasure only what it was (id, type, name, issuer, date, status entry, subject id)'
  }),
  jwt: Nullable(Type.String({ description: 'the compact JWS (VC-JWT) that secures it; null after the participant\'s erasure' }))
}, { $id: 'Credential' })

export const CredentialParams = Type.Object({ credentialId: Type.String({ maxLength: 64 }) })
export const ParticipantParams = Type.Object({ participantId: Type.String({ maxLength: 64 }) })

export const RevokeBody = Type.Object({
  reason: StringEnum(MANUAL_REASONS, { description: 'shown to whoever verifies the credential later' }),
  note: Type.Optional(Text(500, { description: 'not shown to verifiers, and not kept: free text may be about a person, and the audit trail keeps ids only' }))
}, { additionalProperties: false })

export const PendingSchema = Type.Object({
  event: StringEnum(['module.completed', 'completion.voided'] as const, {
    description: '`module.completed`: the module credential (and any development-path credential it completes) is being issued; `completion.voided`: a correction is being settled (credentials that rested on it are already revoked; one that still holds is issued anew)'
  }),
  moduleId: IdString('mod'),
  moduleVersion: Type.Integer(),
  since: Type.String({ format: 'date-time', description: 'when it was queued' })
}, { $id: 'PendingCredential' })

const Pending = Type.Array(Type.Ref('PendingCredential'), { description: 'what is still queued for the participant, oldest first; read again later to see it issued' })

export const CredentialList = Type.Object({ items: Type.Array(Type.Ref('CredentialSummary')), pending: Pending })

/** A new portfolio credential, and what it could not hold yet because it is still being issued. */
export const PortfolioCredentialSchema = Type.Object({ ...CredentialSchema.properties, pending: Pending })
