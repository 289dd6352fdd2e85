import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../../db/client.ts'
import { frameworkOf } from '../catalogue/levels.ts'
import { computePortfolio } from '../portfolio/compute.ts'
import { createPortfolioRepository } from '../portfolio/repository.ts'
import { newId } from '../../lib/ids.ts'
import { PROGRAMME_ISSUER, type IssuerProfile } from '../issuers/profile.ts'
import { buildModuleCredential, buildPathwayCredential, type StatusEntry } from './documents.ts'
import { buildClrCredential } from './clr.ts'
import { hashedName, subjectIdOf } from './identity.ts'
import { createCredentialRepository, type CredentialKind, type CredentialRow, type EventRow } from './repository.ts'
import { signCredential, type SigningKey } from './sign.ts'

/** Reasons a credential is revoked; shown to whoever verifies it later. */
export const REVOCATION_REASONS = {
  'issued-in-error': 'uitgegeven door een vergissing',
  'completion-voided': 'een onderliggende afronding is gecorrigeerd',
  'requirements-no-longer-met': 'de eisen worden niet meer gehaald',
  'participant-request': 'op verzoek van de deelnemer ingetrokken',
  fraud: 'ingetrokken wegens fraude',
  superseded: 'vervangen door een nieuwer credential'
} as const
export type RevocationReason = keyof typeof REVOCATION_REASONS

export interface IssuanceDeps {
  db: Db
  publicUrl: string
  log: FastifyBaseLogger
  signingKey: (issuerId: string) => Promise<SigningKey>
  /** the OB Profile of an issuer, as embedded in its credentials */
  profileOf: (issuerId: string) => IssuerProfile | undefined
  allocateStatus: (issuerId: string, credentialId: string) => { listId: string, index: number, entry: StatusEntry }
  setRevoked: (listId: string, index: number) => boolean
}

/**
 * Issues and revokes credentials from the outbox of events that completions and corrections
 * leave in the same transaction as themselves. `schedule()` starts a drain in the background;
 * `drain()` waits for it. Each credential is signed once and stored as signed.
 */
