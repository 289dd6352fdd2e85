import { SCHEMA_IDS } from '../../lib/credential-schemas.ts'
import { moduleAlignments, skillAlignment, type AlignedSkill } from './alignments.ts'
import type { IdentityObject } from './identity.ts'
import type { ImageObject, IssuerProfile } from '../issuers/profile.ts'
import { resultDescriptions, unitResults } from './results.ts'

export const CONTEXTS = {
  vc: 'https://www.w3.org/ns/credentials/v2',
  ob: 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  clr: 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
  /** defines `1EdTechJsonSchemaValidator2019`, the type of every `credentialSchema` entry */
  extensions: 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'
} as const

export interface CredentialSubjectIdentity { id: string, identity: IdentityObject }
export interface StatusEntry { id: string, type: string, statusPurpose: string, statusListIndex: string, statusListCredential: string }

export interface UnitEvidence {
  key: string
  title: string
  completedOn: string
  assessment: 'test' | 'workplace' | 'portfolio' | 'observation'
  hostCompany: { name: string, kvkNumber?: string } | null
  workplaceAttestation: { name: string, role: string, statement: string, attestedOn?: string } | null
  evidenceUrl: string | null
  result: { passed?: boolean, grade?: string, scaledScore?: number } | null
}

export interface ModuleFacts {
  moduleId: string
  /** the provider's own code for the module: the achievement's `humanCode` */
  code: string
  version: number
  title: string
  description: string | null
  kind: 'vocational' | 'basic' | 'combined'
  hours: number
  nlqfLevel: string | null
  eqfLevel: number | null
  crebo: string | null
  workProcess: string | null
  learningOutcomes: string[]
}

const GENRES: Record<UnitEvidence['assessment'], string> = {
  test: 'Toets',
  workplace: 'Praktijkleren (beoordeeld op de werkplek)',
  portfolio: 'Portfolio',
  observation: 'Observatie'
}

/** What one unit shows: when, how it was assessed, where it was learned and who attested it. */
export function unitEvidence (unit: UnitEvidence): Record<string, unknown> {
  const parts = [`Leereenheid ${unit.key} afgerond op ${unit.completedOn}.`, `Beoordeling: ${GENRES[unit.assessment].toLowerCase()}.`]
  if (unit.hostCompany) parts.push(`Geleerd in de praktijk bij ${unit.hostCompany.name}${unit.hostCompany.kvkNumber ? ` (KvK ${unit.hostCompany.kvkNumber})` : ''}.`)
  if (unit.workplaceAttestation) {
    const a = unit.workplaceAttestation
    parts.push(`Verklaring van ${a.name} (${a.role})${a.attestedOn ? ` op ${a.attestedOn}` : ''}: "${a.statement}"`)
  }
  if (unit.result?.grade) parts.push(`Resultaat: ${unit.result.grade}.`)
  return {
    ...(unit.evidenceUrl ? { id: unit.evidenceUrl } : {}),
    type: ['Evidence'],
    name: `${unit.key}: ${unit.title}`,
    narrative: parts.join(' '),
    genre: GENRES[unit.assessment],
    ...(unit.hostCompany ? { audience: unit.hostCompany.name } : {})
  }
}

function base (kind: 'achievement', id: string, issuer: IssuerProfile, issuedAt: string, status: StatusEntry) {
  return {
    '@context': [CONTEXTS.vc, CONTEXTS.ob, CONTEXTS.extensions],
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer,
    validFrom: issuedAt,
    awardedDate: issuedAt,
    credentialSchema: [{ id: SCHEMA_IDS[kind], type: '1EdTechJsonSchemaValidator2019' }],
    credentialStatus: status
  }
}

/** Where the Achievement of a module version is described, as JSON and as a page. */
export const moduleAchievementUrl = (publicUrl: string, moduleId: string, version: number) =>
  `${publicUrl}/achievements/modules/${encodeURIComponent(moduleId)}/versions/${version}`

/** Where the Achievement of a development path is described, as JSON and as a page. */
export const pathwayAchievementUrl = (publicUrl: string, pathwayId: string) => `${publicUrl}/achievements/pathways/${encodeURIComponent(pathwayId)}`

/** The badge image the service serves for an achievement: `{achievement id}/image.svg`. */
export const achievementImage = (achievementId: string, name: string): ImageObject =>
  ({ id: `${achievementId}/image.svg`, type: 'Image', caption: `Badge: ${name}` })

const KIND_WORDS: Record<ModuleFacts['kind'], string> = {
  vocational: 'vakvaardigheden',
  basic: 'basisvaardigheden',
  combined: 'vak- en basisvaardigheden'
}

/**
 * The Achievement of a module version, the same in every credential of the version and on its
 * public page: criteria, study hours (`creditsAvailable`, in hours), the module code
 * (`humanCode`), its badge image, the results a unit may record, alignments to skills and
 * frameworks.
 */
