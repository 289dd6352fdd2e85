import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'

/** The policy of every answer: JSON and files load nothing, and no page may frame them. */
const API_POLICY = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"]
}

/**
 * The headers of answers made before any route or hook runs (a path the router refused, a request
 * Node's parser refused): the essentials of what helmet sets on every other answer.
 */
export const BARE_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store'
}

/**
 * The policy of the Swagger UI at /docs: its own scripts, styles, images and fonts (the CSS
 * embeds some as data: URLs), requests to this origin only, and no inline script anywhere. The one
 * hash is of the single inline style the Swagger UI bundle applies (checked in Chromium: the page
 * reports no violation); a newer bundle may need a new hash, which only costs that one style.
 */
export const DOCS_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/**
 * Security headers on every answer (helmet, with a strict Content-Security-Policy), and
 * `Cache-Control: no-store` on every answer of a route that takes an API key: those hold
 * participants, portfolios and credentials, which no shared or browser cache should keep.
 * Public documents (status lists, JWKS, DID documents, profiles) keep their own caching.
 */
export default fp(async function securityHeaders (fastify) {
  await fastify.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: API_POLICY },
    frameguard: { action: 'deny' }
  })
  fastify.addHook('onSend', async (request, reply) => {
    if (request.routeOptions.config?.roles) reply.header('cache-control', 'no-store')
    // what any web page may read (public keys, identities) may also be embedded from anywhere
    if (reply.getHeader('access-control-allow-origin') === '*') reply.header('cross-origin-resource-policy', 'cross-origin')
  })
}, { name: 'security-headers' })
