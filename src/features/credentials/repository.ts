import { and, asc, desc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { credentials } from '../../db/schema/index.ts'
import type { CompletionResult, HostCompany, WorkplaceAttestation } from '../../db/schema/participants.ts'
import { boundedCache } from '../../lib/cache.ts'
import type { ModuleFacts, UnitEvidence } from './documents.ts'
import { parsedColumn } from '../../lib/json-column.ts'
import type { RevocationReason } from '../../lib/vocabulary.ts'
import { unitIdentityOf } from '../catalogue/module-rules.ts'
import { createOutbox } from '../outbox/outbox.ts'

export type CredentialRow = typeof credentials.$inferSelect
/** A credential row without its document: the JWT is the credential. */
export type SignedCredential = Omit<CredentialRow, 'document'>
export type CredentialKind = CredentialRow['kind']
/** A credential as the issuer stores it: the document already in JSON. */
export type NewCredentialRow = Omit<typeof credentials.$inferInsert, 'document' | 'revokedAt' | 'revocationReason'> & { document: string }

/** What every credential of one module version says, whoever earned it. */
export interface VersionFacts {
  moduleVersionId: string
  /** the provider: the issuer of the version's credentials */
  providerId: string
  published: boolean
  module: ModuleFacts
  /** in order; `identity` is the unit's identity across the module's versions (see unitIdentityOf), made of its key and revision */
  units: Array<{ id: string, key: string, revision: number, title: string, identity: string }>
  skills: Array<{ id: string, name: string, kind: 'vocational' | 'basic', domain: 'language' | 'numeracy' | 'digital' | null, level: string | null, escoUri: string | null }>
}

/** What the issuer needs of a unit a completion names. */
interface UnitFacts { moduleVersionId: string, moduleId: string, identity: string }

interface CompletionFacts {
  key: string
  revision: number
  completedOn: string
  assessment: UnitEvidence['assessment']
  hostCompany: string | null
  workplaceAttestation: string | null
  evidenceUrl: string | null
  result: string | null
}

/**
 * Queries for issuing and revoking credentials.
 * The statements the issuer runs per credential are raw prepared statements (no mapping layer),
 * and the facts of a published module version, which never change, are read once.
 */
export function createCredentialRepository (db: Db) {
  const client = db.$client
  const outbox = createOutbox(db)
  // the participant's valid completions, from their index alone (participant, unit)
  const doneUnitsStmt = client.prepare<[string], string>('select unit_id from completions where participant_id = ? and voided_at is null').pluck()
  const validStmt = db.select().from(credentials).where(and(
    eq(credentials.participantId, sql.placeholder('participantId')),
    eq(credentials.kind, sql.placeholder('kind')),
    eq(credentials.subjectRef, sql.placeholder('subjectRef')),
    isNull(credentials.revokedAt))).orderBy(desc(credentials.issuedAt)).limit(1).prepare()
  // on the path of every share page view: the signed credentials without their parsed documents
  const { document: _document, ...signedColumns } = getTableColumns(credentials)
  const signedByParticipantStmt = db.select(signedColumns).from(credentials)
    .where(eq(credentials.participantId, sql.placeholder('participantId')))
    .orderBy(asc(credentials.issuedAt), asc(credentials.id)).prepare()
  const hasValidStmt = client.prepare(`select 1 from credentials
    where participant_id = ? and kind = ? and subject_ref = ? and revoked_at is null limit 1`).pluck()
  const pathwayDescriptionStmt = client.prepare<[string], string | null>('select description from pathways where id = ?').pluck()
  const nameStmt = client.prepare('select display_name from participants where id = ?').pluck()
  const insertStmt = client.prepare(`insert into credentials (id, participant_id, issuer_id, kind, subject_ref, document, jwt,
    status_list_id, status_index, issued_at) values (@id, @participantId, @issuerId, @kind, @subjectRef, @document, @jwt, @statusListId, @statusIndex, @issuedAt)`)
  const versionStmt = client.prepare(`select v.id, v.module_id as moduleId, v.version, v.status, v.title, v.description, v.kind, v.hours,
    v.nlqf_level as nlqfLevel, v.eqf_level as eqfLevel, v.crebo, v.work_process as workProcess,
    v.learning_outcomes as learningOutcomes, m.provider_id as providerId, m.code
    from module_versions v join modules m on m.id = v.module_id where v.id = ?`)
  const unitsStmt = client.prepare<[string], { id: string, key: string, revision: number, title: string }>(
    'select id, key, revision, title from units where module_version_id = ? order by position')
  const unitStmt = client.prepare<[string], { moduleVersionId: string, moduleId: string, key: string, revision: number, status: string }>(`select
    u.module_version_id as moduleVersionId, v.module_id as moduleId, u.key, u.revision, v.status
    from units u join module_versions v on v.id = u.module_version_id where u.id = ?`)
  const moduleCredentialsStmt = client.prepare<[string], string>(`select subject_ref from credentials
    where participant_id = ? and kind = 'module' and revoked_at is null order by issued_at, id`).pluck()
  const skillsStmt = client.prepare(`select distinct s.id, s.name, s.kind, s.domain, s.level, s.esco_uri as escoUri
    from unit_skills us join skills s on s.id = us.skill_id join units u on u.id = us.unit_id
    where u.module_version_id = ? order by s.name`)
  // the participant's valid completions of any version of the module, from their index (participant, unit)
  const doneStmt = client.prepare(`select u.key, u.revision, c.completed_on as completedOn, c.assessment, c.host_company as hostCompany,
    c.workplace_attestation as workplaceAttestation, c.evidence_url as evidenceUrl, c.result
    from completions c join units u on u.id = c.unit_id join module_versions v on v.id = u.module_version_id
    where c.participant_id = ? and c.voided_at is null and v.module_id = ?
    order by c.completed_on, c.id`)

  const publishedUnits = boundedCache<string, UnitFacts>(10_000)
  /** a unit's version and identity; a published unit never changes, so it is read once (bench/caches.ts: a batch item 26 µs of CPU, 37 without) */
  function unitFacts (unitId: string): UnitFacts | undefined {
    const cached = publishedUnits.get(unitId)
    if (cached) return cached
    const row = unitStmt.get(unitId)
    if (!row) return undefined
    const facts = { moduleVersionId: row.moduleVersionId, moduleId: row.moduleId, identity: unitIdentityOf(row.moduleId, row.key, row.revision) }
    if (row.status === 'published') publishedUnits.set(unitId, facts)
    return facts
  }

  /**
   * What the participant's valid completions show of the module: the versions they name, and the
   * unit identities done (a unit is done in every version that keeps its identity).
   */
  function progressOf (participantId: string, moduleId: string): { named: VersionFacts[], done: Set<string> } {
    const done = new Set<string>()
    const named = new Set<string>()
    for (const unitId of doneUnitsStmt.all(participantId)) {
      const unit = unitFacts(unitId)
      if (unit?.moduleId !== moduleId) continue
      done.add(unit.identity)
      named.add(unit.moduleVersionId)
    }
    return { named: [...named].flatMap((id) => versionFacts(id) ?? []), done }
  }

  const publishedVersions = boundedCache<string, VersionFacts>(1_000) // published ones only: they never change (bench/caches.ts: a batch item 21 µs of CPU, 88 without)
  function versionFacts (moduleVersionId: string): VersionFacts | undefined {
    const cached = publishedVersions.get(moduleVersionId)
    if (cached) return cached
    const v = versionStmt.get(moduleVersionId) as (Omit<ModuleFacts, 'learningOutcomes'> & { id: string, status: string, providerId: string, learningOutcomes: string }) | undefined
    if (!v) return undefined
    const facts: VersionFacts = {
      moduleVersionId,
      providerId: v.providerId,
      published: v.status === 'published',
      module: {
        moduleId: v.moduleId,
        code: v.code,
        version: v.version,
        title: v.title,
        description: v.description,
        kind: v.kind,
        hours: v.hours,
        nlqfLevel: v.nlqfLevel,
        eqfLevel: v.eqfLevel,
        crebo: v.crebo,
        workProcess: v.workProcess,
        learningOutcomes: JSON.parse(v.learningOutcomes) as string[]
      },
      units: unitsStmt.all(moduleVersionId).map((u) => ({ ...u, identity: unitIdentityOf(v.moduleId, u.key, u.revision) })),
      skills: skillsStmt.all(moduleVersionId) as VersionFacts['skills']
    }
    if (facts.published) publishedVersions.set(moduleVersionId, facts)
    return facts
  }

  const hasValid = (participantId: string, kind: CredentialKind, subjectRef: string) =>
    hasValidStmt.get(participantId, kind, subjectRef) !== undefined

  return {
    versionFacts,
    hasValid,
    findValid: (participantId: string, kind: CredentialKind, subjectRef: string) => validStmt.get({ participantId, kind, subjectRef }),
    findById: (id: string) => db.select().from(credentials).where(eq(credentials.id, id)).get(),
    findByStatus: (listId: string, index: number) => db.select().from(credentials)
      .where(and(eq(credentials.statusListId, listId), eq(credentials.statusIndex, index))).get(),
    listByParticipant: (participantId: string) => db.select().from(credentials)
      .where(eq(credentials.participantId, participantId)).orderBy(asc(credentials.issuedAt), asc(credentials.id)).all(),
    /**
     * The participant's credentials as signed, oldest first, without the stored documents: for
     * showing what a verification of each JWT reads from it, not what the database says.
     */
    signedByParticipant: (participantId: string): SignedCredential[] => signedByParticipantStmt.all({ participantId }),
    /** the versions of the module the participant's valid completions name, and the unit identities they show done */
    progressOf,
    /** the versions of the participant's valid module credentials, oldest first */
    heldModuleVersions: (participantId: string): VersionFacts[] => moduleCredentialsStmt.all(participantId).flatMap((ref) => versionFacts(ref) ?? []),
    /** the participant's valid module credentials for any version of the module `moduleVersionId` belongs to, oldest first */
    validOfModule: (participantId: string, moduleVersionId: string): CredentialRow[] => {
      const moduleId = versionFacts(moduleVersionId)?.module.moduleId
      const refs = moduleCredentialsStmt.all(participantId).filter((ref) => versionFacts(ref)?.module.moduleId === moduleId)
      return refs.map((ref) => validStmt.get({ participantId, kind: 'module', subjectRef: ref })!)
    },
    /** the participant's valid module credentials whose version holds the unit's identity (in any version of its module) */
    validHoldingUnit: (participantId: string, unitId: string): CredentialRow[] => {
      const unit = unitFacts(unitId)
      if (!unit) return []
      return moduleCredentialsStmt.all(participantId)
        .filter((ref) => versionFacts(ref)?.units.some((u) => u.identity === unit.identity))
        .map((ref) => validStmt.get({ participantId, kind: 'module', subjectRef: ref })!)
    },
    validOfParticipant: (participantId: string, kinds: CredentialKind[]) => db.select().from(credentials)
      .where(and(eq(credentials.participantId, participantId), inArray(credentials.kind, kinds), isNull(credentials.revokedAt)))
      .orderBy(asc(credentials.issuedAt), asc(credentials.id)).all(),
    insert: (row: NewCredentialRow) => { insertStmt.run(row) },
    markRevoked: (id: string, reason: RevocationReason, at: string) => {
      db.update(credentials).set({ revokedAt: at, revocationReason: reason }).where(eq(credentials.id, id)).run()
    },

    /** the participant's events still in the outbox (features/outbox), oldest first: what is being issued or settled */
    pendingOf: outbox.pendingOf,
    displayNameOf: (participantId: string) => nameStmt.get(participantId) as string | undefined,
    /** the description the development path was given, null when none */
    pathwayDescription: (pathwayId: string): string | null => pathwayDescriptionStmt.get(pathwayId) ?? null,

    /**
     * The evidence a module credential shows, one per unit in the version's order: the first
     * valid completion of a unit with the same identity, in whichever version it was recorded;
     * undefined while a unit is not done.
     */
    unitEvidence: (participantId: string, version: VersionFacts): UnitEvidence[] | undefined => {
      const firstOf = new Map<string, CompletionFacts>()
      for (const c of doneStmt.all(participantId, version.module.moduleId) as CompletionFacts[]) {
        const identity = unitIdentityOf(version.module.moduleId, c.key, c.revision)
        if (!firstOf.has(identity)) firstOf.set(identity, c)
      }
      if (version.units.length === 0) return undefined
      const evidence: UnitEvidence[] = []
      for (const unit of version.units) {
        const c = firstOf.get(unit.identity)
        if (!c) return undefined
        evidence.push({
          key: unit.key,
          title: unit.title,
          completedOn: c.completedOn,
          assessment: c.assessment,
          hostCompany: parsedColumn<HostCompany>(c.hostCompany),
          workplaceAttestation: parsedColumn<WorkplaceAttestation>(c.workplaceAttestation),
          evidenceUrl: c.evidenceUrl,
          result: parsedColumn<CompletionResult>(c.result)
        })
      }
      return evidence
    }
  }
}
export type CredentialRepository = ReturnType<typeof createCredentialRepository>
