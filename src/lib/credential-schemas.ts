import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js'
import addFormats from 'ajv-formats'
import { readFileSync } from 'node:fs'
import { packagePath } from './package-root.ts'

const instances: Partial<Record<'first' | 'all', Ajv2019>> = {}
const compiled = new Map<string, ValidateFunction>()

/**
 * The 1EdTech schemas are JSON Schema draft 2019-09; they are read from credentials/ and compiled
 * once. A valid document is checked by a validator that stops at the first error (several times
 * faster); only an invalid one is checked again to list every issue.
 *
 * `inlineRefs: false` compiles each `$ref` definition to a function of its own instead of copying
 * it into its users: the same checks, but functions small enough for V8 to optimise (inlined, the
 * OB 3.0 validator is one function too large for that, and about three times slower).
 */
function validatorFor (file: string, errors: 'first' | 'all'): ValidateFunction {
  const id = `${errors} ${file}`
  let validate = compiled.get(id)
  if (!validate) {
    let ajv = instances[errors]
    if (!ajv) {
      ajv = instances[errors] = new Ajv2019({ allErrors: errors === 'all', strict: false, inlineRefs: false })
      addFormats.default(ajv as never)
    }
    validate = ajv.compile(JSON.parse(readFileSync(packagePath('credentials', 'schemas', file), 'utf8')))
    compiled.set(id, validate)
  }
  return validate
}

export const SCHEMA_FILES = {
  achievement: 'ob_v3p0_achievementcredential_schema.json',
  clr: 'clr_v2p0_clrcredential_schema.json',
  profile: 'ob_v3p0_profile_schema.json'
} as const

/** The canonical address of each schema, for `credentialSchema` entries. */
export const SCHEMA_IDS = {
  achievement: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
  clr: 'https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json',
  profile: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_profile_schema.json'
} as const

export interface SchemaIssue { pointer: string, message: string }

/** Validates a document against one of the official schemas; an empty list means it conforms. */
export function checkAgainstSchema (kind: keyof typeof SCHEMA_FILES, document: unknown): SchemaIssue[] {
  if (validatorFor(SCHEMA_FILES[kind], 'first')(document)) return []
  const validate = validatorFor(SCHEMA_FILES[kind], 'all')
  if (validate(document)) return []
  return (validate.errors as ErrorObject[]).map((e) => ({ pointer: `#${e.instancePath}`, message: `${e.message ?? 'invalid'} (${e.keyword})` }))
}
