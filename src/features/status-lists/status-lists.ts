import { SignJWT, type CryptoKey, type KeyObject } from 'jose'
import type { Db } from '../../db/client.ts'
import { randomToken } from '../../lib/ids.ts'
import { issuerDid } from '../issuers/did.ts'
import { chooseStatusIndex, listCapacity } from './allocator.ts'
import { MIN_STATUS_LIST_BITS, createStatusBitstring, encodeStatusList, getStatusBit, setStatusBit } from './bitstring.ts'
import {
  STATUS_PURPOSE, buildStatusListCredential, buildStatusListEntry, statusListUrl, type BitstringStatusListEntry
} from './list-credential.ts'
import { createStatusListRepository } from './repository.ts'

/** What the status lists need of the issuers' keys: the key an issuer signs with now. */
export interface IssuerSigningKeys {
  signingKey: (issuerId: string) => Promise<{ kid: string, alg: string, privateKey: CryptoKey | KeyObject | Uint8Array }>
}

export interface StatusAllocation {
  listId: string
  index: number
  /** the credential's `credentialStatus` */
  entry: BitstringStatusListEntry
}

export interface SignedStatusList {
  jwt: string
  /** the list version the JWT shows; it changes whenever a bit does */
  version: number
}

/** A list id carries no time, so it says nothing of when the list, or its entries, began. */
const newListId = () => `sl_${randomToken(20)}`

/**
 * Revocation lists per issuer (W3C Bitstring Status List v1.0), on the database.
 *
 * What a reviewer must trust:
 * - an index is handed out once and never again: it is drawn at random and kept only when
 *   `status_entries` does not hold it yet, and the entry is written in the same transaction
 *   (`unique (list_id, status_index)` backs this up); see allocator.ts for the random draw;
 * - a list belongs to one issuer, and its credential is signed by that issuer's current key, so a
 *   verifier finds the same issuer on a credential and on its list;
 * - every change to the bits bumps `version`; the signed list is remade exactly when
 *   `version > signedVersion`, and otherwise served as stored, so it is never stale and never
 *   re-signed for nothing.
 *
 * `allocate`, `allocateMany` and `revoke` are synchronous so that callers can run them inside
 * their own better-sqlite3 transaction (they nest as savepoints).
 */
