import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { DOCS_POLICY } from './security-headers.ts'
import { withProblemCodes } from './problems.ts'

export const OPENAPI_INFO = {
  title: 'Stapsteen API',
  version: '1.0.0',
  description: 'Learning portfolio and skills credentials for the LLO Collectief: modules and units, ' +
    'completions, portfolios, verifiable credentials. Errors are RFC 9457 problem documents with a stable `code`.'
}

/** The OpenAPI document is built from the routes' own schemas; Swagger UI serves it at /docs. */
export default fp(async function openapi (fastify, opts: { publicUrl: string }) {
  await fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: OPENAPI_INFO,
      servers: [{ url: opts.publicUrl }],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'an API key, made by an admin or with `stapsteen keys create`' }
        }
      },
      tags: [
        { name: 'service', description: 'health and documentation' },
        { name: 'access', description: 'regions, organisations and API keys' },
        { name: 'audit', description: 'the hash-chained audit trail of writes, verifications and share views (admins)' },
        { name: 'catalogue', description: 'skills and modules' },
        { name: 'pathways', description: 'sector development paths (ontwikkelpaden)' },
        { name: 'credentials', description: 'Open Badges 3.0 and CLR 2.0 credentials: read, download, revoke' },
        { name: 'completions', description: 'completed units: one, in bulk, by xAPI; corrections' },
        { name: 'participants', description: 'participants (deelnemers), their references and consents' },
        { name: 'privacy', description: 'a participant\'s rights over their data: the export of everything held (access, portability) and erasure' },
        { name: 'outcomes', description: 'what happened after learning: a job started, still at work at 3, 6 and 12 months, further education' },
        { name: 'portfolio', description: 'the combined portfolio of vocational and basic skills' },
        { name: 'issuers', description: 'issuer identities and keys (did:web, JWKS)' },
        { name: 'status', description: 'Bitstring Status Lists' },
        { name: 'verification', description: 'check a credential: anyone, no account' },
        { name: 'achievements', description: 'what credentials point at: achievements, badge images, framework levels, qualifications, skills (JSON, or a page for a browser)' },
        { name: 'sharing', description: 'personal links and share links: made by coaches and participants, read by employers' }
      ]
    },
    transformObject: (documents) => 'openapiObject' in documents ? withProblemCodes(documents.openapiObject) : documents.swaggerObject,
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (json.$id as string | undefined) ?? `def-${i}`
    }
  })
  await fastify.register(swaggerUi, {
    routePrefix: '/docs',
    // no request to the public validator: the page talks to this service only
    uiConfig: { docExpansion: 'list', deepLinking: true, validatorUrl: null },
    staticCSP: DOCS_POLICY
  })
  fastify.get('/openapi.json', { schema: { hide: true } }, async () => fastify.swagger())
}, { name: 'openapi', dependencies: ['problems'] })
