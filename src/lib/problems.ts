import { Type } from '@sinclair/typebox'
import type { ErrorObject } from 'ajv'

/**
 * Every problem `code` the service gives, with its HTTP status and one sentence for the client:
 * the codes of problem documents, of field errors (`errors[].code`), of batch items and of CSV
 * import rows. A code has one status; `bad-request` alone carries whatever 4xx status the
 * framework gave. The OpenAPI document lists these as the `ProblemCode` schema.
 */
export const PROBLEMS = {
  // the request as a whole
  'validation-failed': { status: 400, sentence: 'A part of the request (body, query string, path or headers) does not fit its schema; `errors` names each field to fix.' },
  'missing-field': { status: 400, sentence: 'A field the schema requires is absent.' },
  'unknown-field': { status: 400, sentence: 'A field the schema does not know is present (fields are never silently dropped).' },
  'invalid-type': { status: 400, sentence: 'A field has the wrong JSON type.' },
  'invalid-format': { status: 400, sentence: 'A field is not in its format (a date, a moment, a URI, a UUID…).' },
  'malformed-json': { status: 400, sentence: 'The body is not JSON, or is empty where JSON is expected.' },
  'invalid-content-length': { status: 400, sentence: 'The Content-Length header does not match the body.' },
  'body-too-large': { status: 413, sentence: 'The body is larger than the service takes (`BODY_LIMIT`).' },
  'unsupported-media-type': { status: 415, sentence: 'The route does not take a body of this Content-Type.' },
  'bad-url-encoding': { status: 400, sentence: 'The path holds a character that is not validly percent-encoded.' },
  'path-too-long': { status: 414, sentence: 'A path segment is longer than any identifier the service uses.' },
  'headers-too-large': { status: 431, sentence: 'The request line and headers together are over Node\'s limit; a long query string counts too.' },
  'request-timeout': { status: 408, sentence: 'The request did not arrive in time.' },
  'malformed-request': { status: 400, sentence: 'The bytes are not valid HTTP/1.1; the connection is closed.' },
  'bad-request': { status: 400, sentence: 'The framework refused the request for another reason, with its own 4xx status (400 unless it said otherwise).' },
  'route-not-found': { status: 404, sentence: 'No route answers this method and path.' },
  'rate-limited': { status: 429, sentence: 'Too many requests from this client this minute; try again later.' },
  'invalid-cursor': { status: 400, sentence: 'The paging cursor is not one the service gave out.' },
  'internal-error': { status: 500, sentence: 'Something went wrong on the service\'s side; the request id finds it in the log.' },
  'database-unavailable': { status: 503, sentence: 'The database does not answer.' },
  // keys and what they may see
  unauthenticated: { status: 401, sentence: 'The route needs an API key: send `Authorization: Bearer <key>`.' },
  'invalid-api-key': { status: 401, sentence: 'The API key is unknown or revoked.' },
  'forbidden-role': { status: 403, sentence: 'The key\'s role may not use this route.' },
  forbidden: { status: 403, sentence: 'The key may use the route, but not on this: another organisation\'s or region\'s, or a service admin\'s task.' },
  'not-found': { status: 404, sentence: 'The thing named does not exist, or your key may not see it (both answer alike).' },
  'reference-required': { status: 403, sentence: 'Your organisation holds no reference for this participant yet; record one first.' },
  'data-exchange-consent-required': { status: 403, sentence: 'Your organisation did not enrol this participant, and their consent `data-exchange` for it is not given (or was withdrawn).' },
  'participant-erased': { status: 410, sentence: 'The participant\'s personal data was erased on their request; only pseudonymous records remain.' },
  // regions, organisations and their keys
  'duplicate-slug': { status: 409, sentence: 'A region with this slug exists.' },
  'duplicate-name': { status: 409, sentence: 'A region, organisation, skill or development path of this name exists.' },
  'unknown-region': { status: 400, sentence: 'The region does not exist, or is outside the key\'s or the organisation\'s regions.' },
  'role-not-for-organisation-kind': { status: 400, sentence: 'The role of the new API key does not fit the kind of organisation.' },
  // participants, references and consents
  'looks-like-bsn': { status: 400, sentence: 'The text looks like a BSN (citizen service number), which the service never stores.' },
  'unknown-organisation': { status: 400, sentence: 'The organisation does not exist or is not active in the participant\'s region.' },
  'reference-needs-organisation': { status: 400, sentence: 'A participant reference belongs to an organisation, and a service-wide admin key has none.' },
  'organisation-required': { status: 400, sentence: 'Name the organisation: the one whose reference this is, or the one a consent gives data to.' },
  'organisation-not-allowed': { status: 400, sentence: 'A consent for this purpose is not given to one organisation; leave out organisationId.' },
  'duplicate-reference': { status: 409, sentence: 'The organisation already uses this reference for another participant.' },
  'reference-exists': { status: 409, sentence: 'The organisation already has a reference for this participant.' },
  // skills and modules
  'domain-required': { status: 400, sentence: 'A basic skill needs a domain.' },
  'level-required': { status: 400, sentence: 'A basic skill needs a framework level.' },
  'invalid-level': { status: 400, sentence: 'The level does not belong to the domain\'s framework.' },
  'not-for-vocational': { status: 400, sentence: 'A vocational skill has no domain or framework level.' },
  'provider-required': { status: 400, sentence: 'An admin names the provider a module belongs to.' },
  'unknown-provider': { status: 400, sentence: 'The provider does not exist or is outside the key\'s regions.' },
  'duplicate-code': { status: 409, sentence: 'The provider already has a module with this code.' },
  'duplicate-unit-key': { status: 400, sentence: 'Two units of the module have the same key (case does not count).' },
  'unknown-skill': { status: 400, sentence: 'A skill named does not exist.' },
  'no-units': { status: 400, sentence: 'A module needs at least one unit before it is published.' },
  'kind-mismatch': { status: 400, sentence: 'The module\'s kind does not fit its skills: basic or vocational skills only, or at least one of each when combined.' },
  'nothing-to-publish': { status: 409, sentence: 'The current version is already published; change the module to make a new draft.' },
  // development paths
  'too-deep': { status: 400, sentence: 'The requirement tree nests deeper than the service allows.' },
  'n-exceeds-parts': { status: 400, sentence: 'A requirement asks for more parts than it lists.' },
  'unknown-module': { status: 400, sentence: 'A module named does not exist or has no published version.' },
  'unknown-pathway': { status: 400, sentence: 'A development path named does not exist.' },
  'invalid-requirement': { status: 400, sentence: 'The requirement has problems of more than one kind; `errors` lists each.' },
  'pathway-cycle': { status: 400, sentence: 'The development path would require itself.' },
  // completions, one by one, in batches, by xAPI and from CSV
  'participant-required': { status: 400, sentence: 'Name the participant by participantId or by participantReference; neither was given.' },
  'participant-ambiguous': { status: 400, sentence: 'Name the participant by participantId or by participantReference, not both.' },
  'date-in-future': { status: 400, sentence: 'The date is after today (in Dutch time).' },
  'date-too-early': { status: 400, sentence: 'The date is before the programme\'s era (2000).' },
  'unknown-unit': { status: 400, sentence: 'The unit does not exist, or is another provider\'s draft.' },
  'not-your-module': { status: 403, sentence: 'The unit belongs to a module of another provider.' },
  'unit-not-published': { status: 400, sentence: 'The unit belongs to a draft version; publish it first.' },
  'unknown-participant': { status: 400, sentence: 'The participant does not exist, is outside your regions, or nobody has your reference.' },
  'external-id-conflict': { status: 409, sentence: 'The externalId was used for a different completion.' },
  'batch-rejected': { status: 400, sentence: 'Items of an atomic batch have errors, so nothing was stored.' },
  'already-void': { status: 409, sentence: 'The completion was already voided.' },
  'unsupported-xapi-version': { status: 400, sentence: 'The X-Experience-API-Version header names a version the service does not speak.' },
  'invalid-statement-count': { status: 400, sentence: 'Send 1 to 1,000 xAPI statements.' },
  'unsupported-verb': { status: 400, sentence: 'The statement\'s verb is not `completed` or `passed`.' },
  'unknown-activity': { status: 400, sentence: 'The statement\'s object is not a unit activity of this service.' },
  'invalid-assessment': { status: 400, sentence: 'The statement\'s assessment extension is not a known kind of assessment.' },
  'invalid-score': { status: 400, sentence: 'A negative scaled score cannot record a completed unit.' },
  'too-many-cells': { status: 400, sentence: 'A CSV row has filled cells beyond the header\'s columns (`stapsteen import`).' },
  // credentials and issuers
  'already-revoked': { status: 409, sentence: 'The credential was already revoked.' },
  'no-credentials': { status: 409, sentence: 'The participant holds no valid credential yet to put in a portfolio credential.' },
  'logo-too-large': { status: 400, sentence: 'The logo is larger than 64 KB.' },
  'logo-not-svg': { status: 400, sentence: 'The logo is not one `<svg>` element in the SVG namespace.' },
  'logo-doctype': { status: 400, sentence: 'The logo declares a DOCTYPE or entities.' },
  'logo-processing-instruction': { status: 400, sentence: 'The logo holds a processing instruction (such as a stylesheet link).' },
  'logo-script': { status: 400, sentence: 'The logo holds a script or event handler element.' },
  'logo-event-handler': { status: 400, sentence: 'The logo holds event-handler attributes (onload, onclick…).' },
  'logo-foreign-object': { status: 400, sentence: 'The logo holds foreignObject (HTML inside SVG).' },
  'logo-embedded-content': { status: 400, sentence: 'The logo embeds other documents or media.' },
  'logo-animation': { status: 400, sentence: 'The logo changes its own attributes (set, animate).' },
  'logo-external-reference': { status: 400, sentence: 'The logo refers to something outside itself.' },
  // sharing
  'consent-required': { status: 409, sentence: 'Sharing needs the participant\'s consent `share-with-employers`.' },
  'credentials-required': { status: 400, sentence: 'A share of chosen credentials names at least one.' },
  'credentials-not-allowed': { status: 400, sentence: 'A share of everything names no credentials; use scope `chosen` to pick some.' },
  'unknown-credential': { status: 400, sentence: 'The credential is not one of this participant\'s.' },
  'unknown-employer': { status: 400, sentence: 'The organisation does not exist or is not active in the participant\'s region.' },
  'not-an-employer': { status: 400, sentence: 'The organisation is not an employer.' },
  'access-link-not-found': { status: 404, sentence: 'The participant has no personal link yet.' },
  'share-not-found': { status: 404, sentence: 'No share is known by this token or id, or it is not open to you.' },
  'share-expired': { status: 410, sentence: 'The share link has expired.' },
  'share-withdrawn': { status: 410, sentence: 'The share link was withdrawn.' },
  // outcomes
  'date-before-enrolment': { status: 400, sentence: 'The date is before the day the participant was enrolled.' },
  'unknown-outcome': { status: 400, sentence: 'The outcome named does not exist or is not this participant\'s.' },
  'not-a-job': { status: 400, sentence: 'A follow-up (`still-at-work`) names an outcome that is not a `job-started`.' },
  'job-too-recent': { status: 400, sentence: 'The job started less than the follow-up\'s months before `checkedOn`.' },
  'correction-kind-mismatch': { status: 400, sentence: 'A correction has the kind of the outcome it corrects.' },
  'no-job-to-check': { status: 409, sentence: 'A follow-up names no job, and the participant has no current job that started long enough before it; record the job first.' },
  'outcome-superseded': { status: 409, sentence: 'A newer record corrects this outcome; correct or retract that one.' },
  'outcome-retracted': { status: 409, sentence: 'The outcome was retracted; record anew instead.' },
  // figures
  'stats-period-unsupported': { status: 400, sentence: 'Figures are published for the whole programme (no `from` and `to`), a calendar year or a calendar quarter that has begun: `from` its first day, `to` its last.' },
  // verification
  'credential-too-large': { status: 413, sentence: 'A credential to verify is larger than the service takes.' },
  'not-a-credential': { status: 400, sentence: 'What was sent is not a credential the verifier can read; `checks` says why.' }
} as const satisfies Record<string, { status: number, sentence: string }>

