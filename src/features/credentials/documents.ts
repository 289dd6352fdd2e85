import { SCHEMA_IDS } from '../../lib/credential-schemas.ts'
import { moduleAlignments, skillAlignment, type AlignedSkill } from './alignments.ts'
import type { IdentityObject } from './identity.ts'
import type { IssuerProfile } from '../issuers/profile.ts'

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
    credentialSchema: [{ id: SCHEMA_IDS[kind], type: '1EdTechJsonSchemaValidator2019' }],
    credentialStatus: status
  }
}

/**
 * The Achievement of a module version as its credentials name it: criteria, study hours
 * (`creditsAvailable`, in hours), alignments to skills and frameworks. It is the same for everyone
 * who completes the version, but for one sentence: whether part of it was learned at work.
 */
export function buildModuleAchievement (input: {
  issuer: IssuerProfile
  module: ModuleFacts
  skills: AlignedSkill[]
  /** the version's units, in order */
  units: ReadonlyArray<{ key: string, title: string }>
  /** part of it was learned and assessed at work (praktijkleren) */
  workplace: boolean
  publicUrl: string
}) {
  const { module: m } = input
  const narrative = [
    `Alle ${input.units.length} leereenheden van de module afgerond: ${input.units.map((u) => `${u.key} ${u.title}`).join('; ')}.`,
    m.learningOutcomes.length > 0 ? `Leeruitkomsten: ${m.learningOutcomes.join('; ')}.` : '',
    `Studiebelasting: ${m.hours} uur.`,
    input.workplace ? 'Een deel is geleerd en beoordeeld in de praktijk (praktijkleren).' : ''
  ].filter(Boolean).join(' ')
  return {
    id: `${input.publicUrl}/achievements/modules/${m.moduleId}/versions/${m.version}`,
    type: ['Achievement'],
    achievementType: 'Course',
    name: m.title,
    description: m.description ?? `Korte module (${m.kind === 'combined' ? 'vak- en basisvaardigheden' : m.kind === 'basic' ? 'basisvaardigheden' : 'vakvaardigheden'}) van ${input.issuer.name}.`,
    criteria: { narrative },
    creditsAvailable: m.hours,
    inLanguage: 'nl',
    version: String(m.version),
    alignment: [...input.skills.map((s) => skillAlignment(s, input.publicUrl)), ...moduleAlignments(m, input.publicUrl)],
    tag: [m.kind === 'vocational' ? 'vakvaardigheden' : m.kind === 'basic' ? 'basisvaardigheden' : 'vak- en basisvaardigheden'],
    creator: { id: input.issuer.id, type: ['Profile'], name: input.issuer.name }
  }
}
export type ModuleAchievement = ReturnType<typeof buildModuleAchievement>

/** Whether any unit was learned and assessed at work: the one thing in an Achievement that differs between participants. */
export const learnedAtWork = (units: readonly UnitEvidence[]) => units.some((u) => u.assessment === 'workplace')

/**
 * The OB 3.0 AchievementCredential for a completed module version: the version's achievement
 * (see {@link buildModuleAchievement}; pass `achievement` to reuse one made for the same version,
 * issuer and {@link learnedAtWork}) and one Evidence per unit that names workplace learning and
 * the trainer's attestation.
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
  return {
    ...base('achievement', input.id, input.issuer, input.issuedAt, input.status),
    name: m.title,
    ...(m.description ? { description: m.description } : {}),
    credentialSubject: {
      ...achievementSubject(input.subject),
      activityEndDate: `${lastDay}T00:00:00Z`,
      creditsEarned: m.hours,
      achievement: input.achievement ?? buildModuleAchievement({ ...input, workplace: learnedAtWork(input.units) })
    },
    evidence: input.units.map(unitEvidence)
  }
}

/** The person a credential is about: the pseudonymous id, and the name only as a salted hash. */
function achievementSubject (subject: CredentialSubjectIdentity) {
  return { id: subject.id, type: ['AchievementSubject'], identifier: [subject.identity] }
}

/** The OB 3.0 AchievementCredential for a development path whose requirements are all met. */
export function buildPathwayCredential (input: {
  id: string
  issuer: IssuerProfile
  issuedAt: string
  subject: CredentialSubjectIdentity
  pathway: { id: string, name: string, sector: string, description: string | null }
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
      achievement: {
        id: `${input.publicUrl}/achievements/pathways/${p.id}`,
        type: ['Achievement'],
        achievementType: 'LearningProgram',
        name: p.name,
        description: p.description ?? `Ontwikkelpad in de sector ${p.sector}.`,
        criteria: { narrative: `Alle eisen van het ontwikkelpad zijn gehaald: ${input.metBy.join('; ')}.` },
        inLanguage: 'nl',
        fieldOfStudy: p.sector,
        tag: ['ontwikkelpad', p.sector],
        creator: { id: input.issuer.id, type: ['Profile'], name: input.issuer.name }
      }
    }
  }
}
