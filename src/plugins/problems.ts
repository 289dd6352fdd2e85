import fp from 'fastify-plugin'
import { Type } from '@sinclair/typebox'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorObject } from 'ajv'
import { AJV_FIELD_CODES, PROBLEMS, Problem, ProblemSchema, fieldErrorsFromAjv, type FieldError, type ProblemCode } from '../lib/problems.ts'

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

/** Fastify's own errors, by their code. */
const FASTIFY_CODES: Record<string, ProblemCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid-content-length'
}

/** Answers with the problem document, with the catalogue's status unless the framework gave another (`bad-request`). */
export function sendProblem (request: FastifyRequest, reply: FastifyReply, problem: Problem, status = problem.status) {
  // pages for people (the participant's, the employer's, the verify page) answer errors with a page
  if (request.routeOptions.config?.page) return reply.problemPage(status)
  const { code, errors } = problem
  const body = {
    ...problem.extensions,
    type: `urn:stapsteen:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail: problem.message,
    instance: request.url,
    requestId: String(request.id),
    ...(errors && errors.length > 0 ? { errors } : {})
  }
  return reply.code(status).type('application/problem+json').send(body)
}

/** The catalogue as a schema for the OpenAPI document: every code, and a table of their statuses and sentences. */
function problemCodeSchema () {
  const rows = Object.entries(PROBLEMS).map(([code, { status, sentence }]) => `| \`${code}\` | ${status} | ${sentence} |`)
  rows.push(`| \`invalid-{keyword}\` | ${AJV_FIELD_CODES.status} | ${AJV_FIELD_CODES.sentence} |`)
  return {
    type: 'string',
    description: 'The stable, machine-readable reason of a problem or of one of its field errors (`src/lib/problems.ts`).\n\n' +
      `| code | status | meaning |\n|---|---|---|\n${rows.join('\n')}`,
    anyOf: [{ enum: Object.keys(PROBLEMS) }, { pattern: AJV_FIELD_CODES.pattern }]
  }
}

interface ProblemDocumentSchema { properties: { code: unknown, errors: { items: { properties: { code: unknown } } } } }

/**
 * The OpenAPI document with the catalogue: the `code` of a problem and of its field errors refer
 * to a `ProblemCode` schema that lists every code. Only the document says so: the Problem schema
 * the routes serialize with keeps a plain string, since fast-json-stringify would check every
 * answer against the `anyOf`.
 */
export function withProblemCodes<T extends { components?: { schemas?: Record<string, unknown> } }> (document: T): T {
  const problem = structuredClone(document.components?.schemas?.Problem) as ProblemDocumentSchema
  const code = { $ref: '#/components/schemas/ProblemCode' }
  problem.properties.code = code
  problem.properties.errors.items.properties.code = code
  const schemas = { ...document.components?.schemas, Problem: problem, ProblemCode: problemCodeSchema() }
  return { ...document, components: { ...document.components, schemas } }
}

/** Every error leaves as `application/problem+json`; 5xx details stay in the log. */
export default fp(async function problems (fastify) {
  fastify.addSchema(ProblemSchema)

  fastify.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, new Problem('route-not-found', `no route for ${request.method} ${request.url.split('?')[0]}`)))

  fastify.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    if (error instanceof Problem) return sendProblem(request, reply, error)
    if (error.validation) {
      const part = (error.validationContext ?? 'body') as FieldError['in']
      const errors = fieldErrorsFromAjv(error.validation as ErrorObject[], part)
      return sendProblem(request, reply, new Problem('validation-failed', `the request ${part} is not valid: ${errors.length} field(s) to fix`, errors))
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined
    if (known) return sendProblem(request, reply, new Problem(known, error.message))
    const status = error.statusCode ?? 500
    if (status === 429) return sendProblem(request, reply, new Problem('rate-limited', error.message))
    if (status >= 400 && status < 500) {
      return sendProblem(request, reply, new Problem('bad-request', error.message), status)
    }
    request.log.error({ err: error }, 'unhandled error')
    return sendProblem(request, reply, new Problem('internal-error', 'something went wrong on our side; the request id identifies it in the log'))
  })
}, { name: 'problems' })
