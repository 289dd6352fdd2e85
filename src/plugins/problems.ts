import fp from 'fastify-plugin'
import { Type } from '@sinclair/typebox'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorObject } from 'ajv'

/** One field that is wrong, located by a JSON Pointer into the request part named by `in`. */
export interface FieldError {
  pointer: string
  detail: string
  code?: string
  in?: 'body' | 'querystring' | 'params' | 'headers'
}

/**
 * An error the client can act on. It becomes an RFC 9457 problem document with a stable `code`;
 * routes throw it and the error handler formats it.
 */
export class Problem extends Error {
  readonly status: number
  readonly code: string
  readonly errors: FieldError[] | undefined
  /** further members of the problem document (RFC 9457 extension members) */
  readonly extensions: Record<string, unknown> | undefined

  constructor (status: number, code: string, detail: string, errors?: FieldError[], extensions?: Record<string, unknown>) {
    super(detail)
    this.name = 'Problem'
    this.status = status
    this.code = code
    this.errors = errors
    this.extensions = extensions
  }
}

export const notFound = (what: string, id: string) => new Problem(404, 'not-found', `${what} ${id} does not exist`)
export const forbidden = (detail: string) => new Problem(403, 'forbidden', detail)
export const conflict = (code: string, detail: string, pointer?: string) =>
  new Problem(409, code, detail, pointer ? [{ pointer, detail, code, in: 'body' }] : undefined)
export const invalid = (code: string, detail: string, pointer: string) =>
  new Problem(400, code, detail, [{ pointer, detail, code, in: 'body' }])

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

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable'
}

/** One object per status, so that every route's entry is the same schema (its serializer is built once). */
const problemEntries = new Map<number, unknown>()

/** Response entries for the problem statuses a route can answer with, for its schema. */
export function problemResponses (...statuses: number[]) {
  const out: Record<number, unknown> = {}
  for (const status of statuses) {
    let entry = problemEntries.get(status)
    if (!entry) {
      entry = { description: TITLES[status] ?? 'Problem', content: { 'application/problem+json': { schema: Type.Ref('Problem') } } }
      problemEntries.set(status, entry)
    }
    out[status] = entry
  }
  return out
}

function pointerOf (error: ErrorObject): { pointer: string, code: string } {
  const base = `#${error.instancePath}`
  switch (error.keyword) {
    case 'required':
      return { pointer: `${base}/${error.params.missingProperty as string}`, code: 'missing-field' }
    case 'additionalProperties':
      return { pointer: `${base}/${error.params.additionalProperty as string}`, code: 'unknown-field' }
    default:
      return { pointer: base, code: `invalid-${error.keyword.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}` }
  }
}

/** Turns Ajv errors into field errors, one per field and reason, without Ajv's noise. */
export function fieldErrorsFromAjv (errors: ErrorObject[], part: FieldError['in']): FieldError[] {
  const seen = new Set<string>()
  const out: FieldError[] = []
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

const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed-json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'malformed-json'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body-too-large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported-media-type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid-content-length']
}

export function sendProblem (request: FastifyRequest, reply: FastifyReply, status: number, code: string, detail: string, errors?: FieldError[], extensions?: Record<string, unknown>) {
  // pages for people (the participant's, the employer's, the verify page) answer errors with a page
  if (request.routeOptions.config?.page) return reply.problemPage(status)
  const body = {
    ...extensions,
    type: `urn:stapsteen:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    instance: request.url,
    requestId: String(request.id),
    ...(errors && errors.length > 0 ? { errors } : {})
  }
  return reply.code(status).type('application/problem+json').send(body)
}

/** Every error leaves as `application/problem+json`; 5xx details stay in the log. */
export default fp(async function problems (fastify) {
  fastify.addSchema(ProblemSchema)

  fastify.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, 404, 'route-not-found', `no route for ${request.method} ${request.url.split('?')[0]}`))

  fastify.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    if (error instanceof Problem) {
      return sendProblem(request, reply, error.status, error.code, error.message, error.errors, error.extensions)
    }
    if (error.validation) {
      const part = (error.validationContext ?? 'body') as FieldError['in']
      const errors = fieldErrorsFromAjv(error.validation as ErrorObject[], part)
      return sendProblem(request, reply, 400, 'validation-failed', `the request ${part} is not valid: ${errors.length} field(s) to fix`, errors)
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined
    if (known) return sendProblem(request, reply, known[0], known[1], error.message)
    const status = error.statusCode ?? 500
    if (status === 429) return sendProblem(request, reply, 429, 'rate-limited', error.message)
    if (status >= 400 && status < 500) {
      return sendProblem(request, reply, status, 'bad-request', error.message)
    }
    request.log.error({ err: error }, 'unhandled error')
    return sendProblem(request, reply, 500, 'internal-error', 'something went wrong on our side; the request id identifies it in the log')
  })
}, { name: 'problems' })
