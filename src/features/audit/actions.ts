import type { AuditAction, AuditRole, AuditTargetType } from '../../lib/vocabulary.ts'

/**
 * What each audit action is about and where the target's id comes from:
 * - `{ param }`: the route's path parameter of that name (checked at start-up);
 * - `answer`: the `id` of the JSON answer (what a create made);
 * - `handler`: only what the handler names with `setAuditTarget` (else none);
 * - `none`: no single target (a batch, an import), only its type.
 * A handler's `setAuditTarget` always wins, e.g. where an answer is a page.
 */
export interface ActionSpec {
  target: AuditTargetType
  id: { param: string } | 'answer' | 'handler' | 'none'
  /** who acts where no API key is given: the participant on their own page, or anyone */
  keyless?: Extract<AuditRole, 'participant' | 'public'>
  /**
   * A read (a verification), written with the events around it within a few milliseconds rather
   * than before its answer: the same trade as share views, to keep public reads cheap.
   */
  deferred?: true
}

const param = (name: string) => ({ param: name })

export const ACTION_SPECS: Record<AuditAction, ActionSpec> = {
  'region.create': { target: 'region', id: 'answer' },
  'organisation.create': { target: 'organisation', id: 'answer' },
  'organisation.update': { target: 'organisation', id: param('organisationId') },
  'api-key.create': { target: 'api-key', id: 'answer' },
  'api-key.revoke': { target: 'api-key', id: param('keyId') },
  'skill.create': { target: 'skill', id: 'answer' },
  'module.create': { target: 'module', id: 'answer' },
  'module.update': { target: 'module', id: param('moduleId') },
  'module.publish': { target: 'module', id: param('moduleId') },
  'pathway.create': { target: 'pathway', id: 'answer' },
  'pathway.update': { target: 'pathway', id: param('pathwayId') },
  'participant.create': { target: 'participant', id: 'answer' },
  'participant.update': { target: 'participant', id: param('participantId') },
  'participant.export': { target: 'participant', id: param('participantId') },
  'participant.erase': { target: 'participant', id: param('participantId') },
  'reference.create': { target: 'participant', id: param('participantId') },
  'consent.record': { target: 'participant', id: param('participantId') },
  'outcome.record': { target: 'outcome', id: 'answer' },
  'outcome.retract': { target: 'outcome', id: param('outcomeId') },
  'completion.record': { target: 'completion', id: 'answer' },
  'completion.record-batch': { target: 'completion', id: 'none' },
  'completion.record-xapi': { target: 'completion', id: 'none' },
  'completion.import': { target: 'completion', id: 'none' },
  'completion.void': { target: 'completion', id: param('completionId') },
  'credential.revoke': { target: 'credential', id: param('credentialId') },
  // the research export: the figures of a period, of no one region in particular
  'stats.export': { target: 'region', id: 'none' },
  'credential.issue-portfolio': { target: 'credential', id: 'answer' },
  'issuer.logo-set': { target: 'issuer', id: param('issuerId') },
  'issuer.logo-remove': { target: 'issuer', id: param('issuerId') },
  'issuer.key-rotate': { target: 'issuer', id: param('issuerId') },
  'access-link.create': { target: 'access-link', id: 'answer' },
  'access-link.revoke': { target: 'participant', id: param('participantId') },
  'share.create': { target: 'share', id: 'answer', keyless: 'participant' },
  'share.withdraw': { target: 'share', id: param('shareId'), keyless: 'participant' },
  'share.view': { target: 'share', id: 'handler', keyless: 'public' },
  verify: { target: 'credential', id: 'handler', keyless: 'public', deferred: true }
}

/**
 * Why a route may not carry `action` as it is declared, or undefined when it may: the action must
 * be known, and a target named by a path parameter must be one of the route's.
 */
export function actionProblem (action: unknown, url: string): string | undefined {
  if (typeof action !== 'string' || !Object.hasOwn(ACTION_SPECS, action)) return `declares no audit action (config.audit), or an unknown one: ${String(action)}`
  const { id } = ACTION_SPECS[action as AuditAction]
  if (typeof id === 'object' && !url.split('/').includes(`:${id.param}`)) return `has audit action ${action}, whose target is the path parameter ${id.param}, which the route does not have`
  return undefined
}
