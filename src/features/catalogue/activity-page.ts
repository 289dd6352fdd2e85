/**
 * The public description of a unit activity (what its xAPI activity IRI resolves to), as JSON and
 * as the content of a small page. Pure: no Fastify, no database.
 */
import type { PageContent } from '../../lib/public-page.ts'
import type { UnitActivity } from './activity-schemas.ts'

/** The xAPI activity type of a unit (leereenheid). */
export const LESSON_TYPE = 'http://adlnet.gov/expapi/activities/lesson'

export interface ActivityFacts {
  iri: string
  moduleId: string
  moduleTitle: string
  providerId: string
  providerName: string
  key: string
  revision: number
  title: string
  description: string | null
  skills: UnitActivity['skills']
  versions: UnitActivity['versions']
}

/** The JSON an activity IRI answers: xAPI Activity metadata (`definition`) and what the catalogue knows. */
export function toActivityView (facts: ActivityFacts): UnitActivity {
  return {
    objectType: 'Activity',
    id: facts.iri,
    definition: {
      type: LESSON_TYPE,
      name: { 'nl-NL': facts.title },
      ...(facts.description === null ? {} : { description: { 'nl-NL': facts.description } })
    },
    moduleId: facts.moduleId,
    moduleTitle: facts.moduleTitle,
    providerId: facts.providerId,
    providerName: facts.providerName,
    key: facts.key,
    revision: facts.revision,
    title: facts.title,
    description: facts.description,
    skills: facts.skills,
    versions: facts.versions
  }
}

/** What the page of an activity shows (escaped by its template, src/views/public/description.eta). */
export function activityPageContent (facts: ActivityFacts): PageContent {
  return {
    title: facts.title,
    paragraphs: [
      `Leereenheid ${facts.key} van de module ${facts.moduleTitle}, aangeboden door ${facts.providerName}.`,
      ...(facts.description === null ? [] : [facts.description])
    ],
    facts: [{ label: 'Activiteit (xAPI)', value: facts.iri }],
    lists: [
      { heading: 'Vaardigheden', items: facts.skills.map((s) => ({ text: s.level ? `${s.name} (${s.level})` : s.name })) },
      { heading: 'In deze versies van de module', items: facts.versions.map((v) => ({ text: `versie ${v.version}: ${v.moduleTitle}` })) }
    ]
  }
}
