import { computePortfolio, type PortfolioPathway } from '../portfolio/compute.ts'
import type { PortfolioRepository } from '../portfolio/repository.ts'
import { PROGRAMME_ISSUER, type IssuerProfile } from '../issuers/profile.ts'
import type { Outbox } from '../outbox/outbox.ts'
import type { QueuedEvent } from '../outbox/events.ts'
import { alignedSkill } from './alignments.ts'
import { newestComplete, pathwayCredentialChanges } from './completeness.ts'
import { buildModuleAchievement, buildModuleCredential, buildPathwayCredential, type ModuleAchievement, type StatusEntry } from './documents.ts'
import type { hashedName } from './identity.ts'
import type { RevocationReason } from '../../lib/vocabulary.ts'
import type { CredentialKind, CredentialRepository, CredentialRow, NewCredentialRow } from './repository.ts'

export interface BuildContext {
  id: string
  issuer: IssuerProfile
  issuedAt: string
  subject: { id: string, identity: ReturnType<typeof hashedName> }
  status: StatusEntry
}

/** A credential decided on: who issues it, to whom, about what, and how its document is made. */
export interface Draft {
  kind: CredentialKind
  issuerId: string
  participantId: string
  subjectRef: string
  build: (ctx: BuildContext) => Record<string, unknown>
}

export interface PlannerDeps {
  repo: CredentialRepository
  outbox: Outbox
  portfolios: PortfolioRepository
  publicUrl: string
  /** sets the status bit and marks the row, in the caller's transaction */
  revoke: (row: CredentialRow, reason: RevocationReason) => CredentialRow
}

/**
 * What the issuer issues and revokes for the outbox's events: decided inside the caller's
 * transaction, from the participant's completions and credentials as they stand; the documents
 * are built later, once status entries are allocated.
 */
