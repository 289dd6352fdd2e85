import type { PageContent } from '../../lib/public-page.ts'
import type { Alignment } from '../credentials/alignments.ts'
import type { FrameworkLevelDescription, ReferenceDescription, SkillDescription } from './frameworks.ts'

/** What the pages of achievements and frameworks show a browser: the same facts as their JSON. Pure. */

interface AchievementView {
  name: string
  description: string
  criteria: { narrative: string }
  image: { id: string, caption?: string }
  humanCode?: string
  creditsAvailable?: number
  version?: string
  fieldOfStudy?: string
  alignment?: Alignment[]
  creator: { id: string, name: string }
}

const moduleItems = (modules: ReferenceDescription['modules']) =>
  modules.map((m) => ({ text: `${m.name} (${m.provider})`, href: m.id }))

/** An alignment's name, with its code when the name does not already say it. */
const alignmentText = (al: Alignment) => al.targetCode && !al.targetName.includes(al.targetCode) ? `${al.targetName} (${al.targetCode})` : al.targetName

/** The page of a module version's or a development path's Achievement. */
export function achievementPage (a: AchievementView, issuerUrl: string): PageContent {
  return {
    title: a.name,
    image: { src: a.image.id, alt: a.image.caption ?? a.name },
    paragraphs: [a.description, a.criteria.narrative],
    facts: [
      { label: 'Uitgegeven door', value: a.creator.name, href: issuerUrl },
      ...(a.humanCode ? [{ label: 'Code', value: a.humanCode }] : []),
      ...(a.version ? [{ label: 'Versie', value: a.version }] : []),
      ...(a.creditsAvailable !== undefined ? [{ label: 'Studiebelasting', value: `${a.creditsAvailable} uur` }] : []),
      ...(a.fieldOfStudy ? [{ label: 'Sector', value: a.fieldOfStudy }] : [])
    ],
    lists: [{
      heading: 'Sluit aan op',
      items: (a.alignment ?? []).map((al) => ({ text: alignmentText(al), href: al.targetUrl }))
    }]
  }
}

export function frameworkLevelPage (d: FrameworkLevelDescription): PageContent {
  return {
    title: d.name,
    paragraphs: [d.description],
    facts: [
      { label: 'Kader', value: d.frameworkName },
      { label: 'Niveau', value: `${d.level} (${d.rank} van ${d.levels.length}, laagste eerst: ${d.levels.join(', ')})` },
      { label: 'Voor', value: d.domains.join(', ') }
    ]
  }
}

export function referencePage (d: ReferenceDescription): PageContent {
  return {
    title: d.name,
    paragraphs: [d.description],
    facts: [{ label: 'Kader', value: d.framework }, { label: 'Code', value: d.code }],
    lists: [{ heading: 'Modules', items: moduleItems(d.modules) }]
  }
}

export function skillPage (d: SkillDescription): PageContent {
  return {
    title: d.name,
    paragraphs: [d.description],
    facts: [
      { label: 'Soort', value: d.kind === 'basic' ? 'basisvaardigheid' : 'vakvaardigheid' },
      ...(d.level ? [{ label: 'Niveau', value: d.level, ...(d.frameworkLevel ? { href: d.frameworkLevel } : {}) }] : []),
      ...(d.escoUri ? [{ label: 'ESCO', value: d.escoUri, href: d.escoUri }] : [])
    ],
    lists: [{ heading: 'Modules', items: moduleItems(d.modules) }]
  }
}
