import { Type, type Static } from '@sinclair/typebox'
import { IdString, Nullable, StringEnum, Text } from '../../lib/typebox.ts'
import { PageOf, PageQuery } from '../../lib/pagination.ts'
import { OrganisationId } from '../organisations/schemas.ts'
import { MODULE_KINDS, SKILL_DOMAINS, SKILL_KINDS, VERSION_STATUSES } from '../../lib/vocabulary.ts'
import { FRAMEWORKS } from './levels.ts'

export const NLQF_LEVELS = ['entree', '1', '2', '3', '4', '5', '6', '7', '8'] as const

const Timestamp = Type.String({ format: 'date-time' })
const QUERY = { minLength: 1, maxLength: 100 }

// ---- skills

export const SkillId = IdString('skl', { description: 'skill id' })

export const SkillSchema = Type.Object({
  id: SkillId,
  name: Type.String(),
  kind: StringEnum(SKILL_KINDS),
  domain: Nullable(StringEnum(SKILL_DOMAINS)),
  level: Nullable(Type.String()),
  framework: Nullable(StringEnum(FRAMEWORKS, { description: 'the framework the level comes from' })),
  escoUri: Nullable(Type.String({ format: 'uri' })),
  description: Nullable(Type.String()),
  createdAt: Timestamp
}, { $id: 'Skill' })
export type Skill = Static<typeof SkillSchema>

export const CreateSkillBody = Type.Object({
  name: Text(160, { description: 'e.g. `Lezen op 1F` or `Heftruck rijden`' }),
  kind: StringEnum(SKILL_KINDS),
  domain: Type.Optional(StringEnum(SKILL_DOMAINS, { description: 'basic skills only' })),
  level: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 20,
    description: 'basic skills only. language: instroom, 1F, 2F, 3F or CEFR A1, A2, B1, B2; numeracy: instroom, 1F, 2F, 3F; ' +
      'digital: basis-1, basis-2 or digcomp-1 … digcomp-8'
  })),
  escoUri: Type.Optional(Type.String({ format: 'uri', maxLength: 300, pattern: '^https?://data\\.europa\\.eu/esco/', description: 'an ESCO skill URI' })),
  description: Type.Optional(Text(2000))
}, { additionalProperties: false })

export const SkillParams = Type.Object({ skillId: Type.String({ maxLength: 64 }) })

export const SkillQuery = Type.Composite([PageQuery, Type.Object({
  kind: Type.Optional(StringEnum(SKILL_KINDS)),
  domain: Type.Optional(StringEnum(SKILL_DOMAINS)),
  q: Type.Optional(Type.String({ ...QUERY, description: 'part of the name, case-insensitive' }))
})], { additionalProperties: false })

export const SkillList = PageOf(Type.Ref('Skill'))

// ---- modules

