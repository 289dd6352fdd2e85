import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import { Problem } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { MAX_INPUT_BYTES, inputSize } from './read-input.ts'
import { verifyDepsOf } from './resolvers.ts'
import { ChecksSchema, RawJwtBody, VcApiVerifyBody, VcApiVerifyResponse, VerificationResultSchema, VerifyBody } from './schemas.ts'
import type { VerificationResult } from './types.ts'
import { toVcApiResult } from './vc-api.ts'
import { verifyCredential } from './verify.ts'
import { issuedCredentialFinder } from './audit-target.ts'
import { setAuditTarget } from '../audit/plugin.ts'

/** Room for a credential of {@link MAX_INPUT_BYTES} inside its JSON wrapper; larger bodies get 413 unread. */
export const VERIFY_BODY_LIMIT = 2 * MAX_INPUT_BYTES

const JWT_TYPE = 'application/vc+jwt'

/**
 * Runs the verifier on what a request sent; throws the problems every verify endpoint shares
 * (413 `credential-too-large`, 400 `not-a-credential`), which the verify page turns into its words.
 */
export async function verifyInput (input: unknown, deps: Parameters<typeof verifyCredential>[1]): Promise<VerificationResult> {
  if (inputSize(input) > MAX_INPUT_BYTES) {
    throw new Problem('credential-too-large', `a credential is at most ${MAX_INPUT_BYTES / 1024} KB`)
  }
  const result = await verifyCredential(input, deps)
  if (result.checks.format.status === 'failed') {
    throw new Problem('not-a-credential', `not a credential: ${result.checks.format.detail}`, undefined, { checks: result.checks })
  }
  return result
}

/**
 * {@link verifyInput} for a request, naming the credential it checked for the audit trail when it
 * is one this service issued.
 */
export function auditedVerifier (fastify: FastifyInstance) {
  const issuedCredential = issuedCredentialFinder(fastify.db, fastify.config.publicUrl)
  return async (request: FastifyRequest, input: unknown, deps: Parameters<typeof verifyCredential>[1]): Promise<VerificationResult> => {
    const result = await verifyInput(input, deps)
    const id = issuedCredential(result)
    if (id) setAuditTarget(request, id)
    return result
  }
}

/**
 * Credential verification for anyone, without an account: `POST /v1/verify` (every check on its
 * own) and the W3C VC API `POST /credentials/verify`. Both are public and rate-limited, and
 * never reach out of the service: keys and status lists are the service's own.
 */
const verificationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(ChecksSchema)
  fastify.addSchema(VerificationResultSchema)
  // a bare JWT may be posted as the whole body; text/plain is parsed as a string by Fastify already
  fastify.addContentTypeParser(JWT_TYPE, { parseAs: 'string' }, (_request, body, done) => { done(null, body) })
  const rateLimit = { max: fastify.config.rateLimitMax, timeWindow: '1 minute' }
  const depsAt = verifyDepsOf(fastify)
  const verified = auditedVerifier(fastify)

  fastify.post('/v1/verify', {
    config: { public: true, rateLimit, audit: 'verify' },
    bodyLimit: VERIFY_BODY_LIMIT,
    schema: {
      tags: ['verification'],
      summary: 'Check a credential: signature, issuer, dates, status and schema, each on its own',
      description: 'Send `{ "credential": <JWT or EnvelopedVerifiableCredential> }` as JSON, or the compact JWT itself as ' +
        `\`${JWT_TYPE}\` or \`text/plain\`. 200 whenever the input is a credential, verified or not; 400 \`not-a-credential\` ` +
        'when it cannot be read as one.',
      body: {
        content: {
          'application/json': { schema: VerifyBody },
          [JWT_TYPE]: { schema: RawJwtBody },
          'text/plain': { schema: RawJwtBody }
        }
      },
      response: { 200: Type.Ref('VerificationResult'), ...problemResponses(400, 413, 415, 429) }
    }
  }, async (request) => {
    const body = request.body as string | { credential: unknown }
    return verified(request, typeof body === 'string' ? body : body.credential, depsAt())
  })

  fastify.post('/credentials/verify', {
    config: { public: true, rateLimit, audit: 'verify' },
    bodyLimit: VERIFY_BODY_LIMIT,
    schema: {
      tags: ['verification'],
      summary: 'W3C VC API: verify a credential',
      description: 'The credential is an EnvelopedVerifiableCredential (`id: data:application/vc+jwt,<jwt>`) or a compact JWT. ' +
        'Answers the VC API `VerificationResult` with 200 whenever the input is a credential, verified or not: `verified`, ' +
        '`problemDetails` (each failed check and warning; a revoked or suspended status is a problem and makes `verified` false) ' +
        'and `results`. 400 `not-a-credential` when it cannot be read as one.',
      body: VcApiVerifyBody,
      response: { 200: VcApiVerifyResponse, ...problemResponses(400, 413, 415, 429) }
    }
  }, async (request) => {
    const { verifiableCredential, options } = request.body
    const result = await verified(request, verifiableCredential, depsAt())
    return toVcApiResult(verifiableCredential, result, options)
  })
}

export default verificationRoutes
