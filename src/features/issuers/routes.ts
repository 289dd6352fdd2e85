import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { principalOf } from '../../plugins/auth.ts'
import { forbidden, notFound, problemResponses } from '../../plugins/problems.ts'
import { isServiceAdmin, sharesRegion } from '../../lib/principal.ts'
import { createOrganisationRepository } from '../organisations/repository.ts'
import { didDocument } from './did.ts'
import type { PublishedKey } from './issuer-keys.ts'
import { PROGRAMME_ISSUER, profileDocument } from './profile.ts'
import {
  DidDocumentSchema, IssuerKeyList, IssuerKeySchema, IssuerParams, JwksSchema, ProfileSchema, PublicJwkSchema, RotateKeyBody
} from './schemas.ts'

/** Verifiers fetch these often and from anywhere, browsers included. */
const PUBLIC_DOCUMENT = { rateLimit: { max: 300, timeWindow: '1 minute' } }

function publicDocumentHeaders (reply: FastifyReply) {
  reply.header('cache-control', 'public, max-age=300')
  // public keys and identities: any web page may read them to verify a credential
  reply.header('access-control-allow-origin', '*')
}

/**
 * The issuers' public identities, without a key: the DID document each did:web resolves to, the
 * OB 3.0 Profile, and one JWKS with every issuer's keys.
 */
const issuerRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(PublicJwkSchema)
  const issuerKeys = fastify.issuerKeys

  fastify.get('/.well-known/jwks.json', {
    config: PUBLIC_DOCUMENT,
    schema: {
      tags: ['issuers'],
      summary: 'Every public key of every issuer, current and retired, as a JWK Set',
      description: 'Each key\'s `kid` is absolute (the issuer\'s DID and `#`), as in the header of what it signed.',
      response: { 200: JwksSchema, ...problemResponses(429) }
    }
  }, async (_request, reply) => {
    publicDocumentHeaders(reply)
    return issuerKeys.jwks()
  })

  fastify.get('/issuers/:issuerId/did.json', {
    config: PUBLIC_DOCUMENT,
    schema: {
      tags: ['issuers'],
      summary: 'The DID document that the issuer\'s did:web resolves to',
      description: 'Lists current and retired keys, so credentials signed before a rotation still verify.',
      params: IssuerParams,
      response: { 200: { description: 'DID document', content: { 'application/did+json': { schema: DidDocumentSchema } } }, ...problemResponses(404, 429) }
    }
  }, async (request, reply) => {
    const { issuerId } = request.params
    if (!issuerKeys.isIssuer(issuerId)) throw notFound('issuer', issuerId)
    const did = issuerKeys.didOf(issuerId)
    publicDocumentHeaders(reply)
    reply.type('application/did+json')
    return didDocument(did, issuerKeys.publicKeysOf(issuerId))
  })

  fastify.get('/issuers/:issuerId', {
    config: PUBLIC_DOCUMENT,
    schema: {
      tags: ['issuers'],
      summary: 'The issuer\'s Open Badges 3.0 Profile',
      params: IssuerParams,
      response: { 200: ProfileSchema, ...problemResponses(404, 429) }
    }
  }, async (request, reply) => {
    const profile = issuerKeys.profileOf(request.params.issuerId)
    if (!profile) throw notFound('issuer', request.params.issuerId)
    publicDocumentHeaders(reply)
    return profileDocument(profile)
  })
}
export default issuerRoutes

const toIssuerKeyView = (key: PublishedKey) => ({ ...key, status: key.retiredAt ? 'retired' as const : 'current' as const })

/** The issuers' keys for admins: list them, and rotate one. */
export const issuerAdminRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(PublicJwkSchema)
  fastify.addSchema(IssuerKeySchema)
  const issuerKeys = fastify.issuerKeys
  const organisations = createOrganisationRepository(fastify.db)

  fastify.get('/issuers/:issuerId/keys', {
    config: { roles: ['admin'] },
    schema: {
      tags: ['issuers'],
      summary: 'The issuer\'s public keys, current and retired, oldest first',
      params: IssuerParams,
      response: { 200: IssuerKeyList, ...problemResponses(401, 403, 404) }
    }
  }, async (request) => {
    const { issuerId } = request.params
    // public keys are public (JWKS, did.json), so any admin may list any issuer's
    if (!issuerKeys.isIssuer(issuerId)) throw notFound('issuer', issuerId)
    return { items: issuerKeys.publicKeysOf(issuerId).map(toIssuerKeyView) }
  })

  fastify.post('/issuers/:issuerId/keys/rotate', {
    config: { roles: ['admin'] },
    schema: {
      tags: ['issuers'],
      summary: 'Make a new signing key; the current one is retired and stays published',
      description: 'Credentials signed with a retired key keep verifying. A region admin may rotate the keys of ' +
        'organisations active in its regions; only a service admin may rotate the programme\'s.',
      params: IssuerParams,
      body: RotateKeyBody,
      response: { 201: IssuerKeySchema, ...problemResponses(400, 401, 403, 404) }
    },
    // a rotation with the default algorithm needs no body at all
    preValidation: async (request) => { request.body ??= {} }
  }, async (request, reply) => {
    const { issuerId } = request.params
    const principal = principalOf(request)
    if (issuerId === PROGRAMME_ISSUER) {
      if (!isServiceAdmin(principal)) throw forbidden('only a service admin may rotate the programme\'s keys')
    } else {
      // an organisation outside this key's regions is answered as one that does not exist
      const org = organisations.findById(issuerId)
      if (!org || !sharesRegion(principal, org.regionIds)) throw notFound('issuer', issuerId)
    }
    const key = await issuerKeys.rotate(issuerId, request.body.alg)
    request.log.info({ issuerId, kid: key.kid, alg: key.alg }, 'issuer key rotated')
    return reply.code(201).send(toIssuerKeyView(key))
  })
}
