import { Type, type TSchema } from '@sinclair/typebox'
import { sql, type SQL, type AnyColumn } from 'drizzle-orm'
import { Problem } from './problems.ts'

/** `?limit=&cursor=` on every list. */
export const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' }))
})

export function PageOf<T extends TSchema> (item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as `cursor` for the next page; null on the last page' })
  })
}

interface Position { createdAt: string, id: string }

/** Cursors are opaque to clients: the (createdAt, id) of the last row, base64url-encoded. */
export function encodeCursor (row: Position): string {
  return Buffer.from(JSON.stringify([row.createdAt, row.id])).toString('base64url')
}

export function decodeCursor (cursor: string): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { createdAt: value[0], id: value[1] }
    }
  } catch {}
  throw new Problem('invalid-cursor', 'the cursor is not one this service gave out', [{ pointer: '#/cursor', detail: 'not a valid cursor', code: 'invalid-cursor', in: 'querystring' }])
}

/** The SQL condition "after the cursor" for a table ordered by (createdAt, id). */
export function afterCursor (cursor: string | undefined, createdAt: AnyColumn, id: AnyColumn): SQL | undefined {
  if (!cursor) return undefined
  const at = decodeCursor(cursor)
  return sql`(${createdAt}, ${id}) > (${at.createdAt}, ${at.id})`
}

/** Cuts a list fetched with `limit + 1` rows into a page. */
export function toPage<T extends Position, U = T> (rows: T[], limit: number, map: (row: T) => U = (r) => r as unknown as U) {
  const more = rows.length > limit
  const items = more ? rows.slice(0, limit) : rows
  return { items: items.map(map), nextCursor: more ? encodeCursor(items[items.length - 1]!) : null }
}