type Catalogue = typeof PROBLEMS
/** A code of the catalogue. */
export type ProblemCode = keyof Catalogue
/** The codes whose status is `S`: `conflict` takes `CodeWithStatus<409>`. */
export type CodeWithStatus<S extends number> = { [C in ProblemCode]: Catalogue[C]['status'] extends S ? C : never }[ProblemCode]

/**
 * The field codes schema validation makes beside `missing-field` and `unknown-field`: `invalid-`
 * and the Ajv keyword that failed, in kebab case (`invalid-max-length`), all 400. Only
 * `fieldErrorsFromAjv` makes one, so a code written in the source is always a catalogue code.
 */
export const AJV_FIELD_CODES = {
  pattern: '^invalid-[a-z]+(-[a-z]+)*$',
  status: 400,
  sentence: 'A field breaks the schema keyword its code names, e.g. `invalid-enum`, `invalid-max-length`, `invalid-pattern`.'
} as const
declare const fromAjv: unique symbol
export type AjvFieldCode = `invalid-${string}` & { readonly [fromAjv]: true }
/** What a problem or a field error may carry as its `code`. */
export type Code = ProblemCode | AjvFieldCode

/** The status a code always answers with. */
export function statusOf (code: Code): number {
  return Object.hasOwn(PROBLEMS, code) ? PROBLEMS[code as ProblemCode].status : AJV_FIELD_CODES.status
}

