import { Type, type TSchema, type SchemaOptions, type TUnsafe } from '@sinclair/typebox'

/** A string restricted to `values`, as a plain JSON Schema `enum` (clear in OpenAPI and errors). */
export function StringEnum<const T extends readonly string[]> (values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] })
}

/** `T` or `null`, for optional fields a response always carries. */
export function Nullable<T extends TSchema> (schema: T) {
  return Type.Union([schema, Type.Null()])
}

/** An opaque id of the form `prefix_xxxxxxxxxxxxxxxxxxxx`. */
export function IdString (prefix: string, options: SchemaOptions = {}) {
  return Type.String({ pattern: `^${prefix}_[0-9a-z]{20}$`, ...options })
}

/** Printable text without control characters, trimmed length between 1 and max. */
export function Text (maxLength: number, options: SchemaOptions = {}) {
  return Type.String({ minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001f]*\\S[^\\u0000-\\u001f]*$', ...options })
}
