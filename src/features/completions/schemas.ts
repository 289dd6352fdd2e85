import { Type, type Static } from '@sinclair/typebox'
import { PageOf, PageQuery } from '../../lib/pagination.ts'
import { IdString, Nullable, StringEnum, Text } from '../../lib/typebox.ts'

import { ASSESSMENTS, COMPLETION_SOURCES } from '../../lib/vocabulary.ts'

const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' })

export const HostCompanySchema = Type.Object({
  name: Text(160, { description: 'the company where the participant learned on the job' }),
  kvkNumber: Type.Optional(Type.String({ pattern: '^[0-9]{8}$', description: 'Chamber of Commerce number' }))
}, { additionalProperties: false })

export const WorkplaceAttestationSchema = Type.Object({
  name: Text(120, { description: 'the workplace trainer (praktijkopleider)' }),
  role: Text(120),
  statement: Text(2000, { description: 'what the trainer saw the participant do' }),
  attestedOn: Type.Optional(DateOnly)
}, { additionalProperties: false })

export const ResultSchema = Type.Object({
  passed: Type.Optional(Type.Boolean()),
  grade: Type.Optional(Text(40, { description: 'e.g. `voldoende`, `goed`, `8`' })),
  scaledScore: Type.Optional(Type.Number({ minimum: 0, maximum: 1 }))
}, { additionalProperties: false, minProperties: 1 })

/** One completed unit, as a provider posts it (alone, in a batch, or mapped from xAPI or CSV). */
export const CompletionBody = Type.Object({
  externalId: Text(128, { description: 'the provider\'s own id for this record; posting it again never duplicates' }),
  participantId: Type.Optional(IdString('ppt')),
  participantReference: Type.Optional(Text(64, { description: 'the provider\'s own reference for the participant, instead of participantId' })),
  unitId: IdString('unt', { description: 'a unit of a published module version of the provider' }),
  completedOn: DateOnly,
  assessment: StringEnum(ASSESSMENTS, { description: '`workplace` is praktijkleren: learning and assessment at work' }),
  hostCompany: Type.Optional(HostCompanySchema),
  workplaceAttestation: Type.Optional(WorkplaceAttestationSchema),
  evidenceUrl: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 })),
  result: Type.Optional(ResultSchema)
}, { additionalProperties: false })
export type CompletionInput = Static<typeof CompletionBody>

export const CompletionSchema = Type.Object({
  id: IdString('cmp'),
  externalId: Type.String(),
  participantId: IdString('ppt'),
  unitId: IdString('unt'),
  moduleId: IdString('mod'),
  moduleVersion: Type.Integer(),
  providerId: IdString('org'),
  completedOn: Type.String({ format: 'date' }),
  assessment: StringEnum(ASSESSMENTS),
  hostCompany: Nullable(HostCompanySchema),
  workplaceAttestation: Nullable(WorkplaceAttestationSchema),
  evidenceUrl: Nullable(Type.String()),
  result: Nullable(ResultSchema),
  source: StringEnum(COMPLETION_SOURCES),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time', description: 'when it was recorded or, if voided, when it was voided' }),
  voided: Nullable(Type.Object({ at: Type.String({ format: 'date-time' }), reason: Type.String() }))
}, { $id: 'Completion' })
export type Completion = Static<typeof CompletionSchema>

/** A new completion, and where it can be read again. */
export const CreatedCompletion = Type.Object(CompletionSchema.properties, {
  description: 'Recorded',
  headers: { location: Type.String({ description: 'where the completion can be read: `/v1/completions/{id}`' }) }
})

export const CompletionQuery = Type.Composite([PageQuery, Type.Object({
  participantId: Type.Optional(IdString('ppt')),
  externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'your own id for the record' })),
  updatedSince: Type.Optional(Type.String({ format: 'date-time', description: 'only completions recorded or voided at or after this moment (ISO 8601, with a time zone)' }))
})], { additionalProperties: false })

export const CompletionList = PageOf(Type.Ref('Completion'))

export const MAX_BATCH = 5000

export const BatchBody = Type.Object({
  atomic: Type.Boolean({ default: false, description: 'all or nothing: with one bad item, nothing is stored' }),
  items: Type.Array(Type.Object({}, { additionalProperties: true, description: 'a completion, as for POST /v1/completions' }),
    { minItems: 1, maxItems: MAX_BATCH })
}, { additionalProperties: false })

export const ItemErrorSchema = Type.Object({
  status: Type.Integer({ description: 'the HTTP status the item would have had on its own' }),
  code: Type.String(),
  pointer: Type.String({ description: 'into the request body, e.g. `#/items/3/unitId`' }),
  detail: Type.String()
})

export const BatchResultSchema = Type.Object({
  index: Type.Integer(),
  status: StringEnum(['created', 'duplicate', 'error'] as const),
  id: Type.Optional(IdString('cmp')),
  externalId: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(ItemErrorSchema))
})

export const BatchResponse = Type.Object({
  stored: Type.Boolean({ description: 'false when an atomic batch was refused' }),
  summary: Type.Object({ created: Type.Integer(), duplicate: Type.Integer(), error: Type.Integer() }),
  results: Type.Array(BatchResultSchema)
})

export const VoidBody = Type.Object({
  reason: Text(500, { description: 'why the completion was wrong, e.g. `geregistreerd bij de verkeerde deelnemer`' })
}, { additionalProperties: false })

export const CompletionParams = Type.Object({ completionId: Type.String({ maxLength: 64 }) })
