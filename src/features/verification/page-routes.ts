import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyError, FastifyReply } from 'fastify'
import multipart from '@fastify/multipart'
import { Type } from '@sinclair/typebox'
import { Problem } from '../../lib/problems.ts'
import { pageResponses } from '../../lib/public-page.ts'
import { FORM_FIELDS, readVerifyForm } from './page-form.ts'
import { VERIFY_TEXT, type Refusal } from './page-text.ts'
import { resultView } from './page-view.ts'
import { MAX_INPUT_BYTES } from './read-input.ts'
import { verifyDepsOf } from './resolvers.ts'
import { VERIFY_BODY_LIMIT, auditedVerifier } from './routes.ts'

/**
 * The empty form holds nothing personal, but its language follows a cookie: only the browser's
 * own cache may keep it, for a few minutes. A result holds a credential: never kept.
 */
const FORM_CACHE = 'private, max-age=300'

const PageQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 8 })) })
const FormBody = Type.Object({ [FORM_FIELDS.text]: Type.Optional(Type.String()) }, { additionalProperties: false })

/** Errors of the framework that mean the form itself was wrong, as the form page's messages. */
function refusalOf (error: FastifyError): { refusal: Refusal, status: number } | undefined {
  if (error.validation) return { refusal: 'bad-form', status: 400 }
  if (error.statusCode === 413) return { refusal: 'too-large', status: 413 }
  if (error.statusCode === 415) return { refusal: 'wrong-type', status: 415 }
  if (error.statusCode === 400) return { refusal: 'bad-form', status: 400 }
  return undefined
}

/**
 * The verify page for anyone holding a credential, without an account: `GET /verify` shows a form
 * (paste the text, or choose the .jwt or .json file); `POST /verify` runs the same verifier as
 * `POST /v1/verify` and answers with the verdict first, then each check, in plain words.
 * Bad input is the form again with a message in the page's language (4xx), never JSON or a 5xx.
 * No CSRF token: the form changes nothing and its answer goes only to whoever posted it.
 */
const verifyPageRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  // multipart for this page only; its limits end the reading of anything larger than a credential
  await fastify.register(multipart, { limits: { fileSize: MAX_INPUT_BYTES, files: 1, fields: 2, fieldSize: MAX_INPUT_BYTES } })
  const depsAt = verifyDepsOf(fastify)
  const verified = auditedVerifier(fastify)
  const config = { public: true, page: true, rateLimit: { max: fastify.config.rateLimitMax, timeWindow: '1 minute' } }

  const formPage = (reply: FastifyReply, refusal?: { refusal: Refusal, status: number }) => {
    const words = VERIFY_TEXT[reply.request.lang]
    return reply.page('verify/form', {
      title: words.title,
      words,
      fields: FORM_FIELDS,
      refusal: refusal && words.refusals[refusal.refusal]
    }, refusal ? { status: refusal.status, noindex: true } : { cache: FORM_CACHE })
  }

  // a body refused before the handler (too large, of another type, not the form's fields) is the form again with why
  fastify.setErrorHandler(async (error: FastifyError, request, reply) => {
    const refusal = request.method === 'POST' ? refusalOf(error) : undefined
    if (!refusal) throw error
    return formPage(reply, refusal)
  })

  fastify.get('/verify', {
    config,
    schema: { hide: true, tags: ['pages'], querystring: PageQuery, response: pageResponses(200, 429) }
  }, async (_request, reply) => formPage(reply))

  fastify.post('/verify', {
    config: { ...config, audit: 'verify' },
    bodyLimit: VERIFY_BODY_LIMIT,
    schema: {
      hide: true,
      tags: ['pages'],
      querystring: PageQuery,
      body: { content: { 'application/x-www-form-urlencoded': { schema: FormBody } } },
      response: pageResponses(200, 400, 413, 415, 429)
    }
  }, async (request, reply) => {
    const input = await readVerifyForm(request)
    if (input.kind === 'refused') return formPage(reply, input)
    let result
    try {
      result = await verified(request, input.text, depsAt())
    } catch (error) {
      if (error instanceof Problem && error.code === 'credential-too-large') return formPage(reply, { refusal: 'too-large', status: 413 })
      if (error instanceof Problem && error.code === 'not-a-credential') return formPage(reply, { refusal: 'not-a-credential', status: 400 })
      throw error
    }
    const words = VERIFY_TEXT[request.lang]
    return reply.page('verify/result', { title: words.resultTitle, words, ...resultView(result, request.lang) }, { noindex: true, cache: 'no-store' })
  })
}

export default verifyPageRoutes
