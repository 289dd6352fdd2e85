/** Pure rules for personal links and share links: no Fastify, no database. */

const DAY_MS = 24 * 3600 * 1000

/** A personal link holds for a year unless a coach picks otherwise; a new one replaces it sooner. */
export const ACCESS_LINK_DAYS = { default: 365, max: 730 } as const
/** A share link holds for 30 days unless the participant or coach picks otherwise. */
export const SHARE_DAYS = { default: 30, max: 365, choices: [7, 30, 90] } as const

export const expiryAfter = (from: Date, days: number): string => new Date(from.getTime() + days * DAY_MS).toISOString()

export type LinkState = 'active' | 'expired' | 'withdrawn'

/** Whether a link still opens: not withdrawn (or revoked), and its expiry not reached. */
export function linkState (link: { expiresAt: string, withdrawnAt?: string | null, revokedAt?: string | null }, now: Date): LinkState {
  if (link.withdrawnAt || link.revokedAt) return 'withdrawn'
  return link.expiresAt <= now.toISOString() ? 'expired' : 'active'
}
