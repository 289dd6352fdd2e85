import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { dateInWords } from '../../lib/page-text.ts'
import { qrSvg } from '../../lib/qr.ts'
import { Problem } from '../../lib/problems.ts'
import { createPortfolioRepository } from '../portfolio/repository.ts'
import { computePortfolio } from '../portfolio/compute.ts'
import type { ParticipantRow } from '../participants/repository.ts'
import { createOutcomeRepository } from '../outcomes/repository.ts'
import { SHARE_DAYS } from '../sharing/rules.ts'
import { setAuditTarget } from '../audit/plugin.ts'
import { PARTICIPANT_TEXT } from './texts.ts'
import { buildOverview, credentialTitle, fileNameOf } from './view-model.ts'
import { readShareForm, type ShareFormError } from './share-form.ts'

const Token = Type.String({ maxLength: 100 })
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 8 })) })
const ShareFormBody = Type.Object({
  label: Type.Optional(Type.String({ maxLength: 100 })),
  scope: Type.Optional(Type.String({ maxLength: 10 })),
  credentialIds: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500 })])),
  days: Type.Optional(Type.String({ maxLength: 4 }))
}, { additionalProperties: false })

const SHARES_SHOWN = 50

/**
 * The participant's own page behind their personal link (`/p/{token}`): what they learned, their
 * credentials with downloads, their share links; making and stopping share links; the A4 sheet.
 * Forms post to `/p/{token}/...` and carry no CSRF token: the capability token in the path is the
 * secret a forging site lacks.
 */
const participantPageRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const sharing = fastify.sharing
  const credentials = fastify.issuance.repo
  const portfolios = createPortfolioRepository(fastify.db)
  const outcomes = createOutcomeRepository(fastify.db)
  const config = { public: true, page: true, rateLimit: { max: fastify.config.rateLimitMax, timeWindow: '1 minute' } }
  const pageSchema = { hide: true, tags: ['pages'] }
  const page = { noindex: true }

  const textOf = (request: FastifyRequest) => PARTICIPANT_TEXT[request.lang]

  const plainPage = (reply: FastifyReply, status: number, heading: string, paragraphs: string[], back?: string) =>
    reply.page('participant/message', { title: heading, heading, paragraphs, back, backText: textOf(reply.request).back, tone: status >= 400 ? 'warn' : 'ok' }, { status, ...page })

  /** The participant a token names, or a 404 / 410 page already sent. */
  async function participantOf (request: FastifyRequest, reply: FastifyReply, token: string): Promise<ParticipantRow | undefined> {
    return (await linkOf(request, reply, token))?.participant
  }
  /** `peek`: the coach printing the sheet is not the participant opening their page, so the link's last opening stays. */
  async function linkOf (request: FastifyRequest, reply: FastifyReply, token: string, peek = false) {
    const opened = sharing.openAccessLink(token, fastify.config.now(), !peek)
    if (opened.state === 'active') return opened
    const text = textOf(request)
    if (opened.state === 'unknown') await plainPage(reply, 404, text.unknownTitle, text.unknownText)
    else await plainPage(reply, 410, text.goneTitle, text.goneText)
    return undefined
  }

  function overviewOf (request: FastifyRequest, participant: ParticipantRow) {
    const rows = credentials.listByParticipant(participant.id)
    const pending = credentials.pendingOf(participant.id).filter((e) => e.type === 'module.completed')
      .map((e) => credentials.versionFacts(e.moduleVersionId)?.module.title ?? '')
    return buildOverview({
      lang: request.lang,
      displayName: participant.displayName,
      portfolio: computePortfolio(portfolios.readInput(participant.id)),
      credentials: rows,
      pending,
      shares: sharing.repo.sharesOf(participant.id, SHARES_SHOWN).slice(0, SHARES_SHOWN),
      outcomes: outcomes.ofParticipant(participant.id),
      canShare: sharing.hasShareConsent(participant.id),
      now: fastify.config.now()
    })
  }

  const formData = (request: FastifyRequest, token: string, participant: ParticipantRow, overview = overviewOf(request, participant)) => ({
    base: `/p/${token}`, choosable: overview.choosable, canShare: overview.canShare, dayChoices: SHARE_DAYS.choices
  })

  fastify.get('/p/:token', {
    config,
    schema: { ...pageSchema, params: Type.Object({ token: Token }), querystring: LangQuery }
  }, async (request, reply) => {
    const { token } = request.params
    const participant = await participantOf(request, reply, token)
    if (!participant) return reply
    const overview = overviewOf(request, participant)
    const text = textOf(request)
    return reply.page('participant/overview', {
      title: text.title, text, overview, form: { ...formData(request, token, participant, overview), values: { days: String(SHARE_DAYS.default) } }
    }, page)
  })

  fastify.get('/p/:token/sheet', {
    config,
    schema: { ...pageSchema, params: Type.Object({ token: Token }), querystring: LangQuery }
  }, async (request, reply) => {
    const { token } = request.params
    const opened = await linkOf(request, reply, token, true)
    if (!opened) return reply
    const participant = opened.participant
    const text = textOf(request)
    return reply.page('participant/sheet', {
      title: text.sheetTitle,
      text,
      name: participant.displayName,
      until: dateInWords(request.lang, opened.row.expiresAt),
      qrSvg: await qrSvg(sharing.accessUrl(token), text.sheetQr)
    }, page)
  })

  fastify.get('/p/:token/credentials/:file', {
    config,
    schema: { ...pageSchema, params: Type.Object({ token: Token, file: Type.String({ maxLength: 100 }) }), querystring: LangQuery }
  }, async (request, reply) => {
    const { token, file } = request.params
    const participant = await participantOf(request, reply, token)
    if (!participant) return reply
    const [, id, ext] = /^(.+)\.(jwt|json)$/.exec(file) ?? []
    const row = id ? credentials.findById(id) : undefined
    if (!row || row.participantId !== participant.id) {
      const text = textOf(request)
      return plainPage(reply, 404, text.notFoundTitle, text.notFoundText, `/p/${token}`)
    }
    const name = fileNameOf(credentialTitle(row.document).title)
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow')
      .header('content-disposition', `attachment; filename="${name}.${ext}"`)
    if (ext === 'jwt') return reply.type('application/vc+jwt').send(row.jwt)
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(row.document, null, 2))
  })

  fastify.post('/p/:token/shares', {
    config: { ...config, audit: 'share.create' },
    schema: { ...pageSchema, params: Type.Object({ token: Token }), body: ShareFormBody }
  }, async (request, reply) => {
    const { token } = request.params
    const participant = await participantOf(request, reply, token)
    if (!participant) return reply
    const text = textOf(request)
    const again = (error: ShareFormError) => reply.page('participant/share-error', {
      title: text.make,
      text,
      message: text.errors[error],
      form: { ...formData(request, token, participant), values: request.body }
    }, { status: 400, ...page })
    const read = readShareForm(request.body)
    if (!read.ok) return again(read.error)
    let made
    try {
      made = sharing.makeShare(participant.id, { ...read.input, createdBy: 'participant' })
    } catch (error) {
      if (!(error instanceof Problem)) throw error
      if (error.code === 'consent-required') return plainPage(reply, 409, text.consentTitle, [text.noConsent], `/p/${token}`)
      if (error.code === 'unknown-credential') return again('unknownCredential')
      if (error.code === 'credentials-required') return again('nothingChosen')
      throw error
    }
    setAuditTarget(request, made.share.id)
    return reply.page('participant/share-made', {
      title: text.madeTitle,
      text,
      url: made.url,
      label: made.share.label,
      until: dateInWords(request.lang, made.share.expiresAt),
      back: `/p/${token}`,
      qrSvg: await qrSvg(made.url, text.qrLabel)
    }, { status: 201, ...page })
  })

  fastify.post('/p/:token/shares/:shareId/withdraw', {
    config: { ...config, audit: 'share.withdraw' },
    schema: { ...pageSchema, params: Type.Object({ token: Token, shareId: Type.String({ maxLength: 64 }) }) }
  }, async (request, reply) => {
    const { token, shareId } = request.params
    const participant = await participantOf(request, reply, token)
    if (!participant) return reply
    if (!sharing.withdrawShare(participant.id, shareId, 'participant')) {
      const text = textOf(request)
      return plainPage(reply, 404, text.notFoundTitle, text.notFoundText, `/p/${token}`)
    }
    return reply.redirect(`/p/${token}#links`, 303)
  })
}
export default participantPageRoutes