/** A code with the status the catalogue gives it, e.g. for a batch item: `{ status: 409, code: 'external-id-conflict' }`. */
export type StatusAndCode =
  | { [C in ProblemCode]: { status: Catalogue[C]['status'], code: C } }[ProblemCode]
  | { status: typeof AJV_FIELD_CODES.status, code: AjvFieldCode }

/** One field that is wrong, located by a JSON Pointer into the request part named by `in`. */
export interface FieldError {
  pointer: string
  detail: string
  code?: Code
  in?: 'body' | 'querystring' | 'params' | 'headers'
}

/**
 * An error the client can act on. It becomes an RFC 9457 problem document with a stable `code`
 * and the status the catalogue gives that code; routes throw it and the error handler formats it.
 */
export class Problem extends Error {
  readonly status: number
  readonly code: Code
  readonly errors: FieldError[] | undefined
  /** further members of the problem document (RFC 9457 extension members) */
  readonly extensions: Record<string, unknown> | undefined

  constructor (code: Code, detail: string, errors?: FieldError[], extensions?: Record<string, unknown>) {
    super(detail)
    this.name = 'Problem'
    this.status = statusOf(code)
    this.code = code
    this.errors = errors
    this.extensions = extensions
  }
}

export const notFound = (what: string, id: string) => new Problem('not-found', `${what} ${id} does not exist`)
export const forbidden = (detail: string) => new Problem('forbidden', detail)
export const conflict = (code: CodeWithStatus<409>, detail: string, pointer?: string) =>
  new Problem(code, detail, pointer ? [{ pointer, detail, code, in: 'body' }] : undefined)
