import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { principalOf } from '../../plugins/auth.ts'
import { Problem, forbidden, notFound } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import type { Principal } from '../../lib/principal.ts'
import { canManageProgramme, canSeeOrganisation } from '../../lib/access-policy.ts'
import { requireVisible } from '../../lib/require-visible.ts'
import { createOrganisationRepository } from '../organisations/repository.ts'
import { didDocument } from './did.ts'
import type { PublishedKey } from './issuer-keys.ts'
import { answerPublic, publicPageResponses } from '../../lib/public-page.ts'
import { sendSvg, svgResponse } from '../../lib/svg-reply.ts'
import { defaultLogo } from './logo.ts'
import { MAX_LOGO_BYTES, checkLogo } from './logo-check.ts'
import { createSigningKeyRepository } from './repository.ts'
import { PROGRAMME_ISSUER, profileDocument, profilePage } from './profile.ts'
import {
  DidDocumentSchema, IssuerKeyList, IssuerKeySchema, IssuerParams, JwksSchema, LogoBody, LogoSchema, ProfileSchema, PublicJwkSchema, RotateKeyBody
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
  const logos = createSigningKeyRepository(fastify.db)

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
      description: 'JSON, or a page when the client prefers `text/html`: the `url` of the issuer in its credentials.',
      params: IssuerParams,
      response: publicPageResponses(ProfileSchema, 'the Profile')
    }
  }, async (request, reply) => answerPublic(request, reply, issuerKeys.profileOf(request.params.issuerId),
    { what: 'issuer', id: request.params.issuerId }, { json: profileDocument, page: profilePage }))

  fastify.get('/issuers/:issuerId/image.svg', {
    config: PUBLIC_DOCUMENT,
    schema: {
      tags: ['issuers'],
      summary: 'The issuer\'s logo: the one an admin set, or its initials on a circle of its own colour',
      params: IssuerParams,
      response: { 200: svgResponse('the logo'), ...problemResponses(404, 429) }
    }
  }, async (request, reply) => {
    const { issuerId } = request.params
    const profile = issuerKeys.profileOf(issuerId)
    if (!profile) throw notFound('issuer', issuerId)
    return sendSvg(reply, logos.logoOf(issuerId) ?? defaultLogo(issuerId, profile.name), 300)
  })
}
export default issuerRoutes

const toIssuerKeyView = (key: PublishedKey) => ({ ...key, status: key.retiredAt ? 'retired' as const : 'current' as const })

/** The issuers' keys and logos for admins: list and rotate keys, set or remove a logo. */
export const issuerAdminRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(PublicJwkSchema)
  fastify.addSchema(IssuerKeySchema)
  const issuerKeys = fastify.issuerKeys
  const organisations = createOrganisationRepository(fastify.db)
  const logos = createSigningKeyRepository(fastify.db)

  /** A region admin manages the organisations active in its regions; only a service admin the programme. */
  function manageableIssuer (principal: Principal, issuerId: string, programmeAction: string) {
    if (issuerId === PROGRAMME_ISSUER) {
      if (!canManageProgramme(principal)) throw forbidden(`only a service admin may ${programmeAction}`)
      return
    }
    // an organisation outside this key's regions is answered as one that does not exist
    const org = organisations.findById(issuerId)
    requireVisible('issuer', issuerId, org, org && canSeeOrganisation(principal, org))
  }

  const logoView = (issuerId: string, updatedAt: string | null) =>
    ({ issuerId, image: issuerKeys.profileOf(issuerId)!.image, custom: updatedAt !== null, updatedAt })

  fastify.put('/issuers/:issuerId/image', {
    config: { roles: ['admin'], audit: 'issuer.logo-set' },
    schema: {
      tags: ['issuers'],
      summary: 'Set the issuer\'s logo (SVG), shown by wallets beside its name',
      description: `The SVG is checked before it is stored: at most ${MAX_LOGO_BYTES / 1024} KB, one <svg> element, and nothing that ` +
        'runs, loads or embeds (no script, event handlers, foreignObject, DOCTYPE, or references outside the image). ' +
        'Region admins set the logos of organisations active in their regions; only a service admin the programme\'s.',
      params: IssuerParams,
      body: LogoBody,
      response: { 200: LogoSchema, ...problemResponses(400, 401, 403, 404) }
    }
  }, async (request) => {
    const { issuerId } = request.params
    manageableIssuer(principalOf(request), issuerId, 'set the programme\'s logo')
    const errors = checkLogo(request.body.svg)
    if (errors.length > 0) throw new Problem(errors[0]!.code!, `the logo is not accepted: ${errors.map((e) => e.detail).join('; ')}`, errors)
    const at = new Date().toISOString()
    logos.saveLogo(issuerId, request.body.svg.trim(), at)
    request.log.info({ issuerId }, 'issuer logo set')
    return logoView(issuerId, at)
  })

  fastify.delete('/issuers/:issuerId/image', {
    config: { roles: ['admin'], audit: 'issuer.logo-remove' },
    schema: {
      tags: ['issuers'],
      summary: 'Remove the issuer\'s own logo: the generated one (its initials) is shown again',
      params: IssuerParams,
      response: { 200: LogoSchema, ...problemResponses(401, 403, 404) }
    }
  }, async (request) => {
    const { issuerId } = request.params
    manageableIssuer(principalOf(request), issuerId, 'remove the programme\'s logo')
    logos.removeLogo(issuerId)
    return logoView(issuerId, null)
  })

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
    config: { roles: ['admin'], audit: 'issuer.key-rotate' },
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
    manageableIssuer(principalOf(request), issuerId, 'rotate the programme\'s keys')
    const key = await issuerKeys.rotate(issuerId, request.body.alg)
    request.log.info({ issuerId, kid: key.kid, alg: key.alg }, 'issuer key rotated')
    return reply.code(201).send(toIssuerKeyView(key))
  })
}
