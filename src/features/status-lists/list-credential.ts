/**
 * The `BitstringStatusListCredential` (W3C Bitstring Status List v1.0 §2.2) that publishes one
 * list: pure, no I/O. It is secured as a JWT by the service (see status-lists.ts).
 */

export const STATUS_PURPOSE = 'revocation'

export interface BitstringStatusListCredential {
  '@context': ['https://www.w3.org/ns/credentials/v2']
  id: string
  type: ['VerifiableCredential', 'BitstringStatusListCredential']
  issuer: string
  validFrom: string
  credentialSubject: {
    id: string
    type: 'BitstringStatusList'
    statusPurpose: typeof STATUS_PURPOSE
    encodedList: string
  }
}

/** What a credential carries as `credentialStatus` to point at its index in a list. */
export interface BitstringStatusListEntry {
  id: string
  type: 'BitstringStatusListEntry'
  statusPurpose: typeof STATUS_PURPOSE
  /** a decimal integer, as a string (the specification's form) */
  statusListIndex: string
  statusListCredential: string
}

/** The public URL of a list: both the list credential's `id` and where it is served. */
export function statusListUrl (publicUrl: string, listId: string): string {
  return `${publicUrl}/status-lists/${encodeURIComponent(listId)}`
}

/** The `credentialStatus` entry for `index` in the list at `listUrl`. */
export function buildStatusListEntry (listUrl: string, index: number): BitstringStatusListEntry {
  return {
    id: `${listUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: STATUS_PURPOSE,
    statusListIndex: String(index),
    statusListCredential: listUrl
  }
}

/**
 * The list credential. `issuer` must be the DID of the issuer whose credentials point at this
 * list, since a verifier checks that both have the same issuer; `encodedList` comes from
 * `encodeStatusList`.
 */
export function buildStatusListCredential (input: {
  listUrl: string
  issuer: string
  encodedList: string
  validFrom: Date
}): BitstringStatusListCredential {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: input.listUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: input.validFrom.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    credentialSubject: {
      id: `${input.listUrl}#list`,
      type: 'BitstringStatusList',
      statusPurpose: STATUS_PURPOSE,
      encodedList: input.encodedList
    }
  }
}
