import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../../db/client.ts'
import { createPortfolioRepository } from '../portfolio/repository.ts'
import { newId } from '../../lib/ids.ts'
import type { RevocationReason } from '../../lib/vocabulary.ts'
import { PROGRAMME_ISSUER, type IssuerProfile } from '../issuers/profile.ts'
import { createOutbox } from '../outbox/outbox.ts'
import type { QueuedEvent } from '../outbox/events.ts'
import type { StatusEntry } from './documents.ts'
import { buildClrCredential } from './clr.ts'
import { hashedName, subjectIdOf } from './identity.ts'
import { createIssuancePlanner, type Draft } from './planning.ts'
import { createCredentialQueue } from './queue.ts'
import { createCredentialRepository, type CredentialRow, type NewCredentialRow } from './repository.ts'
import { serialiseCredential, signClaims, type SigningKey } from './sign.ts'
import { createSliceScheduler } from './slices.ts'

/** How background issuance shares the event loop with requests (see slices.ts). */
export const ISSUANCE_SHARE = { sliceMs: 5, busyIntervalMs: 50, pollMs: 10 } as const

/** Events per chunk when someone awaits the outbox: each chunk is one transaction before signing and one after. */
const URGENT_CHUNK = 200
/** In the background a chunk's transactions must also fit in a slice; this is the most it takes. */
const BACKGROUND_CHUNK_MAX = 64

export interface IssuanceDeps {
  db: Db
  publicUrl: string
  log: FastifyBaseLogger
  signingKey: (issuerId: string) => Promise<SigningKey>
  /** the OB Profile of an issuer, as embedded in its credentials */
  profileOf: (issuerId: string) => IssuerProfile | undefined
  /** a status entry for each credential id, in order; synchronous, so it joins the caller's transaction */
  allocateStatuses: (issuerId: string, credentialIds: readonly string[]) => StatusAllocation[]
  setRevoked: (listId: string, index: number) => boolean
  /** true while requests are being answered: background issuance then takes a small share */
  busy?: () => boolean
  /** the clock the issuance dates are read from; the wall clock unless given */
  now?: () => Date
}

interface StatusAllocation { listId: string, index: number, entry: StatusEntry }

/** A draft with what is allocated for it in the database: its id, its status entry, and the participant's name. */
interface Allocated {
  draft: Draft
  id: string
  status: StatusAllocation
  name: string
}

const toSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z')

/**
 * Issues and revokes credentials from the outbox (features/outbox) of events that completions and
 * corrections leave in the same transaction as themselves. Each credential is signed once and
 * stored as signed.
 *
 * Events are taken in order, in chunks, on one path: one transaction gathers the facts of the
 * chunk's participants and decides by the rules of completeness.ts what the chunk issues and
 * revokes (planning.ts), and (once the issuers' keys are at hand) another allocates the status indexes; the
 * documents are then made and signed one after another; a last transaction stores the
 * credentials and marks the events handled. A stop or crash between
 * the two leaves the events in the outbox (they are handled again, and a credential is never made
 * twice since a valid one is looked for first) and some status indexes unused, which is harmless:
 * indexes are never reused. A correction (`completion.voided`) is handled in a chunk of its own,
 * so that it sees everything issued before it.
 *
 * `schedule()` works through the outbox in the background, in slices that leave room for
 * requests (see `ISSUANCE_SHARE`); `drain()` works at full speed until the outbox is empty.
 */
