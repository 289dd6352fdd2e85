import { Type, type Static } from '@sinclair/typebox'
import { IdString, Nullable, StringEnum, Text } from '../../lib/typebox.ts'
import { PageOf } from '../../lib/pagination.ts'
import { SHARE_SCOPES, WITHDRAW_REASONS } from '../../lib/vocabulary.ts'
import { ACCESS_LINK_DAYS, SHARE_DAYS } from './rules.ts'

const AccessLinkId = IdString('acl', { description: 'personal link id' })
const ShareId = IdString('shr', { description: 'share link id' })
const CredentialId = IdString('crd', { description: 'credential id' })
const OrganisationId = IdString('org', { description: 'organisation id' })
const Timestamp = Type.String({ format: 'date-time' })

export const ShareParams = Type.Object({
  participantId: Type.String({ maxLength: 64 }),
  shareId: Type.String({ maxLength: 64 })
})

// ---- personal links -----------------------------------------------------------------------

export const CreateAccessLinkBody = Type.Object({
  expiresInDays: Type.Optional(Type.Integer({
    minimum: 1,
    maximum: ACCESS_LINK_DAYS.max,
    description: `how long the link works, in days; ${ACCESS_LINK_DAYS.default} (a year) when left out`
  }))
}, { additionalProperties: false })

/** A personal link as made: the only answer that holds its URL. */
export const CreatedAccessLink = Type.Object({
  id: AccessLinkId,
  url: Type.String({ format: 'uri', description: 'the participant\'s own page, `/p/{token}`: shown only in this answer, only its hash is kept' }),
  sheetUrl: Type.String({ format: 'uri', description: 'a printable A4 sheet with the link as a QR code, to hand over' }),
  createdAt: Timestamp,
  expiresAt: Timestamp
}, {
  description: 'Made',
  headers: { location: Type.String({ description: 'where the link\'s state can be read: `/v1/participants/{participantId}/access-link`' }) }
})

export const AccessLinkSchema = Type.Object({
  id: AccessLinkId,
  createdAt: Timestamp,
  expiresAt: Timestamp,
  revokedAt: Nullable(Timestamp),
  lastOpenedAt: Nullable(Type.String({ format: 'date-time', description: 'when the participant last opened their page with it' })),
  state: StringEnum(['active', 'expired', 'revoked'] as const, {
    description: '`revoked` when a coach revoked it or made a newer one; `expired` when its expiry has passed'
  })
})
export type AccessLink = Static<typeof AccessLinkSchema>

// ---- share links --------------------------------------------------------------------------

export const CreateShareBody = Type.Object({
  scope: StringEnum(SHARE_SCOPES, {
    description: '`all`: every credential of the participant (also those issued later); `chosen`: only those in `credentialIds`'
  }),
  credentialIds: Type.Optional(Type.Array(CredentialId, {
    minItems: 1,
    maxItems: 200,
    description: 'the participant\'s credentials to share: required with scope `chosen`, not allowed with `all`'
  })),
  expiresInDays: Type.Optional(Type.Integer({
    minimum: 1,
    maximum: SHARE_DAYS.max,
    description: `how long the link works, in days; ${SHARE_DAYS.default} when left out`
  })),
  label: Type.Optional(Text(100, { description: 'who it is for, in your own words (e.g. the employer\'s name); never a BSN' })),
  employerId: Type.Optional(Type.String({
    maxLength: 64,
    description: 'the employer organisation it is for (kind `employer`, active in the participant\'s region): its employer keys may then read the portfolio through it'
  }))
}, { additionalProperties: false })
export type CreateShareInput = Static<typeof CreateShareBody>

const shareFields = {
  id: ShareId,
  scope: StringEnum(SHARE_SCOPES),
  credentialIds: Nullable(Type.Array(CredentialId, { description: 'the chosen credentials; null for scope `all`' })),
  label: Nullable(Type.String()),
  employerId: Nullable(OrganisationId),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  state: StringEnum(['active', 'expired', 'withdrawn'] as const, { description: 'whether the link still opens' }),
  viewCount: Type.Integer({ minimum: 0, description: 'how often it was opened' }),
  lastViewedAt: Nullable(Timestamp),
  withdrawnAt: Nullable(Timestamp),
  withdrawnReason: Nullable(StringEnum(WITHDRAW_REASONS, {
    description: 'who withdrew it: the participant on their page, a coach, the withdrawal of consent `share-with-employers`, or the erasure of the participant\'s data (`participant-request`)'
  }))
}

export const ShareSchema = Type.Object(shareFields, { $id: 'Share' })
export type Share = Static<typeof ShareSchema>

/** A share as made: the only answer that holds its URL. */
export const CreatedShare = Type.Object({
  url: Type.String({ format: 'uri', description: 'the employer\'s page, `/s/{token}`: shown only in this answer, only its hash is kept' }),
  ...shareFields
}, {
  description: 'Made',
  headers: { location: Type.String({ description: 'where the share can be read: `/v1/participants/{participantId}/shares/{shareId}`' }) }
})

export const ShareList = PageOf(Type.Ref('Share'))
