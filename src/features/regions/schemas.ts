import { Type, type Static } from '@sinclair/typebox'
import { IdString, Text } from '../../lib/typebox.ts'
import { PageOf } from '../../lib/pagination.ts'

export const RegionId = IdString('reg', { description: 'region id' })

export const RegionSchema = Type.Object({
  id: RegionId,
  slug: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' })
}, { $id: 'Region' })
export type Region = Static<typeof RegionSchema>

export const CreateRegionBody = Type.Object({
  slug: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', minLength: 2, maxLength: 60, description: 'short name in URLs, e.g. `twente`' }),
  name: Text(120, { description: 'e.g. `Twente`' })
}, { additionalProperties: false })

export const RegionParams = Type.Object({ regionId: Type.String({ maxLength: 64 }) })

export const RegionList = PageOf(Type.Ref('Region'))
