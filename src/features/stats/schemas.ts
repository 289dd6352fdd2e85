import { Type, type TRef } from '@sinclair/typebox'
import { MEASURES, MEASURE_TEXT, SMALLEST_SHOWN, type Measure } from './report.ts'
import { Nullable, StringEnum } from '../../lib/typebox.ts'

export const StatsQuery = Type.Object({
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'one region, by id or slug; every region the key sees when absent' })),
  from: Type.Optional(Type.String({ format: 'date', description: 'the first day of a calendar quarter or year; with `to`' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'the last day of the same quarter or year; both absent: the whole programme' }))
}, { additionalProperties: false })

export const FigureSchema = Type.Union([
  Type.Literal(0),
  Type.Integer({ minimum: SMALLEST_SHOWN }),
  Type.Literal('<10'),
  Type.Literal('suppressed')
], { $id: 'Figure', description: `A count: 0, or ${SMALLEST_SHOWN} and more; \`<10\` for a count of 1 to ${SMALLEST_SHOWN - 1} (or a 0 withheld to hide one); \`suppressed\` where showing the count would let a count under ${SMALLEST_SHOWN} be worked out from the others (complementary suppression)` })

const FiguresSchema = Type.Object(
  Object.fromEntries(MEASURES.map((m) => [m, Type.Ref('Figure', { description: MEASURE_TEXT[m].en })])) as Record<Measure, TRef<'Figure'>>,
  { additionalProperties: false })

const RegionRefSchema = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() })

const FigureRowSchema = Type.Object({
  region: Nullable(RegionRefSchema),
  figures: FiguresSchema,
  goal: Type.Integer({ description: 'people into work the row aims for: 200 per region' }),
  intoWorkShareOfGoal: Nullable(Type.Number({ description: 'intoWork divided by goal; null when intoWork is not shown' }))
})

export const StatsReportSchema = Type.Object({
  period: Type.Object({
    kind: StringEnum(['all', 'year', 'quarter'] as const),
    key: Type.String({ description: '`all`, `2026` or `2026-Q3`' }),
    from: Nullable(Type.String({ format: 'date' })),
    to: Nullable(Type.String({ format: 'date' }))
  }),
  asOf: Type.String({ format: 'date-time', description: 'when the count began: every change made before it is in the figures' }),
  programme: FigureRowSchema,
  regions: Type.Array(FigureRowSchema)
}, { $id: 'StatsReport' })
