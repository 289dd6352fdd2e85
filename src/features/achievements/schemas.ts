import { Type } from '@sinclair/typebox'

const loose = { additionalProperties: true }

export const ModuleAchievementParams = Type.Object({
  moduleId: Type.String({ maxLength: 64 }),
  version: Type.Integer({ minimum: 1, maximum: 1_000_000 })
})
export const PathwayAchievementParams = Type.Object({ pathwayId: Type.String({ maxLength: 64 }) })
export const FrameworkLevelParams = Type.Object({ framework: Type.String({ maxLength: 64 }), level: Type.String({ maxLength: 64 }) })
export const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) })
export const SkillParams = Type.Object({ skillId: Type.String({ maxLength: 64 }) })

/** An OB 3.0 Achievement on its own, with its JSON-LD context: exactly what credentials embed. */
export const AchievementDocumentSchema = Type.Object({
  '@context': Type.Array(Type.String()),
  id: Type.String(),
  type: Type.Array(Type.String()),
  achievementType: Type.String(),
  name: Type.String(),
  description: Type.String(),
  criteria: Type.Object({ narrative: Type.String() }),
  image: Type.Object({ id: Type.String(), type: Type.Literal('Image'), caption: Type.Optional(Type.String()) })
}, { ...loose, title: 'Open Badges 3.0 Achievement' })

const ModuleRef = Type.Object({ id: Type.String({ description: 'the achievement of the module version' }), name: Type.String(), provider: Type.String() })

export const FrameworkLevelSchema = Type.Object({
  id: Type.String(),
  type: Type.Literal('FrameworkLevel'),
  name: Type.String(),
  description: Type.String(),
  framework: Type.String(),
  frameworkName: Type.String(),
  level: Type.String(),
  rank: Type.Integer({ description: '1 is the lowest' }),
  levels: Type.Array(Type.String(), { description: 'every level of the framework, lowest first' }),
  domains: Type.Array(Type.String())
}, { title: 'A level of a basic-skill framework' })

export const ReferenceSchema = Type.Object({
  id: Type.String(),
  type: Type.Union([Type.Literal('Qualification'), Type.Literal('WorkProcess')]),
  name: Type.String(),
  description: Type.String(),
  framework: Type.String(),
  code: Type.String(),
  modules: Type.Array(ModuleRef)
}, { title: 'A crebo qualification or an mbo work process, with the modules that align to it' })

const NullableString = Type.Union([Type.String(), Type.Null()])
export const SkillDescriptionSchema = Type.Object({
  id: Type.String(),
  type: Type.Union([Type.Literal('BasicSkill'), Type.Literal('VocationalSkill')]),
  name: Type.String(),
  description: Type.String(),
  kind: Type.String(),
  domain: NullableString,
  level: NullableString,
  framework: NullableString,
  frameworkLevel: NullableString,
  escoUri: NullableString,
  modules: Type.Array(ModuleRef)
}, { title: 'A skill, with the modules that train it' })
