import { and, asc, desc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { RAW_SQL } from '../../db/raw-sql.ts'
import { completions, credentials, moduleVersions, modules, participants, pathways, skills, unitSkills, units } from '../../db/schema/index.ts'
import { boundedCache } from '../../lib/cache.ts'
import type { ModuleFacts, UnitEvidence } from './documents.ts'
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
  units: Array<Pick<typeof units.$inferSelect, 'id' | 'key' | 'revision' | 'title'> & { identity: string }>
  skills: Array<Pick<typeof skills.$inferSelect, 'id' | 'name' | 'kind' | 'domain' | 'level' | 'escoUri'>>
}

/** What the issuer needs of a unit a completion names. */
interface UnitFacts { moduleVersionId: string, moduleId: string, identity: string }

/**
 * Queries for issuing and revoking credentials.
 * The statements the issuer runs per credential are drizzle prepared statements, built once here,
 * and the facts of a published module version, which never change, are read once.
 */
export function createCredentialRepository (db: Db) {
  const outbox = createOutbox(db)
  // the units of the participant's valid completions, for every completion recorded: SQL (src/db/raw-sql.ts)
  const doneUnitsStmt = db.$client.prepare<[string], string>(RAW_SQL.validUnitsOfParticipant).pluck()
  // the participant's valid credentials of one kind about one subject
  const validOf = and(
    eq(credentials.participantId, sql.placeholder('participantId')),
    eq(credentials.kind, sql.placeholder('kind')),
    eq(credentials.subjectRef, sql.placeholder('subjectRef')),
    isNull(credentials.revokedAt))
  // read with .get(), which takes the first row only, so no LIMIT: SQLite re-prepares a statement whose
  // LIMIT is a bound parameter (as drizzle binds it) at every call, which costs more than the query
  const validStmt = db.select().from(credentials).where(validOf).orderBy(desc(credentials.issuedAt)).prepare()
  // on the path of every share page view: the signed credentials without their parsed documents
  const { document: _document, ...signedColumns } = getTableColumns(credentials)
  const signedByParticipantStmt = db.select(signedColumns).from(credentials)
    .where(eq(credentials.participantId, sql.placeholder('participantId')))
    .orderBy(asc(credentials.issuedAt), asc(credentials.id)).prepare()
  // read with .get(), so no LIMIT either (see validStmt)
  const hasValidStmt = db.select({ one: sql<number>`1` }).from(credentials).where(validOf).prepare()
  const pathwayDescriptionStmt = db.select({ description: pathways.description }).from(pathways)
    .where(eq(pathways.id, sql.placeholder('pathwayId'))).prepare()
  const nameStmt = db.select({ displayName: participants.displayName }).from(participants)
    .where(eq(participants.id, sql.placeholder('participantId'))).prepare()
  const erasedStmt = db.select({ erasedAt: participants.erasedAt }).from(participants)
    .where(eq(participants.id, sql.placeholder('participantId'))).prepare()
  const insertStmt = db.insert(credentials).values({
    id: sql.placeholder('id'),
    participantId: sql.placeholder('participantId'),
    issuerId: sql.placeholder('issuerId'),
    kind: sql.placeholder('kind'),
    subjectRef: sql.placeholder('subjectRef'),
    // the document comes already in JSON, as signed: stored as it is, not serialised again by the JSON column
    document: sql`${sql.placeholder('document')}`,
    jwt: sql.placeholder('jwt'),
    statusListId: sql.placeholder('statusListId'),
    statusIndex: sql.placeholder('statusIndex'),
    issuedAt: sql.placeholder('issuedAt')
  }).prepare()
  // a version's facts: all its columns but the timestamps, with its module's provider and code
  const { createdAt: _createdAt, updatedAt: _updatedAt, publishedAt: _publishedAt, ...versionColumns } = getTableColumns(moduleVersions)
  const versionStmt = db.select({ ...versionColumns, providerId: modules.providerId, code: modules.code }).from(moduleVersions).innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .where(eq(moduleVersions.id, sql.placeholder('moduleVersionId'))).prepare()
  const unitsStmt = db.select({ id: units.id, key: units.key, revision: units.revision, title: units.title }).from(units)
    .where(eq(units.moduleVersionId, sql.placeholder('moduleVersionId'))).orderBy(units.position).prepare()
  const unitStmt = db.select({
    moduleVersionId: units.moduleVersionId,
    moduleId: moduleVersions.moduleId,
    key: units.key,
    revision: units.revision,
    status: moduleVersions.status
  }).from(units).innerJoin(moduleVersions, eq(moduleVersions.id, units.moduleVersionId))
    .where(eq(units.id, sql.placeholder('unitId'))).prepare()
  const moduleCredentialsStmt = db.select({ subjectRef: credentials.subjectRef }).from(credentials)
    .where(and(eq(credentials.participantId, sql.placeholder('participantId')), eq(credentials.kind, 'module'), isNull(credentials.revokedAt)))
    .orderBy(asc(credentials.issuedAt), asc(credentials.id)).prepare()
  const skillsStmt = db.selectDistinct({
    id: skills.id,
    name: skills.name,
    kind: skills.kind,
    domain: skills.domain,
    level: skills.level,
    escoUri: skills.escoUri
  }).from(unitSkills).innerJoin(skills, eq(skills.id, unitSkills.skillId)).innerJoin(units, eq(units.id, unitSkills.unitId))
    .where(eq(units.moduleVersionId, sql.placeholder('moduleVersionId'))).orderBy(skills.name).prepare()
  // the participant's valid completions of any version of the module, from their index (participant, unit)
  const doneStmt = db.select({
    key: units.key,
    revision: units.revision,
    completedOn: completions.completedOn,
    assessment: completions.assessment,
    hostCompany: completions.hostCompany,
    workplaceAttestation: completions.workplaceAttestation,
    evidenceUrl: completions.evidenceUrl,
    result: completions.result
  }).from(completions).innerJoin(units, eq(units.id, completions.unitId)).innerJoin(moduleVersions, eq(moduleVersions.id, units.moduleVersionId))
    .where(and(eq(completions.participantId, sql.placeholder('participantId')), isNull(completions.voidedAt), eq(moduleVersions.moduleId, sql.placeholder('moduleId'))))
    .orderBy(asc(completions.completedOn), asc(completions.id)).prepare()
  /** the subject refs (module version ids) of the participant's valid module credentials, oldest first */
  const heldModuleRefs = (participantId: string) => moduleCredentialsStmt.all({ participantId }).map((r) => r.subjectRef)

  const publishedUnits = boundedCache<string, UnitFacts>(10_000)
  /** a unit's version and identity; a published unit never changes, so it is read once (bench/caches.ts: a batch item 26 µs of CPU, 37 without) */
  function unitFacts (unitId: string): UnitFacts | undefined {
    const cached = publishedUnits.get(unitId)
    if (cached) return cached
    const row = unitStmt.get({ unitId })
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
    const v = versionStmt.get({ moduleVersionId })
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
        learningOutcomes: v.learningOutcomes
      },
      units: unitsStmt.all({ moduleVersionId }).map((u) => ({ ...u, identity: unitIdentityOf(v.moduleId, u.key, u.revision) })),
      skills: skillsStmt.all({ moduleVersionId })
    }
    if (facts.published) publishedVersions.set(moduleVersionId, facts)
    return facts
  }

  const hasValid = (participantId: string, kind: CredentialKind, subjectRef: string) =>
    hasValidStmt.get({ participantId, kind, subjectRef }) !== undefined

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
    heldModuleVersions: (participantId: string): VersionFacts[] => heldModuleRefs(participantId).flatMap((ref) => versionFacts(ref) ?? []),
    /** the participant's valid module credentials for any version of the module `moduleVersionId` belongs to, oldest first */
    validOfModule: (participantId: string, moduleVersionId: string): CredentialRow[] => {
      const moduleId = versionFacts(moduleVersionId)?.module.moduleId
      const refs = heldModuleRefs(participantId).filter((ref) => versionFacts(ref)?.module.moduleId === moduleId)
      return refs.map((ref) => validStmt.get({ participantId, kind: 'module', subjectRef: ref })!)
    },
    /** the participant's valid module credentials whose version holds the unit's identity (in any version of its module) */
    validHoldingUnit: (participantId: string, unitId: string): CredentialRow[] => {
      const unit = unitFacts(unitId)
      if (!unit) return []
      return heldModuleRefs(participantId)
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
    displayNameOf: (participantId: string): string | undefined => nameStmt.get({ participantId })?.displayName,
    /** true once the participant's personal data was erased: nothing is issued to them after that */
    isErased: (participantId: string): boolean => (erasedStmt.get({ participantId })?.erasedAt ?? null) !== null,
    /** the description the development path was given, null when none */
    pathwayDescription: (pathwayId: string): string | null => pathwayDescriptionStmt.get({ pathwayId })?.description ?? null,

    /**
     * The evidence a module credential shows, one per unit in the version's order: the first
     * valid completion of a unit with the same identity, in whichever version it was recorded;
     * undefined while a unit is not done.
     */
    unitEvidence: (participantId: string, version: VersionFacts): UnitEvidence[] | undefined => {
      const done = doneStmt.all({ participantId, moduleId: version.module.moduleId })
      const firstOf = new Map<string, typeof done[number]>()
      for (const c of done) {
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
          hostCompany: c.hostCompany,
          workplaceAttestation: c.workplaceAttestation,
          evidenceUrl: c.evidenceUrl,
          result: c.result
        })
      }
      return evidence
    }
  }
}
export type CredentialRepository = ReturnType<typeof createCredentialRepository>
