/**
 * The public description of a unit activity (what its xAPI activity IRI resolves to), as JSON and
 * as a small HTML page. Pure: no Fastify, no database.
 */
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

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml (value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!)
}

/** True when the Accept header ranks HTML above JSON (a browser); JSON otherwise. */
export function prefersHtml (accept: string | undefined): boolean {
  const weight = (type: string) => {
    let best = 0
    for (const part of (accept ?? '').split(',')) {
      const [range, ...params] = part.split(';').map((p) => p.trim())
      if (range !== type) continue
      const q = params.find((p) => p.startsWith('q='))
      best = Math.max(best, q ? Number(q.slice(2)) || 0 : 1)
    }
    return best
  }
  return weight('text/html') > weight('application/json')
}

/** A small page in Dutch for people who open an activity IRI; every value escaped. */
export function renderActivityPage (facts: ActivityFacts): string {
  const e = escapeHtml
  const skills = facts.skills.map((s) => `<li>${e(s.name)}${s.level ? ` (${e(s.level)})` : ''}</li>`).join('')
  const versions = facts.versions.map((v) => `<li>versie ${e(v.version)}: ${e(v.moduleTitle)}</li>`).join('')
  return `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(facts.title)} – ${e(facts.moduleTitle)}</title></head>
<body>
<main>
<h1>${e(facts.title)}</h1>
<p>Leereenheid <code>${e(facts.key)}</code> van de module <strong>${e(facts.moduleTitle)}</strong>, aangeboden door ${e(facts.providerName)}.</p>
${facts.description === null ? '' : `<p>${e(facts.description)}</p>`}
<h2>Vaardigheden</h2>
<ul>${skills}</ul>
<h2>In deze versies van de module</h2>
<ul>${versions}</ul>
<p>Activiteit (xAPI): <code>${e(facts.iri)}</code></p>
</main>
</body>
</html>
`
}
