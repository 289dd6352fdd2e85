import { Ajv, type AnySchema, type Options, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { deferCompile } from './deferred-compile.ts'

function makeAjv (options: Options): Ajv {
  // discriminator: a oneOf tagged by a property (OpenAPI's discriminator) checks only the branch its tag names
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, strict: false, discriminator: true, ...options })
  addFormats.default(ajv)
  return ajv
}

/**
 * One Ajv instance per set of options for the whole process, holding every shared schema seen so
 * far. Fastify asks for a validator compiler for each encapsulated context (35 in one app), each
 * with the shared schemas that context sees; an instance for each compiled Ajv's meta-schema and
 * checked every shared schema against it again, which was over half of the service's start (and of
 * each test's app). A shared schema is known by its $id, so a context can also resolve the $ids of
 * another; a different object under an $id already taken (a schema made on the fly) starts a new
 * instance, which the contexts asking from then on share. Ajv keeps what it compiled per schema
 * object, so a route schema is compiled once per process too.
 */
const sharedAjv = new Map<string, Ajv>()

function ajvFor (options: Options, externalSchemas: Record<string, AnySchema>): Ajv {
  const key = JSON.stringify(options)
  let ajv = sharedAjv.get(key)
  const known = (id: string): unknown => {
    const entry = ajv!.schemas[id] ?? ajv!.refs[id]
    return typeof entry === 'object' ? entry.schema : entry
  }
  const entries = Object.entries(externalSchemas)
  if (!ajv || entries.some(([id, schema]) => known(id) !== undefined && known(id) !== schema)) {
    ajv = makeAjv(options)
    sharedAjv.set(key, ajv)
  }
  for (const [id, schema] of entries) if (known(id) === undefined) ajv.addSchema(schema)
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
    deferredValidator(httpPart === 'body' ? strict : coercing, schema)
}

/**
 * A validator that Ajv compiles on its first call, or earlier in the background (see
 * deferred-compile.ts). Like Ajv's own, it leaves the last call's `errors` on itself, where
 * Fastify reads them.
 */
function deferredValidator (ajv: Ajv, schema: AnySchema): ValidateFunction {
  const compiled = deferCompile(() => ajv.compile(schema))
  const validate = ((data: unknown, context?: Parameters<ValidateFunction>[1]) => {
    const check = compiled()
    const valid = check(data, context)
    validate.errors = check.errors
    return valid
  }) as ValidateFunction
  return validate
}

/** A validator outside a route (batch items, xAPI, CSV rows), with the same strict rules as bodies. */
export function compileBodyValidator (schema: AnySchema): ValidateFunction {
  return deferredValidator(ajvFor({ coerceTypes: false }, {}), schema)
}