export function buildModuleAchievement (input: {
  issuer: IssuerProfile
  module: ModuleFacts
  skills: AlignedSkill[]
  /** the version's units, in order */
  units: ReadonlyArray<{ key: string, title: string }>
  publicUrl: string
}) {
  const { module: m } = input
  const id = moduleAchievementUrl(input.publicUrl, m.moduleId, m.version)
  const narrative = [
    `Alle ${input.units.length} leereenheden van de module afgerond: ${input.units.map((u) => `${u.key} ${u.title}`).join('; ')}.`,
    m.learningOutcomes.length > 0 ? `Leeruitkomsten: ${m.learningOutcomes.join('; ')}.` : '',
    `Studiebelasting: ${m.hours} uur.`
  ].filter(Boolean).join(' ')
  return {
    id,
    type: ['Achievement'],
    achievementType: 'Course',
    name: m.title,
    description: m.description ?? `Korte module (${KIND_WORDS[m.kind]}) van ${input.issuer.name}.`,
    criteria: { narrative },
    humanCode: m.code,
    image: achievementImage(id, m.title),
    creditsAvailable: m.hours,
    inLanguage: 'nl',
    version: String(m.version),
    resultDescription: resultDescriptions(id, input.units),
    alignment: [...input.skills.map((s) => skillAlignment(s, input.publicUrl)), ...moduleAlignments(m, input.publicUrl)],
    tag: [KIND_WORDS[m.kind]],
    creator: { id: input.issuer.id, type: input.issuer.type, name: input.issuer.name }
  }
}
export type ModuleAchievement = ReturnType<typeof buildModuleAchievement>

/**
 * The OB 3.0 AchievementCredential for a completed module version: the version's achievement
 * (see {@link buildModuleAchievement}; pass `achievement` to reuse one made for the same version
 * and issuer), the results the provider recorded, a sentence when part of it was learned at work,
 * and one Evidence per unit that names workplace learning and the trainer's attestation.
 */
export function buildModuleCredential (input: {
  id: string
  issuer: IssuerProfile
  issuedAt: string
  subject: CredentialSubjectIdentity
  module: ModuleFacts
  skills: AlignedSkill[]
  units: UnitEvidence[]
  status: StatusEntry
  publicUrl: string
  achievement?: ModuleAchievement
}) {
  const { module: m } = input
  const lastDay = input.units.map((u) => u.completedOn).sort().at(-1)!
  const achievement = input.achievement ?? buildModuleAchievement(input)
  const results = unitResults(achievement.id, input.units)
  return {
    ...base('achievement', input.id, input.issuer, input.issuedAt, input.status),
    name: m.title,
    ...(m.description ? { description: m.description } : {}),
    credentialSubject: {
      ...achievementSubject(input.subject),
      activityEndDate: `${lastDay}T00:00:00Z`,
      creditsEarned: m.hours,
      ...(input.units.some((u) => u.assessment === 'workplace') ? { narrative: 'Een deel is geleerd en beoordeeld in de praktijk (praktijkleren).' } : {}),
      ...(results.length > 0 ? { result: results } : {}),
      achievement
    },
    evidence: input.units.map(unitEvidence)
  }
}

/** The person a credential is about: the pseudonymous id, and the name only as a salted hash. */
function achievementSubject (subject: CredentialSubjectIdentity) {
  return { id: subject.id, type: ['AchievementSubject'], identifier: [subject.identity] }
}

export interface PathwayFacts { id: string, name: string, sector: string, description: string | null }

/** The Achievement of a development path, the same in every credential of the path and on its public page. */
export function buildPathwayAchievement (input: { issuer: IssuerProfile, pathway: PathwayFacts, publicUrl: string }) {
  const p = input.pathway
  const id = pathwayAchievementUrl(input.publicUrl, p.id)
  return {
    id,
    type: ['Achievement'],
    achievementType: 'LearningProgram',
    name: p.name,
    description: p.description ?? `Ontwikkelpad in de sector ${p.sector}.`,
    criteria: { narrative: 'Alle eisen van het ontwikkelpad zijn gehaald: de modules en de niveaus van basisvaardigheden die het vraagt.' },
    image: achievementImage(id, p.name),
    inLanguage: 'nl',
    fieldOfStudy: p.sector,
    tag: ['ontwikkelpad', p.sector],
    creator: { id: input.issuer.id, type: input.issuer.type, name: input.issuer.name }
  }
}

/**
 * The OB 3.0 AchievementCredential for a development path whose requirements are all met; the
 * subject's `narrative` says what met them for this participant.
 */
export function buildPathwayCredential (input: {
  id: string
  issuer: IssuerProfile
  issuedAt: string
  subject: CredentialSubjectIdentity
  pathway: PathwayFacts
  /** what met each requirement, in words: module titles with provider and date, levels reached */
  metBy: string[]
  status: StatusEntry
  publicUrl: string
}) {
  const p = input.pathway
  return {
    ...base('achievement', input.id, input.issuer, input.issuedAt, input.status),
    name: p.name,
    ...(p.description ? { description: p.description } : {}),
    credentialSubject: {
      ...achievementSubject(input.subject),
      narrative: `Gehaald met: ${input.metBy.join('; ')}.`,
      achievement: buildPathwayAchievement(input)
    }
  }
}
