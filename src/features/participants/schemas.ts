import { Type, type Static } from '@sinclair/typebox'
import { IdString, Nullable, StringEnum, Text } from '../../lib/typebox.ts'
import { PageOf, PageQuery } from '../../lib/pagination.ts'
import { RegionId } from '../regions/schemas.ts'
import { OrganisationId } from '../organisations/schemas.ts'
import { CONSENT_PURPOSES } from '../../lib/vocabulary.ts'

export const ParticipantId = IdString('ppt', { description: 'participant id (pseudonymous)' })
export const ConsentId = IdString('cns', { description: 'consent record id' })

const EMAIL = { type: 'string', format: 'email', maxLength: 254, description: 'e-mail address' } as const
const PHONE = { type: 'string', pattern: '^\\+?[0-9 ()-]{6,20}$', description: 'phone number, e.g. `06 12345678` or `+31 6 12345678`' } as const

/**
 * A string or null, as one schema with `type: ['string', 'null']` rather than `anyOf`, so a bad
 * value gets one error (its format or pattern) instead of one per branch.
 */
const OrNull = (schema: typeof EMAIL | typeof PHONE) =>
  Type.Unsafe<string | null>({ ...schema, type: ['string', 'null'], description: `${schema.description}; null clears it` })

const Reference = Text(64, { description: 'the organisation\'s own reference for the participant (a student number, an LMS account); never a BSN' })
const DisplayName = Text(120, { description: 'how the participant is called in the service, e.g. `Fatima B.`' })

export const ConsentSchema = Type.Object({
  id: ConsentId,
  purpose: StringEnum(CONSENT_PURPOSES),
  organisationId: Nullable(OrganisationId),
  given: Type.Boolean({ description: 'true: consent given; false: withdrawn (or refused)' }),
  recordedAt: Type.String({ format: 'date-time' })
}, { $id: 'Consent' })

export const ParticipantSchema = Type.Object({
  id: ParticipantId,
  regionId: RegionId,
  displayName: Type.String(),
  contact: Type.Object({ email: Nullable(Type.String()), phone: Nullable(Type.String()) }),
  enrolledBy: Nullable(OrganisationId),
  references: Type.Array(Type.Object({ organisationId: OrganisationId, reference: Type.String() }), {
    description: 'organisations\' own references; a provider key sees only its own'
  }),
  consents: Type.Array(Type.Object({
    purpose: StringEnum(CONSENT_PURPOSES),
    organisationId: Nullable(OrganisationId),
    given: Type.Boolean(),
    recordedAt: Type.String({ format: 'date-time' })
  }), { description: 'the consent that holds now: the newest record per purpose and organisation' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' })
}, { $id: 'Participant' })
export type Participant = Static<typeof ParticipantSchema>

export const CreateParticipantBody = Type.Object({
  regionId: Type.String({ maxLength: 64, description: 'the region (collectief) the participant belongs to' }),
  displayName: DisplayName,
  contact: Type.Optional(Type.Object({
    email: Type.Optional(Type.Unsafe<string>(EMAIL)),
    phone: Type.Optional(Type.Unsafe<string>(PHONE))
  }, { additionalProperties: false })),
  reference: Type.Optional(Reference)
}, { additionalProperties: false })

export const UpdateParticipantBody = Type.Object({
  displayName: Type.Optional(DisplayName),
  contact: Type.Optional(Type.Object({
    email: Type.Optional(OrNull(EMAIL)),
    phone: Type.Optional(OrNull(PHONE))
  }, { additionalProperties: false }))
}, { additionalProperties: false, minProperties: 1 })

export const ParticipantParams = Type.Object({ participantId: Type.String({ maxLength: 64 }) })

export const ParticipantQuery = Type.Composite([PageQuery, Type.Object({
  regionId: Type.Optional(Type.String({ maxLength: 64 })),
  reference: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'the calling organisation\'s own reference' }))
})], { additionalProperties: false })

export const ParticipantList = PageOf(Type.Ref('Participant'))

export const CreateReferenceBody = Type.Object({
  reference: Reference,
  organisationId: Type.Optional(Type.String({ maxLength: 64, description: 'whose reference it is: required for admins; others may give only their own organisation' }))
}, { additionalProperties: false })

export const ReferenceSchema = Type.Object({
  organisationId: OrganisationId,
  reference: Type.String(),
  participantId: ParticipantId,
  createdAt: Type.String({ format: 'date-time' })
})

export const CreateConsentBody = Type.Object({
  purpose: StringEnum(CONSENT_PURPOSES),
  given: Type.Boolean({ description: 'false records a withdrawal' }),
  organisationId: Type.Optional(Type.String({ maxLength: 64, description: 'the party the data goes to: required for data-exchange, not allowed otherwise' }))
}, { additionalProperties: false })

export const ConsentList = PageOf(Type.Ref('Consent'))