export function createIssuancePlanner ({ repo, outbox, portfolios, publicUrl, revoke }: PlannerDeps) {
  /**
   * The module credential the participant has earned and does not hold yet, if any.
   * `achievements` holds the achievements made for the chunk: one per version and issuer,
   * shared by the documents that name it.
   */
  function moduleDraft (participantId: string, moduleVersionId: string, achievements: Map<string, ModuleAchievement>): Draft | undefined {
    if (repo.hasValid(participantId, 'module', moduleVersionId)) return undefined
    const version = repo.versionFacts(moduleVersionId)
    const units = version && repo.unitEvidence(participantId, version)
    if (!version || !units) return undefined
    const skills = version.skills.map(alignedSkill)
    return {
      kind: 'module',
      issuerId: version.providerId,
      participantId,
      subjectRef: moduleVersionId,
      build: (ctx) => {
        const key = `${moduleVersionId} ${ctx.issuer.id} ${ctx.issuer.name}`
        let achievement = achievements.get(key)
        if (!achievement) {
          achievement = buildModuleAchievement({ issuer: ctx.issuer, module: version.module, skills, units: version.units, publicUrl })
          achievements.set(key, achievement)
        }
        return buildModuleCredential({ ...ctx, publicUrl, module: version.module, skills, units, achievement })
      }
    }
  }

  /**
   * Revokes, in the caller's transaction, what rested on a voided completion of the unit: the
   * module credentials of every version that holds the unit (`completion-voided`), the path credentials whose requirements are no
   * longer met (a path may rest on the unit's skills alone), and, when either went, every
   * portfolio credential holding them (`completion-voided`). The void runs this in its own
   * transaction, so no verifier sees these credentials pass once the void is answered; issuing
   * anew is left to the outbox.
   */
  function revokeVoided (participantId: string, unitId: string): void {
    // a unit's completions count in every version of the module that keeps its identity
    const revoked = repo.validHoldingUnit(participantId, unitId).map((module) => revoke(module, 'completion-voided'))
    const pathways = portfolios.readPathways()
    if (pathways.length > 0) settlePathways(participantId, pathways, revoked)
    if (revoked.length === 0) return
    for (const clr of repo.validOfParticipant(participantId, ['portfolio'])) revoke(clr, 'completion-voided')
  }

  /**
   * Revokes the path credentials whose requirements are no longer met (adding them to `revoked`
   * when given); drafts one for every path newly met.
   */
  function settlePathways (participantId: string, pathways: readonly PortfolioPathway[], revoked?: CredentialRow[]): Draft[] {
    const portfolio = computePortfolio(portfolios.readInput(participantId, pathways))
    const held = new Set(portfolio.pathways.filter((p) => repo.hasValid(participantId, 'pathway', p.pathwayId)).map((p) => p.pathwayId))
    const { due, lapsed } = pathwayCredentialChanges(portfolio.pathways, held)
    for (const p of lapsed) {
      const valid = repo.findValid(participantId, 'pathway', p.pathwayId)
      if (valid) revoked?.push(revoke(valid, 'requirements-no-longer-met'))
    }
    if (due.length === 0) return []
    const metBy = [
      ...portfolio.modules.filter((m) => m.status === 'complete').map((m) => `${m.title} (${m.providerName}, ${m.completedOn})`),
      ...portfolio.basicSkills.map((g) => `${g.domain === 'language' ? 'taal' : g.domain === 'numeracy' ? 'rekenen' : 'digitaal'} op ${g.highestLevel}`)
    ]
    return due.map((p): Draft => {
      const pathway = { id: p.pathwayId, name: p.name, sector: p.sector, description: repo.pathwayDescription(p.pathwayId) }
      return {
        kind: 'pathway',
        issuerId: PROGRAMME_ISSUER,
        participantId,
        subjectRef: p.pathwayId,
        build: (ctx) => buildPathwayCredential({
          ...ctx, publicUrl, pathway, metBy
        })
      }
    })
  }

  /**
   * What a chunk of events issues, and the revocations it makes on the way (in the caller's
   * transaction). Development paths are settled once per participant, after the modules: they
   * follow from the participant's completions, which are the same for every event of the chunk.
   */
  function plan (events: readonly QueuedEvent[]): Draft[] {
    const drafts: Draft[] = []
    const drafted = new Set<string>()
    const participants = new Set<string>()
    const achievements = new Map<string, ModuleAchievement>()
    for (const event of events) {
      const { participantId } = event
      let { moduleVersionId } = event
      if (event.type === 'completion.voided') {
        // what depended on the voided completion was revoked with the void; where the module is
        // still complete (in this version or an earlier one), its newest complete version is issued anew
        revokeVoided(participantId, event.unitId)
        const named = repo.versionFacts(moduleVersionId)
        const progress = named && repo.progressOf(participantId, named.module.moduleId)
        const complete = progress && newestComplete(progress.named, progress.done)
        if (!complete) { participants.add(participantId); continue }
        moduleVersionId = complete.moduleVersionId
      }
      participants.add(participantId)
      const subject = `${participantId}/${moduleVersionId}`
      const draft = drafted.has(subject) ? undefined : moduleDraft(participantId, moduleVersionId, achievements)
      if (draft) { drafts.push(draft); drafted.add(subject) }
    }
    // without development paths there is nothing to settle
    const pathways = participants.size > 0 ? portfolios.readPathways() : []
    if (pathways.length > 0) for (const participantId of participants) drafts.push(...settlePathways(participantId, pathways))
    return drafts
  }

  /**
   * Whether a completion was voided, after the chunk was planned, that the credential may rest
   * on: a module credential of any version of that module, or any path credential of the participant. The void
   * revoked what was stored then, but this one was being signed; it is dropped (its status index
   * stays unused), and the void's own event issues it anew where the achievement still holds.
   */
  function undoneByLaterVoid (row: NewCredentialRow, chunk: readonly QueuedEvent[]): boolean {
    const voids = outbox.pendingOf(row.participantId).filter((e) => e.type === 'completion.voided' && !chunk.some((c) => c.id === e.id))
    if (row.kind !== 'module') return voids.length > 0
    // a unit's completions count in every version of its module, so a void anywhere in the module may undo it
    const moduleOf = (moduleVersionId: string) => repo.versionFacts(moduleVersionId)?.module.moduleId
    const module = moduleOf(row.subjectRef)
    return voids.some((e) => moduleOf(e.moduleVersionId) === module)
  }

  return { plan, revokeVoided, undoneByLaterVoid }
}
