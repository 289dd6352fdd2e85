import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from '@sinclair/typebox'
import { decodeJwt } from 'jose'
import { notFound } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { StatusListCredentialSchema, StatusListJwtSchema, StatusListParams } from './schemas.ts'

const JWT_TYPE = 'application/vc+jwt'

/** JSON only when asked for and the JWT is not asked for too; the signed list is the default. */
function wantsJson (request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? ''
  return /application\/(json|vc)\s*(;|,|$)/.test(accept) && !/application\/(vc\+)?jwt/.test(accept)
}

/** A strong validator per list version and representation (RFC 9110 §8.8.3). */
const etagOf = (version: number, json: boolean) => json ? `"${version}-json"` : `"${version}"`

function matches (ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t === etag || t === `W/${etag}`
  })
}

/**
 * The published status lists: public, cacheable for a minute, with the list version as ETag so
 * that verifiers revalidate with a 304 until a bit changes.
 */
const statusListRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(StatusListCredentialSchema)
  const lists = fastify.statusLists

  fastify.get('/status-lists/:listId', {
    // Bitstring Status List: an issuer should not learn who checks a credential, so fetches are logged without the client
    config: { public: true, logClient: false, rateLimit: { max: 600, timeWindow: '1 minute' } },
    schema: {
      tags: ['status'],
      summary: 'A revocation list (BitstringStatusListCredential), signed by its issuer',
      description: `The compact JWS (\`${JWT_TYPE}\`) by default; the unsecured credential with \`Accept: application/json\`. ` +
        'The ETag is the list version; `If-None-Match` answers 304 while no status changed.',
      params: StatusListParams,
      response: {
        200: {
          description: 'the list credential',
          content: {
            [JWT_TYPE]: { schema: StatusListJwtSchema },
            'application/json': { schema: Type.Ref('BitstringStatusListCredential') }
          }
        },
        304: { description: 'Not Modified: the list is unchanged since the ETag given', type: 'null' },
        ...problemResponses(404, 429)
      }
    }
  }, async (request, reply) => {
    const { listId } = request.params
    const json = wantsJson(request)
    const current = lists.version(listId)
    if (current === undefined) throw notFound('status list', listId)
    reply.header('cache-control', 'public, max-age=60').header('vary', 'accept')
    if (matches(request.headers['if-none-match'], etagOf(current, json))) {
      return reply.code(304).header('etag', etagOf(current, json)).send()
    }
    const signed = await lists.currentSignedList(listId)
    if (!signed) throw notFound('status list', listId)
    reply.header('etag', etagOf(signed.version, json))
    if (!json) return reply.type(JWT_TYPE).send(signed.jwt)
    // the payload is the credential plus JWT claims; the JSON view is the credential alone
    const { iss: _iss, jti: _jti, nbf: _nbf, iat: _iat, ...credential } = decodeJwt(signed.jwt)
    return reply.type('application/json').send(credential)
  })
}
export default statusListRoutes
