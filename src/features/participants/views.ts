import type { Principal } from '../../lib/principal.ts'
import { referenceScopeOf } from '../../lib/access-policy.ts'
import type { ParticipantRepository, ParticipantRow } from './repository.ts'
import { currentConsents } from './rules.ts'
import type { Participant } from './schemas.ts'

/**
 * The participants as `principal` may see them. A provider key sees only its own organisation's
 * reference, and only the consents that are not about another named organisation (data
 * minimisation); admins and coaches see them all.
 */
export function toParticipantViews (repo: ParticipantRepository, principal: Principal, rows: ParticipantRow[]): Participant[] {
  const ids = rows.map((r) => r.id)
  const own = referenceScopeOf(principal)
  const references = repo.referencesOf(ids, own)
  const consents = repo.consentsOf(ids)
  return rows.map((row) => ({
    id: row.id,
    regionId: row.regionId,
    displayName: row.displayName,
    contact: { email: row.contactEmail, phone: row.contactPhone },
    enrolledBy: row.enrolledBy,
    references: references.get(row.id)!.map((r) => ({ organisationId: r.organisationId, reference: r.reference })),
    consents: currentConsents(consents.get(row.id)!)
      .filter((c) => own === undefined || c.organisationId === null || c.organisationId === own)
      .map((c) => ({ purpose: c.purpose, organisationId: c.organisationId, given: c.given, recordedAt: c.recordedAt })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt
  }))
}
