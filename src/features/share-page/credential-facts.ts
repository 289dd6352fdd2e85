/**
 * What an employer reads from a credential document (Open Badges 3.0 or CLR 2.0) as this service
 * issues it: name, issuer, dates, hours, how each part was assessed, the results and the skills it
 * aligns to. Pure: no Fastify, no database; anything missing is left out, never guessed.
 */
import { isObject } from '../verification/types.ts'

export type Assessment = 'test' | 'workplace' | 'portfolio' | 'observation'

/** The evidence `genre` the service writes for each way of assessing (src/features/credentials/documents.ts). */
const GENRE_ASSESSMENT: Record<string, Assessment> = {
  Toets: 'test',
  'Praktijkleren (beoordeeld op de werkplek)': 'workplace',
  Portfolio: 'portfolio',
  Observatie: 'observation'
}

export interface AssessedPart {
  /** the unit, e.g. `les-2: Heftruck rijden in de praktijk` */
  part: string
  /** undefined when the genre is not one this service writes; `genre` then holds it as given */
  assessment: Assessment | undefined
  genre: string | null
  /** the host company where it was learned at work */
  hostCompany: string | null
}

export interface UnitResultFact {
  part: string
  kind: 'status' | 'grade' | 'score'
  value: string
}

export interface BasicSkillFact { name: string, level: string | null, framework: string | null }

export interface SkillFacts { vocational: string[], basic: BasicSkillFact[] }

export interface CredentialFacts {
  name: string
  issuerName: string | null
  /** awardedDate, else validFrom */
  issuedOn: string | null
  validUntil: string | null
  hours: number | null
  assessed: AssessedPart[]
  results: UnitResultFact[]
  skills: SkillFacts
}

const text = (value: unknown): string | null => typeof value === 'string' && value.length > 0 ? value : null
const list = (value: unknown): unknown[] => Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]
const objects = (value: unknown): Array<Record<string, unknown>> => list(value).filter(isObject)

/** Skills a list of achievements aligns to: basic skills with their level, the others as vocational. */
export function skillsOf (achievements: ReadonlyArray<Record<string, unknown>>): SkillFacts {
  const vocational = new Set<string>()
  const basic = new Map<string, BasicSkillFact>()
  for (const alignment of achievements.flatMap((a) => objects(a.alignment))) {
    const name = text(alignment.targetName)
    if (!name) continue
    if (alignment.targetType === 'ext:BasicSkillLevel') {
      const level = text(alignment.targetCode)
      basic.set(`${name}\u0000${level}`, { name, level, framework: text(alignment.targetFramework) })
    } else if (alignment.targetType === 'ext:VocationalSkill' || alignment.targetType === 'ceasn:Competency') {
      vocational.add(name)
    }
  }
  return { vocational: [...vocational], basic: [...basic.values()] }
}

/** The skills of several credentials together, each named once. */
export function mergeSkills (all: readonly SkillFacts[]): SkillFacts {
  const vocational = new Set(all.flatMap((s) => s.vocational))
  const basic = new Map(all.flatMap((s) => s.basic).map((b) => [`${b.name}\u0000${b.level}`, b]))
  return { vocational: [...vocational], basic: [...basic.values()] }
}

/** `…#result-{unit}-{kind}`: the unit's label comes from the achievement's ResultDescription of that id. */
function resultsOf (subject: Record<string, unknown>, achievement: Record<string, unknown> | undefined): UnitResultFact[] {
  const names = new Map(objects(achievement?.resultDescription).map((d) => [d.id, text(d.name)]))
  return objects(subject.result).flatMap((r): UnitResultFact[] => {
    const id = text(r.resultDescription) ?? ''
    const kind = /-(status|grade|score)$/.exec(id)?.[1] as UnitResultFact['kind'] | undefined
    const value = kind === 'status' ? text(r.status) : text(r.value)
    if (!kind || !value) return []
    // a description is named "<unit>: <what>"; the unit is the part before the last colon
    const name = names.get(id)
    const part = name ? name.slice(0, Math.max(name.lastIndexOf(':'), 0)) || name : id.split('#')[1] ?? id
    return [{ part, kind, value }]
  })
}

/** The facts of one credential document; for a CLR the skills of every achievement it holds. */
export function readCredentialFacts (document: Record<string, unknown>): CredentialFacts {
  const subject = isObject(document.credentialSubject) ? document.credentialSubject : {}
  const achievements = objects(subject.achievement)
  const achievement = achievements.length === 1 ? achievements[0] : undefined
  const issuer = isObject(document.issuer) ? document.issuer : {}
  const hours = typeof subject.creditsEarned === 'number' ? subject.creditsEarned : typeof achievement?.creditsAvailable === 'number' ? achievement.creditsAvailable : null
  return {
    name: text(document.name) ?? text(achievement?.name) ?? '—',
    issuerName: text(issuer.name),
    issuedOn: text(document.awardedDate) ?? text(document.validFrom),
    validUntil: text(document.validUntil),
    hours,
    assessed: objects(document.evidence).map((e) => {
      const genre = text(e.genre)
      return { part: text(e.name) ?? '—', assessment: genre ? GENRE_ASSESSMENT[genre] : undefined, genre, hostCompany: text(e.audience) }
    }),
    results: resultsOf(subject, achievement),
    skills: skillsOf(achievements)
  }
}
