import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { PROBLEMS, Problem, type ProblemCode } from '../lib/problems.ts'
import { sendProblem } from './problems.ts'
import { BARE_HEADERS } from './security-headers.ts'

/** Errors raised by the router before any route runs, as problems with a stable code. */
const ROUTER_ERRORS: Record<string, [ProblemCode, string]> = {
  FST_ERR_BAD_URL: ['bad-url-encoding', 'the path holds a character that is not validly percent-encoded'],
  FST_ERR_MAX_PARAM_LENGTH: ['path-too-long', 'a part of the path is longer than any identifier the service uses']
}

/**
 * Fastify's `frameworkErrors` option: bad percent-encoding and over-long path segments answer
 * like every other error, as `application/problem+json`.
 */
export function frameworkErrors (error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const [code, detail] = ROUTER_ERRORS[error.code] ?? ['bad-request', 'the request could not be routed']
  reply.headers(BARE_HEADERS)
  return sendProblem(request, reply, new Problem(code, detail))
}

/** What Node's HTTP parser refused, by its error code: the problem code and its detail. */
const CLIENT_ERRORS: Record<string, [ProblemCode, string]> = {
  HPE_HEADER_OVERFLOW: ['headers-too-large', 'the request line and headers together are too large; a long query string counts too'],
  ERR_HTTP_REQUEST_TIMEOUT: ['request-timeout', 'the request did not arrive in time']
}
const MALFORMED: [ProblemCode, string] = ['malformed-request', 'the request is not valid HTTP/1.1']

/**
 * Fastify's `clientErrorHandler`: the parser refused the request before Fastify saw it (malformed
 * HTTP, headers or request line over Node's limit), so the problem document is written to the
 * socket directly, and the connection closed.
 */
export function clientErrorHandler (error: Error & { code?: string }, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [code, detail] = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED
  const status = PROBLEMS[code].status
  const body = JSON.stringify({ type: `urn:stapsteen:problem:${code}`, title: STATUS_CODES[status], status, code, detail })
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/problem+json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      Object.entries(BARE_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`).join('') +
      `Connection: close\r\n\r\n${body}`)
  }
  socket.destroy(error)
}