export function createIssuance (deps: IssuanceDeps) {
  const repo = createCredentialRepository(deps.db)
  const portfolios = createPortfolioRepository(deps.db)
  const tx = <T>(fn: () => T) => deps.db.$client.transaction(fn)()
  let running: Promise<void> | undefined
  let again = false
  let stopped = false

  async function issue (kind: CredentialKind, issuerId: string, participantId: string, subjectRef: string,
    build: (ctx: { id: string, issuer: IssuerProfile, issuedAt: string, subject: { id: string, identity: ReturnType<typeof hashedName> }, status: StatusEntry }) => Record<string, unknown>): Promise<CredentialRow> {
    const participant = repo.participant(participantId)!
    const id = newId('crd')
    const status = tx(() => deps.allocateStatus(issuerId, id))
    const document = build({
      id: `urn:uuid:${randomUUID()}`,
      issuer: deps.profileOf(issuerId)!,
      issuedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      subject: { id: subjectIdOf(participantId), identity: hashedName(participant.displayName) },
      status: status.entry
    })
    const jwt = await signCredential(document as Parameters<typeof signCredential>[0], await deps.signingKey(issuerId))
    const row = { id, participantId, issuerId, kind, subjectRef, document, jwt, statusListId: status.listId, statusIndex: status.index, issuedAt: document.validFrom as string, revokedAt: null, revocationReason: null }
    repo.insert(row)
    return row
  }

  /** Sets the status bit and marks the row, in one transaction. Permanent. */
  function revoke (row: CredentialRow, reason: RevocationReason): CredentialRow {
    const at = new Date().toISOString()
    tx(() => {
      deps.setRevoked(row.statusListId, row.statusIndex)
      repo.markRevoked(row.id, reason, at)
    })
    return { ...row, revokedAt: at, revocationReason: reason }
  }

  async function issueModule (participantId: string, moduleVersionId: string) {
    if (repo.findValid(participantId, 'module', moduleVersionId) || !repo.isVersionComplete(participantId, moduleVersionId)) return
    const facts = repo.moduleCredentialFacts(participantId, moduleVersionId)
    const v = facts.version
    await issue('module', facts.providerId, participantId, moduleVersionId, (ctx) => buildModuleCredential({
      ...ctx,
      publicUrl: deps.publicUrl,
      module: { moduleId: v.moduleId, version: v.version, title: v.title, description: v.description, kind: v.kind, hours: v.hours, nlqfLevel: v.nlqfLevel, eqfLevel: v.eqfLevel, crebo: v.crebo, workProcess: v.workProcess, learningOutcomes: v.learningOutcomes },
      skills: facts.skills.map((s) => ({ ...s, framework: s.domain && s.level ? frameworkOf(s.domain, s.level) ?? null : null })),
      units: facts.units.map(({ unit, completion: c }) => ({
        key: unit.key,
        title: unit.title,
        completedOn: c!.completedOn,
        assessment: c!.assessment,
        hostCompany: c!.hostCompany ?? null,
        workplaceAttestation: c!.workplaceAttestation ?? null,
        evidenceUrl: c!.evidenceUrl,
        result: c!.result ?? null
      }))
    }))
  }

  /** Issues a path credential for every path now met, and revokes those no longer met. */
  async function settlePathways (participantId: string) {
    const portfolio = computePortfolio(portfolios.readInput(participantId))
    const metBy = [
      ...portfolio.modules.filter((m) => m.status === 'complete').map((m) => `${m.title} (${m.providerName}, ${m.completedOn})`),
      ...portfolio.basicSkills.map((g) => `${g.domain === 'language' ? 'taal' : g.domain === 'numeracy' ? 'rekenen' : 'digitaal'} op ${g.highestLevel}`)
    ]
    for (const p of portfolio.pathways) {
      const valid = repo.findValid(participantId, 'pathway', p.pathwayId)
      if (valid && !p.met) revoke(valid, 'requirements-no-longer-met')
      if (!valid && p.met) {
        await issue('pathway', PROGRAMME_ISSUER, participantId, p.pathwayId, (ctx) => buildPathwayCredential({
          ...ctx, publicUrl: deps.publicUrl, pathway: { id: p.pathwayId, name: p.name, sector: p.sector, description: null }, metBy
        }))
      }
    }
  }

  async function handle (event: EventRow) {
    const payload = event.payload as { participantId: string, moduleVersionId: string }
    if (event.type === 'completion.voided') {
      // what depended on the voided completion is revoked; where the achievement still holds, it is issued anew
      const module = repo.findValid(payload.participantId, 'module', payload.moduleVersionId)
      if (module) {
        revoke(module, 'completion-voided')
        for (const clr of repo.validOfParticipant(payload.participantId, ['portfolio'])) revoke(clr, 'completion-voided')
      }
    }
    if (event.type === 'module.completed' || event.type === 'completion.voided') {
      await issueModule(payload.participantId, payload.moduleVersionId)
      await settlePathways(payload.participantId)
    }
  }

  /**
   * Takes events 100 at a time. Events of one participant run in order (a path credential depends
   * on what was issued before it); different participants run side by side, so signatures overlap.
   */
  async function drainOnce () {
    for (;;) {
      const events = stopped ? [] : repo.unhandledEvents(100)
      if (events.length === 0) return
      const byParticipant = new Map<string, EventRow[]>()
      for (const event of events) {
        const key = (event.payload as { participantId: string }).participantId
        byParticipant.set(key, [...(byParticipant.get(key) ?? []), event])
      }
      await Promise.all([...byParticipant.values()].map(async (queue) => {
        for (const event of queue) {
          if (stopped) return
          await handle(event)
          repo.markHandled(event.id, new Date().toISOString())
        }
      }))
    }
  }

  function drain (): Promise<void> {
    if (running) { again = true; return running }
    running = (async () => {
      try {
        do { again = false; await drainOnce() } while (again)
      } catch (err) {
        // the event stays unhandled and is tried again on the next drain
        deps.log.error({ err }, 'credential issuance failed')
      } finally {
        running = undefined
      }
    })()
    return running
  }

  return {
    drain,
    schedule: () => { drain().catch(() => {}) },
    /** Finishes the event in hand and stops; what is still queued is issued at the next start. */
    async stop () {
      stopped = true
      await running
    },
    revoke,
    /** A CLR 2.0 portfolio credential holding the participant's valid achievement credentials. */
    async issuePortfolio (participantId: string): Promise<CredentialRow | undefined> {
      await drain()
      const held = repo.validOfParticipant(participantId, ['module', 'pathway'])
      if (held.length === 0) return undefined
      return issue('portfolio', PROGRAMME_ISSUER, participantId, participantId, (ctx) =>
        buildClrCredential({ ...ctx, credentials: held.map((c) => c.document) }))
    },
    repo
  }
}
export type Issuance = ReturnType<typeof createIssuance>
