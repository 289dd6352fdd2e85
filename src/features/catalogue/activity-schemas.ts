import { Type, type Static } from '@sinclair/typebox'
import { IdString, Nullable, StringEnum } from '../../lib/typebox.ts'
import { SKILL_DOMAINS, SKILL_KINDS } from '../../lib/vocabulary.ts'
import { KEY, ModuleId, SkillId } from './schemas.ts'

const LanguageMap = Type.Record(Type.String(), Type.String())

export const UnitActivitySchema = Type.Object({
  objectType: Type.Literal('Activity'),
  id: Type.String({ format: 'uri', description: 'the activity IRI of the unit identity' }),
  definition: Type.Object({
    type: Type.String({ format: 'uri' }),
    name: LanguageMap,
    description: Type.Optional(LanguageMap)
  }, { description: 'xAPI Activity metadata' }),
  moduleId: ModuleId,
  moduleTitle: Type.String({ description: 'the title of the newest published version that holds the unit' }),
  providerId: Type.String(),
  providerName: Type.String(),
  key: Type.String(),
  revision: Type.Integer({ minimum: 1 }),
  title: Type.String({ description: 'as in the newest published version that holds the unit' }),
  description: Nullable(Type.String()),
  skills: Type.Array(Type.Object({
    id: SkillId,
    name: Type.String(),
    kind: StringEnum(SKILL_KINDS),
    domain: Nullable(StringEnum(SKILL_DOMAINS)),
    level: Nullable(Type.String()),
    escoUri: Nullable(Type.String({ format: 'uri' }))
  })),
  versions: Type.Array(Type.Object({
    version: Type.Integer({ minimum: 1 }),
    moduleTitle: Type.String(),
    unitId: IdString('unt', { description: 'unit id in that version' }),
    title: Type.String(),
    publishedAt: Type.String({ format: 'date-time' })
  }), { description: 'the published versions of the module that hold this unit, oldest first' })
}, { $id: 'UnitActivity' })
export type UnitActivity = Static<typeof UnitActivitySchema>

const ModuleIdParam = Type.String({ maxLength: 64 })
const KeyParam = Type.String({ ...KEY, description: 'the unit key' })
const Counter = Type.Integer({ minimum: 1, maximum: 1_000_000 })

export const ActivityParams = Type.Object({ moduleId: ModuleIdParam, key: KeyParam })
export const ActivityRevisionParams = Type.Object({ moduleId: ModuleIdParam, key: KeyParam, revision: Counter })
export const VersionedActivityParams = Type.Object({ moduleId: ModuleIdParam, version: Counter, key: KeyParam })