export function createIssuance (deps: IssuanceDeps) {
  const repo = createCredentialRepository(deps.db)
  const outbox = createOutbox(deps.db)
  const portfolios = createPortfolioRepository(deps.db)
  const tx = <T>(fn: () => T) => deps.db.$client.transaction(fn)()
  const slices = createSliceScheduler({ ...ISSUANCE_SHARE, busy: deps.busy ?? (() => false) })
  const now = deps.now ?? (() => new Date())
  let running: Promise<void> | undefined
  let stopped = false
  /**
   * What the transactions of a chunk cost per event, measured, so that background chunks fit a
   * slice: it starts high, follows a dearer chunk at once and a cheaper one slowly.
   */
  let msPerEvent = 1

  /** An id, a status entry and the participant's name for each draft, in the caller's transaction. */
  function allocate (drafts: readonly Draft[]): Allocated[] {
    const ids = drafts.map(() => newId('crd'))
    const statuses = new Array<StatusAllocation>(drafts.length)
    const byIssuer = new Map<string, number[]>()
    drafts.forEach((d, i) => { byIssuer.set(d.issuerId, [...(byIssuer.get(d.issuerId) ?? []), i]) })
    for (const [issuerId, positions] of byIssuer) {
      deps.allocateStatuses(issuerId, positions.map((i) => ids[i]!)).forEach((status, k) => { statuses[positions[k]!] = status })
    }
    return drafts.map((draft, i) => ({ draft, id: ids[i]!, status: statuses[i]!, name: repo.displayNameOf(draft.participantId)! }))
  }

  /**
   * The key each issuer of the drafts signs with now, read once for all of them: a rotation counts
   * from the next chunk on. Read before any status index is allocated, so that an issuer that
   * cannot sign (its private key is gone) costs none.
   */
  async function signingKeys (drafts: readonly Draft[]): Promise<Map<string, SigningKey>> {
    const issuers = [...new Set(drafts.map((d) => d.issuerId))]
    return new Map(await Promise.all(issuers.map(async (issuerId) => [issuerId, await deps.signingKey(issuerId)] as const)))
  }

  /**
   * Makes and signs the credentials, one after another, outside any transaction. A document is
   * serialised as soon as it is made: from then on a credential is two strings, the JSON to store
   * and the claims to sign. `pace` runs between signatures.
   */
  async function sign (credentials: readonly Allocated[], keys: Map<string, SigningKey>, pace?: () => Promise<void>): Promise<NewCredentialRow[]> {
    const profiles = new Map<string, IssuerProfile>()
    const rows: NewCredentialRow[] = []
    for (const { draft: d, id, status, name } of credentials) {
      const issuer = profiles.get(d.issuerId) ?? deps.profileOf(d.issuerId)!
      profiles.set(d.issuerId, issuer)
      const issuedAt = toSeconds(now())
      const { document, claims } = serialiseCredential(d.build({
        id: `urn:uuid:${randomUUID()}`,
        issuer,
        issuedAt,
        subject: { id: subjectIdOf(d.participantId), identity: hashedName(name) },
        status: status.entry
      }) as Parameters<typeof serialiseCredential>[0])
      const jwt = await signClaims(claims, keys.get(d.issuerId)!)
      rows.push({ id, participantId: d.participantId, issuerId: d.issuerId, kind: d.kind, subjectRef: d.subjectRef, document, jwt, statusListId: status.listId, statusIndex: status.index, issuedAt })
      if (pace) await pace()
    }
    return rows
  }

  /** Sets the status bit and marks the row, in one transaction. Permanent. */
  function revoke (row: CredentialRow, reason: RevocationReason): CredentialRow {
    const at = now().toISOString()
    tx(() => {
      deps.setRevoked(row.statusListId, row.statusIndex)
      repo.markRevoked(row.id, reason, at)
    })
    return { ...row, revokedAt: at, revocationReason: reason }
  }
  const { plan, revokeVoided, undoneByLaterVoid } = createIssuancePlanner({ repo, outbox, portfolios, publicUrl: deps.publicUrl, revoke })

  /** The next events in order, as many as the pace allows; a correction ends the chunk before it, or is one alone. */
  function nextChunk (): QueuedEvent[] {
    const limit = slices.urgent()
      ? URGENT_CHUNK
      : Math.max(1, Math.min(BACKGROUND_CHUNK_MAX, Math.floor(ISSUANCE_SHARE.sliceMs / 2 / msPerEvent)))
    const events = outbox.next(limit)
    const correction = events.findIndex((e) => e.type === 'completion.voided')
    return correction === -1 ? events : events.slice(0, Math.max(correction, 1))
  }

  async function handleChunk (events: QueuedEvent[]) {
    let t0 = performance.now()
    const drafts = tx(() => plan(events))
    let syncMs = performance.now() - t0
    const keys = await signingKeys(drafts)
    t0 = performance.now()
    const allocated = tx(() => allocate(drafts))
    syncMs += performance.now() - t0
    const rows = await sign(allocated, keys, slices.checkpoint)
    t0 = performance.now()
    tx(() => {
      // a participant erased while the chunk was signed gets nothing: what was signed for them is dropped
      for (const row of rows) if (!undoneByLaterVoid(row, events) && !repo.isErased(row.participantId)) repo.insert(row)
      outbox.markHandled(events.map((e) => e.id), now().toISOString())
    })
    syncMs += performance.now() - t0
    const measured = syncMs / events.length
    msPerEvent = Math.max(measured, 0.8 * msPerEvent + 0.2 * measured)
  }

  /** Works through the outbox until it is empty; the outbox is read again after every chunk. */
  async function run () {
    try {
      // never inside the caller: what is pending runs first, and a busy service keeps its share
      await slices.turn()
      for (;;) {
        if (stopped) return
        const events = nextChunk()
        if (events.length === 0) return
        await handleChunk(events)
        await slices.checkpoint()
      }
    } catch (err) {
      // the events stay unhandled and are tried again on the next drain
      deps.log.error({ err }, 'credential issuance failed')
    } finally {
      running = undefined
    }
  }

  /** Resolves once the outbox is empty, working at full speed meanwhile. */
  async function drain (): Promise<void> {
    if (stopped) return running
    const release = slices.hurry()
    try {
      await (running ??= run())
    } finally {
      release()
    }
  }

  /**
   * A CLR 2.0 portfolio credential holding the participant's valid achievement credentials, as
   * they are now: what the outbox still holds for the participant is not waited for. When one of
   * them is revoked while it is signed (a void), it is made again from what is then valid.
   */
  async function issuePortfolio (participantId: string, attempts = 3): Promise<CredentialRow | undefined> {
    const held = repo.validOfParticipant(participantId, ['module', 'pathway'])
    if (held.length === 0) return undefined
    const draft: Draft = {
      kind: 'portfolio',
      issuerId: PROGRAMME_ISSUER,
      participantId,
      subjectRef: participantId,
      build: (ctx) => buildClrCredential({ ...ctx, credentials: held })
    }
    const keys = await signingKeys([draft])
    const [clr] = await sign(tx(() => allocate([draft])), keys)
    const stored = tx(() => {
      if (repo.isErased(participantId)) return 'erased'
      if (held.some((c) => repo.findById(c.id)?.revokedAt !== null)) return false
      repo.insert(clr!)
      return true
    })
    if (stored === 'erased') return undefined
    if (!stored) return attempts > 1 ? issuePortfolio(participantId, attempts - 1) : undefined
    return repo.findById(clr!.id)
  }

  return {
    /** Queues, in the transaction that records a completion, the credential it makes due (see queue.ts). */
    completionRecorded: createCredentialQueue(repo, outbox).completionRecorded,
    drain,
    /** Starts working through the outbox in the background, if it is not already. */
    schedule: () => { if (!stopped) running ??= run() },
    /** Finishes the chunk in hand, at full speed, and stops; what is still queued is issued at the next start. */
    async stop () {
      stopped = true
      slices.stop()
      await running
    },
    revoke,
    revokeVoided,
    /**
     * A CLR 2.0 portfolio credential holding the participant's valid achievement credentials, as
     * they are now: what the outbox still holds for the participant is not waited for.
     */
    issuePortfolio,
    repo
  }
}
export type Issuance = ReturnType<typeof createIssuance>