export const ModuleId = IdString('mod', { description: 'module id' })
export const KEY = { pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$' }

export const UnitSchema = Type.Object({
  id: IdString('unt', { description: 'unit id' }),
  key: Type.String({ description: 'the provider\'s key of the unit, unique within the version' }),
  revision: Type.Integer({
    minimum: 1,
    description: 'with the module and the key, the unit\'s identity across versions: the same while the unit\'s skills stay the same; ' +
      'the next revision when they change. Completions count toward every unit with the same identity.'
  }),
  title: Type.String(),
  description: Nullable(Type.String()),
  skillIds: Type.Array(SkillId),
  activityId: Type.String({ format: 'uri', description: 'the xAPI activity IRI of the unit\'s identity: the same in every version that holds it, and it resolves' })
})
export type Unit = Static<typeof UnitSchema>

const versionFields = {
  title: Type.String(),
  description: Nullable(Type.String()),
  kind: StringEnum(MODULE_KINDS),
  hours: Type.Number({ description: 'study load in hours' }),
  nlqfLevel: Nullable(StringEnum(NLQF_LEVELS)),
  eqfLevel: Nullable(Type.Integer()),
  crebo: Nullable(Type.String()),
  workProcess: Nullable(Type.String()),
  learningOutcomes: Type.Array(Type.String())
}

export const ModuleVersionSchema = Type.Object({
  moduleId: ModuleId,
  version: Type.Integer({ minimum: 1 }),
  status: StringEnum(VERSION_STATUSES, { description: 'a published version never changes' }),
  ...versionFields,
  units: Type.Array(UnitSchema),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  publishedAt: Nullable(Timestamp)
}, { $id: 'ModuleVersion' })
export type ModuleVersion = Static<typeof ModuleVersionSchema>

export const ModuleSchema = Type.Object({
  id: ModuleId,
  providerId: OrganisationId,
  code: Type.String(),
  createdAt: Timestamp,
  latestVersion: Type.Integer({ description: 'the newest version this key may see (a draft only for those who manage the module)' }),
  publishedVersion: Nullable(Type.Integer({ description: 'the newest published version' })),
  current: Type.Ref('ModuleVersion', { description: 'the version numbered latestVersion' })
}, { $id: 'Module' })

const UnitBody = Type.Object({
  key: Type.String({ ...KEY, description: 'e.g. `les-1`; unique within the module, case-insensitive' }),
  title: Text(200),
  description: Type.Optional(Text(2000)),
  skillIds: Type.Array(SkillId, { minItems: 1, maxItems: 20, uniqueItems: true })
}, { additionalProperties: false })
export type UnitInput = Static<typeof UnitBody>

const Title = Text(200, { description: 'e.g. `Veilig werken in het magazijn`' })
const Hours = Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: 'study load in hours' })
const Description = Text(4000)
const NlqfLevel = StringEnum(NLQF_LEVELS, { description: 'NLQF level; `entree` is the entry level below 1' })
const EqfLevel = Type.Integer({ minimum: 1, maximum: 8 })
const Crebo = Type.String({ pattern: '^\\d{5}$', description: 'crebo number of the MBO qualification' })
const WorkProcess = Type.String({ pattern: '^B\\d+-K\\d+(-W\\d+)?$', description: 'core task or work process, e.g. `B1-K1-W2`' })
const LEARNING_OUTCOMES = { maxItems: 50, description: 'what a participant can do afterwards' }
const UNITS = { maxItems: 100, description: 'the units (leereenheden) in order' }

export const CreateModuleBody = Type.Object({
  providerId: Type.Optional(Type.String({ maxLength: 64, description: 'required for admins; a provider key may leave it out' })),
  code: Type.String({ ...KEY, description: 'the provider\'s own code, unique per provider' }),
  title: Title,
  description: Type.Optional(Description),
  kind: StringEnum(MODULE_KINDS),
  hours: Hours,
  nlqfLevel: Type.Optional(NlqfLevel),
  eqfLevel: Type.Optional(EqfLevel),
  crebo: Type.Optional(Crebo),
  workProcess: Type.Optional(WorkProcess),
  learningOutcomes: Type.Array(Text(500), { ...LEARNING_OUTCOMES, default: [] }),
  units: Type.Array(UnitBody, { ...UNITS, default: [] })
}, { additionalProperties: false })
export type CreateModuleInput = Static<typeof CreateModuleBody>

export const UpdateModuleBody = Type.Object({
  title: Type.Optional(Title),
  description: Type.Optional(Nullable(Description)),
  kind: Type.Optional(StringEnum(MODULE_KINDS)),
  hours: Type.Optional(Hours),
  nlqfLevel: Type.Optional(Nullable(NlqfLevel)),
  eqfLevel: Type.Optional(Nullable(EqfLevel)),
  crebo: Type.Optional(Nullable(Crebo)),
  workProcess: Type.Optional(Nullable(WorkProcess)),
  learningOutcomes: Type.Optional(Type.Array(Text(500), LEARNING_OUTCOMES)),
  units: Type.Optional(Type.Array(UnitBody, { ...UNITS, description: 'replaces every unit' }))
}, { additionalProperties: false, minProperties: 1, description: 'the version fields to change; null clears an optional field' })
export type UpdateModuleInput = Static<typeof UpdateModuleBody>

export const ModuleParams = Type.Object({ moduleId: Type.String({ maxLength: 64 }) })
export const ModuleVersionParams = Type.Object({
  moduleId: Type.String({ maxLength: 64 }),
  version: Type.Integer({ minimum: 1, maximum: 1_000_000 })
})

export const ModuleQuery = Type.Composite([PageQuery, Type.Object({
  providerId: Type.Optional(Type.String({ maxLength: 64 })),
  kind: Type.Optional(StringEnum(MODULE_KINDS)),
  q: Type.Optional(Type.String({ ...QUERY, description: 'part of the title or code, case-insensitive' }))
})], { additionalProperties: false })

export const ModuleList = PageOf(Type.Ref('Module'))
export const ModuleVersionList = PageOf(Type.Ref('ModuleVersion'))
