import type { AccessLinkRow, ShareRow } from './repository.ts'
import { linkState } from './rules.ts'
import type { AccessLink, Share } from './schemas.ts'

/** A personal link as the API shows it: its dates and state, never its token or hash. */
export function accessLinkView (row: AccessLinkRow, now: Date): AccessLink {
  const state = linkState(row, now)
  return {
    id: row.id,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastOpenedAt: row.lastOpenedAt,
    state: state === 'withdrawn' ? 'revoked' : state
  }
}

/** A share link as the API shows it: its scope, dates, state and views, never its token or hash. */
export function shareView (row: ShareRow, now: Date): Share {
  return {
    id: row.id,
    scope: row.scope,
    credentialIds: row.credentialIds,
    label: row.label,
    employerId: row.employerId,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    state: linkState(row, now),
    viewCount: row.viewCount,
    lastViewedAt: row.lastViewedAt,
    withdrawnAt: row.withdrawnAt,
    withdrawnReason: row.withdrawnReason
  }
}
