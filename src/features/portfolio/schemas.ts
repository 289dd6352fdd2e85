import { Type, type Static } from '@sinclair/typebox'
import { IdString, Nullable, StringEnum } from '../../lib/typebox.ts'
import { ASSESSMENTS, MODULE_KINDS, SKILL_DOMAINS } from '../../lib/vocabulary.ts'
import { FRAMEWORKS } from '../catalogue/levels.ts'
import { ModuleId, SkillId } from '../catalogue/schemas.ts'
import { OrganisationId } from '../organisations/schemas.ts'
import { PathwayId } from '../pathways/schemas.ts'
import { HostCompanySchema, WorkplaceAttestationSchema } from '../completions/schemas.ts'

const UnitId = IdString('unt', { description: 'unit id' })
const Day = Type.String({ format: 'date', description: 'the day the unit was completed' })

const EvidenceSchema = Type.Object({
  completionId: IdString('cmp', { description: 'completion id' }),
  unitId: UnitId,
  unitKey: Type.String(),
  unitTitle: Type.String(),
  moduleId: ModuleId,
  moduleVersion: Type.Integer(),
  moduleTitle: Type.String(),
  providerId: OrganisationId,
  providerName: Type.String(),
  completedOn: Day,
  assessment: StringEnum(ASSESSMENTS),
  workplaceLearning: Type.Boolean({ description: 'true when learned and assessed at work (praktijkleren)' }),
  hostCompany: Nullable(HostCompanySchema),
  workplaceAttestation: Nullable(WorkplaceAttestationSchema)
}, { description: 'a completion that shows a skill: which unit, where, how it was assessed' })

const Evidence = Type.Array(EvidenceSchema, { description: 'oldest first; a unit done twice appears twice' })

const BasicSkillGroupSchema = Type.Object({
  domain: StringEnum(SKILL_DOMAINS),
  framework: StringEnum(FRAMEWORKS),
  highestLevel: Type.String({ description: 'the highest level held on this framework' }),
  skills: Type.Array(Type.Object({ skillId: SkillId, name: Type.String(), level: Type.String(), evidence: Evidence }))
}, { description: 'the basic skills held in one domain on one framework (e.g. language on 1F/2F, or on CEFR)' })

const VocationalSkillSchema = Type.Object({
  skillId: SkillId,
  name: Type.String(),
  escoUri: Nullable(Type.String({ format: 'uri' })),
  evidence: Evidence
})

const ModuleProgressSchema = Type.Object({
  moduleId: ModuleId,
  version: Type.Integer({ description: 'the newest version complete, else the newest one worked on; completions of a unit count in every version that keeps it' }),
  title: Type.String(),
  kind: StringEnum(MODULE_KINDS),
  hours: Type.Number({ description: 'study load in hours' }),
  providerId: OrganisationId,
  providerName: Type.String(),
  status: StringEnum(['complete', 'in-progress'] as const),
  unitsDone: Type.Integer(),
  unitsTotal: Type.Integer(),
  remaining: Type.Array(Type.Object({ unitId: UnitId, key: Type.String(), title: Type.String() }), { description: 'units not yet done, in order' }),
  completedOn: Nullable(Type.String({ format: 'date', description: 'when complete: the day the last unit was done' }))
})

const EvaluatedNodeSchema = Type.Object({
  type: Type.String(),
  met: Type.Boolean(),
  progress: Type.Number({ minimum: 0, maximum: 1 })
}, {
  additionalProperties: true,
  description: 'the requirement node with `met` and `progress`; `all`/`any` add `metCount`, `needed` and evaluated `parts`'
})

const PathwayProgressSchema = Type.Object({
  pathwayId: PathwayId,
  name: Type.String(),
  sector: Type.String(),
  met: Type.Boolean(),
  progress: Type.Number({ minimum: 0, maximum: 1, description: '1 exactly when met' }),
  requirement: EvaluatedNodeSchema
})

export const PortfolioSchema = Type.Object({
  participantId: IdString('ppt', { description: 'participant id (pseudonymous)' }),
  generatedAt: Type.String({ format: 'date-time' }),
  basicSkills: Type.Array(BasicSkillGroupSchema),
  vocationalSkills: Type.Array(VocationalSkillSchema),
  modules: Type.Array(ModuleProgressSchema, { description: 'one entry per module worked on, by title' }),
  pathways: Type.Array(PathwayProgressSchema),
  summary: Type.Object({
    modulesComplete: Type.Integer(),
    modulesInProgress: Type.Integer(),
    unitsDone: Type.Integer({ description: 'distinct units done; a unit done twice, or in two versions that keep it, counts once' }),
    hoursCompleted: Type.Number({ description: 'the study hours of the complete modules (the version shown)' })
  })
}, { $id: 'Portfolio', title: 'Combined portfolio' })
export type PortfolioView = Static<typeof PortfolioSchema>

export const PortfolioParams = Type.Object({ participantId: Type.String({ maxLength: 64 }) })

export const PortfolioQuery = Type.Object({
  pathwayId: Type.Optional(Type.String({ maxLength: 64, description: 'show only this development path' }))
}, { additionalProperties: false })
