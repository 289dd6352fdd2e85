import { Ajv, type AnySchema, type Options } from 'ajv'
import addFormats from 'ajv-formats'

function makeAjv (options: Options, externalSchemas: Record<string, AnySchema>): Ajv {
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, strict: false, ...options })
  addFormats.default(ajv)
  for (const schema of Object.values(externalSchemas)) ajv.addSchema(schema)
  return ajv
}

/**
 * Ajv instances, shared by every app in the process that has the same options and the very same
 * shared schemas: making one compiles Ajv's meta-schema and every shared schema again, which took
 * most of an app's start (the tests build hundreds of apps). Ajv keeps what it compiled per schema
 * object, so a route schema is compiled once per process too.
 */
const sharedAjv = new Map<string, { schemas: AnySchema[], ajv: Ajv }>()

function ajvFor (options: Options, externalSchemas: Record<string, AnySchema>): Ajv {
  const key = `${JSON.stringify(options)}\u0000${Object.keys(externalSchemas).join('\u0000')}`
  const schemas = Object.values(externalSchemas)
  const found = sharedAjv.get(key)
  if (found && found.schemas.every((s, i) => s === schemas[i])) return found.ajv
  const ajv = makeAjv(options, externalSchemas)
  sharedAjv.set(key, { schemas, ajv })
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
  const strict = ajvFor({ coerceTypes: false }, externalSchemas)
  const coercing = ajvFor({ coerceTypes: 'array' }, externalSchemas)
  return ({ schema, httpPart }: { schema: AnySchema, httpPart?: string }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema)
}

let standalone: Ajv | undefined

/** A validator outside a route (batch items, xAPI, CSV rows), with the same strict rules as bodies. */
export function compileBodyValidator (schema: AnySchema) {
  standalone ??= makeAjv({ coerceTypes: false }, {})
  return standalone.compile(schema)
}
