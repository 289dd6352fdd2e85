import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { IdString, Nullable, StringEnum, Text } from '../../lib/typebox.ts'
import { PageOf, PageQuery } from '../../lib/pagination.ts'
import { SKILL_DOMAINS } from '../../lib/vocabulary.ts'
import { NODE_TYPES, type NodeType, type RequirementNode } from './requirements.ts'

export const PathwayId = IdString('pwy', { description: 'development path id' })

const Self = Type.Unsafe<RequirementNode>({ $ref: 'RequirementNode' })
const Parts = Type.Array(Self, { minItems: 1, maxItems: 50 })
const Title = Type.Optional(Text(200, { description: 'a heading for this step, e.g. `Veilig werken`' }))
const Reference = (description: string) => Type.String({ minLength: 1, maxLength: 64, description })

/** One object schema per node type, each closed with `additionalProperties: false`. */
const NODE_SCHEMAS: Record<NodeType, TSchema> = {
  all: Type.Object({ type: Type.Literal('all'), title: Title, parts: Parts },
    { additionalProperties: false, description: 'every part is needed' }),
  any: Type.Object({
    type: Type.Literal('any'),
    title: Title,
    n: Type.Integer({ minimum: 1, description: 'how many of the parts are needed; at most the number of parts' }),
    parts: Parts
  }, { additionalProperties: false, description: 'any n of the parts are needed' }),
  module: Type.Object({ type: Type.Literal('module'), moduleId: Reference('a module with at least one published version') },
    { additionalProperties: false, description: 'any published version of the module completed' }),
  skill: Type.Object({ type: Type.Literal('skill'), skillId: Reference('a skill in the catalogue') },
    { additionalProperties: false, description: 'the skill held' }),
  level: Type.Object({
    type: Type.Literal('level'),
    domain: StringEnum(SKILL_DOMAINS),
    level: Type.String({
      minLength: 1,
      maxLength: 20,
      description: 'language: instroom, 1F, 2F, 3F or CEFR A1, A2, B1, B2; numeracy: instroom, 1F, 2F, 3F; ' +
        'digital: basis-1, basis-2 or digcomp-1 … digcomp-8'
    })
  }, { additionalProperties: false, description: 'a basic skill in the domain at this level or higher' }),
  pathway: Type.Object({ type: Type.Literal('pathway'), pathwayId: Reference('another development path') },
    { additionalProperties: false, description: 'another development path met, e.g. a general basic-skills path' })
}

/**
 * The branches are chosen by `type` with if/then/else rather than `oneOf`, so that a wrong node
 * gets the errors of its own branch only (a `oneOf` reports every branch that did not match).
 */
function byType (types: readonly NodeType[]): Record<string, unknown> {
  const [first, ...rest] = types as [NodeType, ...NodeType[]]
  const branch = { if: { type: 'object', required: ['type'], properties: { type: { const: first } } }, then: NODE_SCHEMAS[first] }
  return rest.length === 0 ? branch : { ...branch, else: byType(rest) }
}

/**
 * A node of a requirement tree, told apart by `type`; `all` and `any` nest further nodes (at most
 * 8 levels deep, checked by the route). Self-referencing through its `$id`, so it is added once
 * with `addSchema` and used by reference.
 */
export const RequirementNodeSchema = Type.Unsafe<RequirementNode>({
  $id: 'RequirementNode',
  title: 'Requirement node',
  description: 'One of: `all` (every part), `any` (n of the parts), `module`, `skill`, `level`, `pathway`.',
  type: 'object',
  required: ['type'],
  properties: { type: StringEnum(NODE_TYPES) },
  ...byType(NODE_TYPES)
})
const Requirement = Type.Ref(RequirementNodeSchema)

const Sector = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', minLength: 1, maxLength: 60, description: 'e.g. `logistiek`, `zorg`' })

export const PathwaySchema = Type.Object({
  id: PathwayId,
  name: Type.String(),
  sector: Type.String(),
  description: Nullable(Type.String()),
  requirement: Requirement,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' })
}, { $id: 'Pathway' })
export type Pathway = Static<typeof PathwaySchema>

export const PathwayBody = Type.Object({
  name: Text(160, { description: 'e.g. `Ontwikkelpad logistiek medewerker`' }),
  sector: Sector,
  description: Type.Optional(Text(4000)),
  requirement: Requirement
}, { additionalProperties: false })
export type PathwayInput = Static<typeof PathwayBody>

export const PathwayParams = Type.Object({ pathwayId: Type.String({ maxLength: 64 }) })

export const PathwayQuery = Type.Composite([PageQuery, Type.Object({
  sector: Type.Optional(Sector)
})], { additionalProperties: false })

export const PathwayList = PageOf(Type.Ref('Pathway'))
