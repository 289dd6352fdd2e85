import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

// placeholder while the feature is being written
const routes: FastifyPluginAsyncTypebox = async () => {}
export default routes
