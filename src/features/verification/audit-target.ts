import type { Db } from '../../db/client.ts'
import { createVerificationRepository } from './repository.ts'
import { isObject, type VerificationResult } from './types.ts'

/**
 * For the audit trail: the service's own id (`crd_…`) of the credential a verification read, or
 * undefined when it is not one this service issued. Only a signature that passed counts (in the
 * service only its own issuers' keys verify), and only a status entry that points into one of the
 * service's own lists, which gives each index to one credential. Nothing of a foreign credential
 * (its id could be anything, even an e-mail address) reaches the trail.
 */
export function issuedCredentialFinder (db: Db, publicUrl: string) {
  const verification = createVerificationRepository(db)
  const listPrefix = `${publicUrl}/status-lists/`
  return (result: VerificationResult): string | undefined => {
    if (result.checks.signature.status !== 'passed') return undefined
    const status = result.credential?.credentialStatus
    if (!isObject(status) || typeof status.statusListCredential !== 'string' || !status.statusListCredential.startsWith(listPrefix)) return undefined
    const index = Number(status.statusListIndex)
    if (!Number.isSafeInteger(index)) return undefined
    return verification.credentialAtStatus(status.statusListCredential.slice(listPrefix.length), index)
  }
}
