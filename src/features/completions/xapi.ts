import { Type, type Static } from '@sinclair/typebox'
import { parseActivityId, type ActivityRef } from '../catalogue/module-rules.ts'
import { todayInAmsterdam, type ItemError } from './rules.ts'
import { ASSESSMENTS } from '../../lib/vocabulary.ts'
import type { CompletionInput } from './schemas.ts'

export const XAPI_VERSION = '1.0.3'
/** The ADL verbs that say a unit is done. */
export const COMPLETION_VERBS = ['http://adlnet.gov/expapi/verbs/completed', 'http://adlnet.gov/expapi/verbs/passed'] as const

const LanguageMap = Type.Record(Type.String(), Type.String())
const Iri = Type.String({ format: 'uri', maxLength: 2000 })

/** The parts of an xAPI 1.0.3 Statement this service reads; the rest of the standard shape is allowed. */
export const StatementSchema = Type.Object({
  id: Type.String({ format: 'uuid', description: 'the statement id: the idempotency key' }),
  actor: Type.Object({
    objectType: Type.Optional(Type.Literal('Agent')),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    account: Type.Object({
      homePage: Iri,
      name: Type.String({ minLength: 1, maxLength: 64, description: 'the provider\'s own reference for the participant' })
    }, { additionalProperties: false })
  }),
  verb: Type.Object({ id: Iri, display: Type.Optional(LanguageMap) }, { additionalProperties: false }),
  object: Type.Object({
    objectType: Type.Optional(Type.Literal('Activity')),
    id: Iri,
    definition: Type.Optional(Type.Object({}, { additionalProperties: true }))
  }, { additionalProperties: false }),
  result: Type.Optional(Type.Object({
    success: Type.Optional(Type.Boolean()),
    completion: Type.Optional(Type.Boolean()),
    score: Type.Optional(Type.Object({
      scaled: Type.Optional(Type.Number({ minimum: -1, maximum: 1 })),
      raw: Type.Optional(Type.Number()),
      min: Type.Optional(Type.Number()),
      max: Type.Optional(Type.Number())
    }, { additionalProperties: false })),
    duration: Type.Optional(Type.String({ maxLength: 64 })),
    response: Type.Optional(Type.String({ maxLength: 4000 })),
    extensions: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
  }, { additionalProperties: false })),
  context: Type.Optional(Type.Object({
    extensions: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
  }, { additionalProperties: true })),
  timestamp: Type.Optional(Type.String({ format: 'date-time' })),
  stored: Type.Optional(Type.String({ format: 'date-time' })),
  authority: Type.Optional(Type.Object({}, { additionalProperties: true })),
  version: Type.Optional(Type.String({ pattern: '^1\\.0(\\.[0-9]+)?$' })),
  attachments: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 0 }))
}, { additionalProperties: false, $id: 'XapiStatement' })
export type Statement = Static<typeof StatementSchema>

/** Context extensions a provider may add to say how the unit was assessed and where. */
export function extensionIris (publicUrl: string) {
  return {
    assessment: `${publicUrl}/xapi/extensions/assessment`,
    hostCompany: `${publicUrl}/xapi/extensions/host-company`
  }
}

export interface MappedStatement {
  input: Omit<CompletionInput, 'unitId'>
  activity: ActivityRef
}

/**
 * Maps a schema-valid statement to a completion: the statement id becomes the externalId, the
 * actor's account name the provider's participant reference, `object.id` a unit's activity IRI,
 * the timestamp's date in Amsterdam the completion date (today when there is none). How the unit
 * was assessed comes from a context extension and is `test` by default.
 */
export function mapStatement (statement: Statement, publicUrl: string, today: string): MappedStatement | ItemError[] {
  const errors: ItemError[] = []
  if (!(COMPLETION_VERBS as readonly string[]).includes(statement.verb.id)) {
    errors.push({ status: 400, code: 'unsupported-verb', pointer: '#/verb/id', detail: `verb ${statement.verb.id} is not one of ${COMPLETION_VERBS.join(', ')}` })
  }
  const activity = parseActivityId(publicUrl, statement.object.id)
  if (!activity) {
    errors.push({ status: 400, code: 'unknown-activity', pointer: '#/object/id', detail: `${statement.object.id} is not a unit activity of this service (${publicUrl}/modules/…/units/…)` })
  }
  const iris = extensionIris(publicUrl)
  const extensions = statement.context?.extensions ?? {}
  const assessment = extensions[iris.assessment] ?? 'test'
  if (!(ASSESSMENTS as readonly unknown[]).includes(assessment)) {
    errors.push({ status: 400, code: 'invalid-assessment', pointer: `#/context/extensions/${iris.assessment.replaceAll('~', '~0').replaceAll('/', '~1')}`, detail: `must be one of: ${ASSESSMENTS.join(', ')}` })
  }
  const scaled = statement.result?.score?.scaled
  if (scaled !== undefined && scaled < 0) {
    errors.push({ status: 400, code: 'invalid-score', pointer: '#/result/score/scaled', detail: 'a negative scaled score cannot record a completed unit' })
  }
  if (errors.length > 0 || !activity) return errors

  const result = {
    ...(statement.result?.success !== undefined ? { passed: statement.result.success } : {}),
    ...(scaled !== undefined ? { scaledScore: scaled } : {})
  }
  const hostCompany = extensions[iris.hostCompany] as CompletionInput['hostCompany'] | undefined
  return {
    activity,
    input: {
      externalId: statement.id.toLowerCase(),
      participantReference: statement.actor.account.name,
      completedOn: statement.timestamp ? todayInAmsterdam(new Date(statement.timestamp)) : today,
      assessment: assessment as CompletionInput['assessment'],
      ...(hostCompany !== undefined ? { hostCompany } : {}),
      ...(Object.keys(result).length > 0 ? { result } : {})
    }
  }
}
