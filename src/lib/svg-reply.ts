import type { FastifyReply } from 'fastify'

/** OpenAPI entry of a route that answers an SVG image. */
export const svgResponse = (description: string) => ({ description, content: { 'image/svg+xml': { schema: { type: 'string' } } } })

/**
 * Sends an SVG the service made or accepted: public and cacheable; its own policy forbids script
 * and outside requests even when the image is opened on its own.
 */
export function sendSvg (reply: FastifyReply, svg: string, maxAge: number) {
  return reply.type('image/svg+xml')
    .header('cache-control', `public, max-age=${maxAge}`)
    .header('access-control-allow-origin', '*')
    .header('content-security-policy', 'default-src \'none\'; style-src \'unsafe-inline\'; frame-ancestors \'none\'')
    .serializer((x: unknown) => String(x))
    .send(svg as never)
}
