import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { Problem } from '../../lib/problems.ts'
import { problemResponses } from '../../plugins/problems.ts'
import { qrSvg } from '../../lib/qr.ts'
import { actorOf } from '../audit/plugin.ts'
import type { Opened } from '../sharing/service.ts'
import type { ShareRow } from '../sharing/repository.ts'
import { portfolioDocument, shareChecker } from './checked-share.ts'
import { PageQuery, SharedPortfolioSchema, TokenParams } from './schemas.ts'
import { SHARE_TEXT } from './text.ts'
import { sharePageModel } from './view-model.ts'

const STILL_VALID = 'The credentials themselves may still be valid: ask the person for a new link, or check a credential file at /verify.'

/** The problem for a share link that does not open: unknown (404), expired or withdrawn (410). */
export function closedShareProblem (opened: Exclude<Opened<ShareRow>, { state: 'active' }>): Problem {
  if (opened.state === 'unknown') return new Problem('share-not-found', 'no share link is known by this token')
  const expired = opened.state === 'expired'
  return new Problem(expired ? 'share-expired' : 'share-withdrawn', `this share link has ${expired ? 'expired' : 'been withdrawn'}. ${STILL_VALID}`)
}

/**
 * The employer's side of a share link, public and without an account: the page `/s/{token}` and
 * its JSON `/s/{token}/portfolio.json`. Each credential is verified live on every view; every view
 * is recorded (when and how, never from where).
 */
const sharePageRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addSchema(SharedPortfolioSchema)
  const rateLimit = { max: fastify.config.rateLimitMax, timeWindow: '1 minute' }
  const check = shareChecker(fastify)

  fastify.get('/s/:token', {
    config: { public: true, page: true, rateLimit },
    schema: { hide: true, tags: ['sharing'], params: TokenParams, querystring: PageQuery }
  }, async (request, reply) => {
    const words = SHARE_TEXT[request.lang]
    const now = fastify.config.now()
    const opened = fastify.sharing.openShare(request.params.token, now)
    if (opened.state === 'unknown') {
      return reply.page('share/closed', { title: words.unknownTitle, heading: words.unknownHeading, paragraphs: words.unknown, tone: 'warn' }, { status: 404, noindex: true })
    }
    if (opened.state !== 'active') {
      const heading = opened.state === 'expired' ? words.expiredHeading : words.withdrawnHeading
      return reply.page('share/closed', { title: words.goneTitle, heading, paragraphs: words.gone, tone: 'warn', verifyLink: words.verifyPage }, { status: 410, noindex: true })
    }
    fastify.sharing.repo.recordView(opened.row.id, now.toISOString(), 'page', actorOf(request))
    const model = sharePageModel(await check(opened.row, opened.participant, now), request.lang)
    const url = fastify.sharing.shareUrl(request.params.token)
    return reply.page('share/page', {
      ...model,
      jsonHref: `/s/${encodeURIComponent(request.params.token)}/portfolio.json`,
      qrSvg: await qrSvg(url, words.qrLabel)
    }, { noindex: true })
  })

  fastify.get('/s/:token/portfolio.json', {
    config: { public: true, rateLimit },
    schema: {
      tags: ['sharing'],
      summary: 'A shared portfolio as JSON: the signed credentials, each verified just now',
      description: 'For an employer\'s software, without an account: the token of a share link gives the participant\'s ' +
        'display name, the share\'s dates and every credential it shows as its VC-JWT, with the outcome of the same check as ' +
        'POST /v1/verify made for this answer (`verified`, and one `verdict` word). The JWTs are the credentials themselves: ' +
        'keep them and verify them again at any time, here or with any VC-JWT verifier. Each answer is recorded as a view ' +
        '(time only). 404 `share-not-found` for an unknown token; 410 `share-expired` or `share-withdrawn` when the link no ' +
        'longer works, which says nothing about the credentials themselves.',
      params: TokenParams,
      response: { 200: Type.Ref('SharedPortfolio'), ...problemResponses(404, 410, 429) }
    }
  }, async (request, reply) => {
    const now = fastify.config.now()
    const opened = fastify.sharing.openShare(request.params.token, now)
    if (opened.state !== 'active') throw closedShareProblem(opened)
    fastify.sharing.repo.recordView(opened.row.id, now.toISOString(), 'json', actorOf(request))
    const doc = portfolioDocument(await check(opened.row, opened.participant, now))
    return reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow').send(doc)
  })
}
export default sharePageRoutes
