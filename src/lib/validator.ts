import { Ajv, type AnySchema, type Options } from 'ajv'
import addFormats from 'ajv-formats'

function makeAjv (options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, strict: false, ...options })
  addFormats.default(ajv)
  return ajv
}

/**
 * Given to Fastify as `schemaController.compilersFactory.buildValidator` (not through
 * `setValidatorCompiler`, which encapsulated plugins that add schemas silently drop).
 * Bodies are checked strictly: no type coercion, unknown fields rejected (schemas say
 * `additionalProperties: false`), never stripped. Query strings, params and headers are text on
 * the wire, so those are coerced.
 */
export function buildValidatorCompiler () {
  const strict = makeAjv({ coerceTypes: false })
  const coercing = makeAjv({ coerceTypes: 'array' })
  return ({ schema, httpPart }: { schema: AnySchema, httpPart?: string }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema)
}
