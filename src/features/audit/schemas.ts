import { Type } from '@sinclair/typebox'
import { PageOf, PageQuery } from '../../lib/pagination.ts'
import { Nullable, StringEnum } from '../../lib/typebox.ts'
import { AUDIT_ACTIONS, AUDIT_ROLES, AUDIT_TARGET_TYPES } from '../../lib/vocabulary.ts'

const Id = (description: string) => Type.String({ minLength: 1, maxLength: 64, description })
const Moment = (description: string) => Type.String({ format: 'date-time', description })

export const AuditQuery = Type.Composite([PageQuery, Type.Object({
  keyId: Type.Optional(Id('events made with this API key (`key_…`)')),
  organisationId: Type.Optional(Id('events of keys of this organisation')),
  action: Type.Optional(StringEnum(AUDIT_ACTIONS)),
  targetType: Type.Optional(StringEnum(AUDIT_TARGET_TYPES)),
  targetId: Type.Optional(Id('events about this id (with or without `targetType`)')),
  from: Type.Optional(Moment('events at or after this moment (ISO 8601, with a time zone)')),
  to: Type.Optional(Moment('events before this moment'))
})], { additionalProperties: false })

export const AuditEventSchema = Type.Object({
  id: Type.String({ description: '`aud_…`' }),
  position: Type.Integer({ minimum: 1, description: 'the place in the hash chain, from 1, without gaps' }),
  at: Type.String({ format: 'date-time', description: 'when it happened' }),
  action: StringEnum(AUDIT_ACTIONS),
  keyId: Nullable(Type.String({ description: 'the API key; null without one (public, the participant\'s own page, the CLI)' })),
  organisationId: Nullable(Type.String({ description: 'the organisation of the key, or the one the CLI acted for' })),
  role: StringEnum(AUDIT_ROLES, { description: 'the key\'s role; `participant`, `public` or `operator` without a key' }),
  targetType: Nullable(StringEnum(AUDIT_TARGET_TYPES)),
  targetId: Nullable(Type.String({ description: 'an id only; null when the action has no single target (a batch, an import)' })),
  requestId: Nullable(Type.String({ description: 'the request\'s `x-request-id`, which finds it in the log; null for the CLI' })),
  prevHash: Type.String({ description: 'the hash of the event before it (64 zeros for the first)' }),
  hash: Type.String({ description: 'sha256 hex of prevHash followed by the canonical JSON of the other fields (see README)' })
}, { $id: 'AuditEvent', additionalProperties: false })

export const AuditList = PageOf(Type.Ref('AuditEvent'))
