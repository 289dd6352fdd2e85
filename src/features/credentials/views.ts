import { REVOCATION_REASONS, type RevocationReason } from '../../lib/vocabulary.ts'
import type { CredentialRow } from './repository.ts'

/** A credential as the API lists it: what it is, who issued it, and its status, without the document. */
export function credentialSummary (row: CredentialRow, publicUrl: string) {
  const doc = row.document as { id: string, name?: string, issuer: { id: string } }
  const reason = row.revocationReason as RevocationReason | null
  return {
    id: row.id,
    credentialId: doc.id,
    kind: row.kind,
    name: doc.name ?? row.kind,
    participantId: row.participantId,
    issuerId: row.issuerId,
    issuer: doc.issuer.id,
    issuedAt: row.issuedAt,
    status: {
      revoked: row.revokedAt !== null,
      revokedAt: row.revokedAt,
      reason,
      reasonText: reason ? REVOCATION_REASONS[reason] : null,
      statusListCredential: `${publicUrl}/status-lists/${row.statusListId}`,
      statusListIndex: row.statusIndex
    }
  }
}

/**
 * A credential whole: its summary, the document as signed and the JWT that secures it. An erasure
 * blanks the JWT (and keeps of the document only what it was): `jwt` is then null.
 */
export const credentialView = (row: CredentialRow, publicUrl: string) =>
  ({ ...credentialSummary(row, publicUrl), credential: row.document, jwt: row.jwt === '' ? null : row.jwt })
