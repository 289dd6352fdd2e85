import { Ajv, type AnySchema, type Options } from 'ajv'
import addFormats from 'ajv-formats'

function makeAjv (options: Options, externalSchemas: Record<string, AnySchema>): Ajv {
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, strict: false, ...options })
  addFormats.default(ajv)
  for (const schema of Object.values(externalSchemas)) ajv.addSchema(schema)
  return ajv
}

/**
 * Given to Fastify as `schemaController.compilersFactory.buildValidator` (not through
 * `setValidatorCompiler`, which encapsulated plugins that add schemas silently drop); Fastify
 * calls it with the schemas added by `addSchema`, so `$ref`s to them resolve.
 * Bodies are checked strictly: no type coercion, unknown fields rejected (schemas say
 * `additionalProperties: false`), never stripped. Query strings, params and headers are text on
 * the wire, so those are coerced.
 */
export function buildValidatorCompiler (externalSchemas: Record<string, AnySchema> = {}) {
  const strict = makeAjv({ coerceTypes: false }, externalSchemas)
  const coercing = makeAjv({ coerceTypes: 'array' }, externalSchemas)
  return ({ schema, httpPart }: { schema: AnySchema, httpPart?: string }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema)
}

let standalone: Ajv | undefined

/** A validator outside a route (batch items, xAPI, CSV rows), with the same strict rules as bodies. */
export function compileBodyValidator (schema: AnySchema) {
  standalone ??= makeAjv({ coerceTypes: false }, {})
  return standalone.compile(schema)
}
