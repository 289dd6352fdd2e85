import { Type, type Static } from '@sinclair/typebox'
import { IdString, Nullable, StringEnum, Text } from '../../lib/typebox.ts'
import { PageOf, PageQuery } from '../../lib/pagination.ts'
import { ORGANISATION_KINDS, ROLES } from '../../lib/vocabulary.ts'
import { RegionId } from '../regions/schemas.ts'

export const OrganisationId = IdString('org', { description: 'organisation id' })

export const OrganisationSchema = Type.Object({
  id: OrganisationId,
  name: Type.String(),
  kind: StringEnum(ORGANISATION_KINDS),
  regionIds: Type.Array(RegionId),
  createdAt: Type.String({ format: 'date-time' })
}, { $id: 'Organisation' })
export type Organisation = Static<typeof OrganisationSchema>

const RegionIds = Type.Array(RegionId, { minItems: 1, maxItems: 20, uniqueItems: true, description: 'regions the organisation is active in' })

export const CreateOrganisationBody = Type.Object({
  name: Text(160),
  kind: StringEnum(ORGANISATION_KINDS),
  regionIds: RegionIds
}, { additionalProperties: false })

export const UpdateOrganisationBody = Type.Object({
  name: Type.Optional(Text(160)),
  regionIds: Type.Optional(RegionIds)
}, { additionalProperties: false, minProperties: 1 })

export const OrganisationParams = Type.Object({ organisationId: Type.String({ maxLength: 64 }) })
export const ApiKeyParams = Type.Object({ organisationId: Type.String({ maxLength: 64 }), keyId: Type.String({ maxLength: 64 }) })

export const OrganisationQuery = Type.Composite([PageQuery, Type.Object({
  kind: Type.Optional(StringEnum(ORGANISATION_KINDS)),
  regionId: Type.Optional(Type.String({ maxLength: 64 }))
})], { additionalProperties: false })

export const OrganisationList = PageOf(Type.Ref('Organisation'))

export const ApiKeySchema = Type.Object({
  id: IdString('key'),
  organisationId: Nullable(OrganisationId),
  regionId: Nullable(RegionId),
  role: StringEnum(ROLES),
  label: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  revokedAt: Nullable(Type.String({ format: 'date-time' }))
}, { $id: 'ApiKey' })

export const CreatedApiKeySchema = Type.Composite([ApiKeySchema, Type.Object({
  key: Type.String({ description: 'the secret key: shown only in this response, stored only as a hash' })
})])

export const CreateApiKeyBody = Type.Object({
  role: StringEnum(ROLES),
  label: Text(120, { description: 'what the key is for, e.g. `LMS koppeling`' }),
  regionId: Type.Optional(Type.String({ maxLength: 64, description: 'limit the key to one of the organisation\'s regions' }))
}, { additionalProperties: false })

export const ApiKeyList = Type.Object({ items: Type.Array(Type.Ref('ApiKey')) })