export function createStatusLists (db: Db, issuerKeys: IssuerSigningKeys, publicUrl: string, clock: () => Date = () => new Date()) {
  const repo = createStatusListRepository(db)
  const signing = new Map<string, Promise<SignedStatusList>>()

  function openListFor (issuerId: string): { id: string, size: number, used: number } {
    const open = repo.findOpenList(issuerId, listCapacity(MIN_STATUS_LIST_BITS))
    if (open) return open
    const id = newListId()
    repo.insertList({
      id,
      issuerId,
      purpose: STATUS_PURPOSE,
      size: MIN_STATUS_LIST_BITS,
      used: 0,
      bits: Buffer.from(createStatusBitstring(MIN_STATUS_LIST_BITS)),
      version: 1,
      signedVersion: null,
      signedJwt: null,
      createdAt: clock().toISOString()
    })
    return { id, size: MIN_STATUS_LIST_BITS, used: 0 }
  }

  /** Signs the list as it is now. Bits and version are read together, so the JWT matches its version. */
  async function signList (listId: string, issuerId: string): Promise<SignedStatusList> {
    const row = repo.findBits(listId)
    if (!row) throw new Error(`status list ${listId} vanished while being signed`)
    const listUrl = statusListUrl(publicUrl, listId)
    const did = issuerDid(publicUrl, issuerId)
    const now = new Date(Math.floor(clock().getTime() / 1000) * 1000)
    const credential = buildStatusListCredential({ listUrl, issuer: did, encodedList: encodeStatusList(row.bits), validFrom: now })
    const key = await issuerKeys.signingKey(issuerId)
    const jwt = await new SignJWT({ ...credential })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setIssuer(did)
      .setJti(listUrl)
      .setIssuedAt(now)
      .setNotBefore(now)
      .sign(key.privateKey)
    if (repo.storeSigned(listId, row.version, jwt)) return { jwt, version: row.version }
    // another signer stored this version (or a newer one) first: serve what is stored
    const stored = repo.findSignedState(listId)
    return stored?.signedJwt && stored.signedVersion !== null
      ? { jwt: stored.signedJwt, version: stored.signedVersion }
      : { jwt, version: row.version }
  }

  /**
   * Fresh, random indexes for `credentialIds`, in order, in the issuer's open revocation list (a
   * new list is opened whenever one reaches its capacity), each with its `credentialStatus` entry.
   * One transaction for all of them.
   */
  function allocateMany (issuerId: string, credentialIds: readonly string[]): StatusAllocation[] {
    if (credentialIds.length === 0) return []
    return repo.transaction(() => {
      const out: StatusAllocation[] = []
      let list = openListFor(issuerId)
      let listUrl = statusListUrl(publicUrl, list.id)
      let added = 0
      for (const credentialId of credentialIds) {
        if (list.used + added >= listCapacity(list.size)) {
          // counted first, so that the full list is no longer the open one
          repo.countUse(list.id, added)
          list = openListFor(issuerId)
          listUrl = statusListUrl(publicUrl, list.id)
          added = 0
        }
        const { id: listId, size } = list
        const index = chooseStatusIndex(size, (i) => repo.isIndexTaken(listId, i))
        repo.insertEntry(listId, index, credentialId)
        added++
        out.push({ listId, index, entry: buildStatusListEntry(listUrl, index) })
      }
      repo.countUse(list.id, added)
      return out
    })
  }

  /**
   * A fresh, random index for `credentialId` in the issuer's open revocation list (a new list
   * is opened when the last one reached its capacity), and the `credentialStatus` entry for it.
   */
  function allocate (issuerId: string, credentialId: string): StatusAllocation {
    return allocateMany(issuerId, [credentialId])[0]!
  }

  /** Sets the revocation bit. False when it was set already; throws for an unknown list. */
  function revoke (listId: string, index: number): boolean {
    return repo.transaction(() => {
      const row = repo.findBits(listId)
      if (!row) throw new RangeError(`status list ${listId} does not exist`)
      const bits = new Uint8Array(row.bits)
      if (!setStatusBit(bits, index)) return false
      repo.writeBits(listId, bits)
      return true
    })
  }

  /** Whether the revocation bit is set; throws for an unknown list or an index outside it. */
  function isRevoked (listId: string, index: number): boolean {
    const row = repo.findBits(listId)
    if (!row) throw new RangeError(`status list ${listId} does not exist`)
    return getStatusBit(row.bits, index)
  }

  /** The list's current version (undefined for an unknown list), without reading its bits. */
  function version (listId: string): number | undefined {
    return repo.findSignedState(listId)?.version
  }

  /**
   * The list credential as a compact JWT and the version it shows; undefined for an unknown
   * list. Signed only when the list changed since it was last signed; concurrent calls for the
   * same version share one signing.
   */
  async function currentSignedList (listId: string): Promise<SignedStatusList | undefined> {
    const state = repo.findSignedState(listId)
    if (!state) return undefined
    if (state.signedJwt !== null && state.signedVersion !== null && state.signedVersion >= state.version) {
      return { jwt: state.signedJwt, version: state.signedVersion }
    }
    const key = `${listId}@${state.version}`
    let pending = signing.get(key)
    if (!pending) {
      pending = signList(listId, state.issuerId).finally(() => signing.delete(key))
      signing.set(key, pending)
    }
    return pending
  }

  /** The list credential as a compact JWT, signed by its issuer; undefined for an unknown list. */
  async function signedList (listId: string): Promise<string | undefined> {
    return (await currentSignedList(listId))?.jwt
  }

  return { allocate, allocateMany, revoke, isRevoked, version, currentSignedList, signedList }
}
export type StatusLists = ReturnType<typeof createStatusLists>