export const invalid = (code: CodeWithStatus<400>, detail: string, pointer: string) =>
  new Problem(code, detail, [{ pointer, detail, code, in: 'body' }])

export const FieldErrorSchema = Type.Object({
  pointer: Type.String({ description: 'JSON Pointer (RFC 6901, URI fragment form) to the field' }),
  detail: Type.String(),
  code: Type.Optional(Type.String()),
  in: Type.Optional(Type.String())
})

export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  code: Type.String({ description: 'stable, machine-readable reason' }),
  detail: Type.String(),
  instance: Type.Optional(Type.String()),
  requestId: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(FieldErrorSchema))
}, { $id: 'Problem', additionalProperties: true, title: 'Problem details (RFC 9457)' })

/** The codes `fieldErrorsFromAjv` gives. */
export type SchemaFieldCode = 'missing-field' | 'unknown-field' | AjvFieldCode

function pointerOf (error: ErrorObject): { pointer: string, code: SchemaFieldCode } {
  const base = `#${error.instancePath}`
  switch (error.keyword) {
    case 'required':
      return { pointer: `${base}/${error.params.missingProperty as string}`, code: 'missing-field' }
    case 'additionalProperties':
      return { pointer: `${base}/${error.params.additionalProperty as string}`, code: 'unknown-field' }
    case 'discriminator': {
      // the tag of a tagged oneOf is missing, not a string, or names no branch: an error about the tag's field
      const value: unknown = error.params.tagValue
      const code = value === undefined ? 'missing-field' : typeof value === 'string' ? 'invalid-enum' : 'invalid-type'
      return { pointer: `${base}/${error.params.tag as string}`, code: code as SchemaFieldCode }
    }
    default:
      return { pointer: base, code: `invalid-${error.keyword.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}` as AjvFieldCode }
  }
}

/** Turns Ajv errors into field errors, one per field and reason, without Ajv's noise. */
export function fieldErrorsFromAjv (errors: ErrorObject[], part: FieldError['in']): Array<FieldError & { code: SchemaFieldCode }> {
  const seen = new Set<string>()
  const out: Array<FieldError & { code: SchemaFieldCode }> = []
  for (const error of errors) {
    // anyOf/oneOf say only "must match a schema"; the branch errors before them say why
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf' || error.keyword === 'if') continue
    const { pointer, code } = pointerOf(error)
    const detail = error.keyword === 'enum'
      ? `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`
      : error.keyword === 'additionalProperties'
        ? 'is not a known field'
        : error.keyword === 'required' ? 'is required' : (error.message ?? 'is not valid')
    const key = `${pointer} ${code}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ pointer, detail, code, in: part })
  }
  return out
}
