/** The Twente demo: one region, its organisations, basic and vocational skills, five short modules, a path. */

export const DEMO_REGION = { slug: 'twente', name: 'Twente' }

export const DEMO_ORGANISATIONS = {
  provider: { name: 'ROC van Twente (demo)', kind: 'provider' },
  employer: { name: 'Logistiek Twente BV (demo)', kind: 'employer' },
  coach: { name: 'Werkplein Twente (demo)', kind: 'work-centre' }
} as const

/** Which organisation holds each demo key. */
export const DEMO_KEYS = [
  { role: 'admin', org: 'coach', label: 'demo: regio-beheerder Twente', regionScoped: true },
  { role: 'provider', org: 'provider', label: 'demo: opleider' },
  { role: 'coach', org: 'coach', label: 'demo: trajectbegeleider' },
  { role: 'employer', org: 'employer', label: 'demo: werkgever' },
  { role: 'analyst', org: 'coach', label: 'demo: analist' }
] as const

export const DEMO_SKILLS = {
  lezen1F: { name: 'Lezen op 1F', kind: 'basic', domain: 'language', level: '1F', description: 'Eenvoudige werkinstructies, pictogrammen en veiligheidsborden lezen.' },
  spreken1F: { name: 'Gesprekken voeren op 1F', kind: 'basic', domain: 'language', level: '1F', description: 'Vragen stellen aan collega\'s en de leidinggevende, een melding doen.' },
  lezen2F: { name: 'Lezen op 2F', kind: 'basic', domain: 'language', level: '2F' },
  rekenen1F: { name: 'Rekenen op 1F', kind: 'basic', domain: 'numeracy', level: '1F', description: 'Aantallen, gewichten en eenheden op een picklijst.' },
  rekenen2F: { name: 'Rekenen op 2F', kind: 'basic', domain: 'numeracy', level: '2F' },
  digitaal1: { name: 'Digitale basisvaardigheden 1', kind: 'basic', domain: 'digital', level: 'basis-1', description: 'Een app op de telefoon gebruiken: inloggen, rooster bekijken, melden.' },
  veilig: { name: 'Veilig werken in een magazijn', kind: 'vocational', description: 'Gevaren herkennen, beschermingsmiddelen gebruiken, melden van onveilige situaties.' },
  heftruck: { name: 'Heftruck besturen', kind: 'vocational', description: 'Een heftruck veilig besturen, laden en lossen.' },
  orderpicken: { name: 'Orderpicken met een handscanner', kind: 'vocational' },
  ontvangen: { name: 'Goederen ontvangen en controleren', kind: 'vocational' }
} as const
type SkillKey = keyof typeof DEMO_SKILLS

interface DemoUnit { key: string, title: string, skills: SkillKey[] }
interface DemoModule {
  code: string
  title: string
  description: string
  kind: 'vocational' | 'basic' | 'combined'
  hours: number
  nlqfLevel?: string
  learningOutcomes: string[]
  units: DemoUnit[]
}

export const DEMO_MODULES: Record<string, DemoModule> = {
  veilig: {
    code: 'LOG-VWM',
    title: 'Veilig werken in het magazijn',
    description: 'Korte module over veiligheid op de werkvloer, met lezen van borden en instructies op 1F.',
    kind: 'combined',
    hours: 16,
    nlqfLevel: 'entree',
    learningOutcomes: ['Herkent de belangrijkste gevaren in een magazijn', 'Leest veiligheidsborden en werkinstructies', 'Gebruikt persoonlijke beschermingsmiddelen'],
    units: [
      { key: 'LE1', title: 'Gevaren en borden herkennen', skills: ['veilig', 'lezen1F'] },
      { key: 'LE2', title: 'Persoonlijke beschermingsmiddelen', skills: ['veilig'] },
      { key: 'LE3', title: 'Praktijkopdracht: een onveilige situatie melden', skills: ['veilig', 'spreken1F'] }
    ]
  },
  heftruck: {
    code: 'LOG-HEF',
    title: 'Heftruck basis',
    description: 'Theorie en praktijk van het veilig besturen van een heftruck.',
    kind: 'vocational',
    hours: 24,
    nlqfLevel: '1',
    learningOutcomes: ['Voert de dagelijkse controle van een heftruck uit', 'Bestuurt een heftruck veilig met en zonder last'],
    units: [
      { key: 'LE1', title: 'Dagelijkse controle', skills: ['heftruck'] },
      { key: 'LE2', title: 'Rijden zonder last', skills: ['heftruck'] },
      { key: 'LE3', title: 'Laden en lossen (praktijk)', skills: ['heftruck', 'ontvangen'] }
    ]
  },
  nederlands: {
    code: 'TAAL-NLW',
    title: 'Nederlands op de werkvloer (1F)',
    description: 'Taal die je op het werk nodig hebt: instructies lezen, vragen stellen, melden.',
    kind: 'basic',
    hours: 20,
    learningOutcomes: ['Leest eenvoudige werkinstructies', 'Stelt een vraag aan een collega of leidinggevende'],
    units: [
      { key: 'LE1', title: 'Werkinstructies lezen', skills: ['lezen1F'] },
      { key: 'LE2', title: 'Vragen stellen en melden', skills: ['spreken1F'] }
    ]
  },
  rekenen: {
    code: 'LOG-RKO',
    title: 'Rekenen voor orderpicken',
    description: 'Aantallen, gewichten en locaties op de picklijst, met de handscanner.',
    kind: 'combined',
    hours: 12,
    learningOutcomes: ['Rekent met aantallen en gewichten op een picklijst', 'Pickt een order foutloos met de handscanner'],
    units: [
      { key: 'LE1', title: 'Aantallen en eenheden', skills: ['rekenen1F'] },
      { key: 'LE2', title: 'Een order picken', skills: ['orderpicken', 'rekenen1F'] }
    ]
  },
  werkapp: {
    code: 'DIG-APP',
    title: 'De digitale werkapp',
    description: 'Het rooster, verlof en meldingen via de app van de werkgever.',
    kind: 'combined',
    hours: 8,
    learningOutcomes: ['Logt in op de werkapp en bekijkt het rooster', 'Meldt zich ziek en vraagt verlof aan via de app'],
    units: [
      { key: 'LE1', title: 'Inloggen en rooster bekijken', skills: ['digitaal1'] },
      { key: 'LE2', title: 'Melden via de app', skills: ['digitaal1', 'orderpicken'] }
    ]
  }
}

/** The path: safe work, the work app, language and numeracy at 1F, and one of forklift or order picking. */
export function demoPathway (moduleIds: Record<string, string>) {
  return {
    name: 'Ontwikkelpad logistiek medewerker (Twente, demo)',
    sector: 'logistiek',
    description: 'Van eerste stap naar een baan in de logistiek: veilig werken, basisvaardigheden op 1F en een vak.',
    requirement: {
      type: 'all',
      title: 'Logistiek medewerker',
      parts: [
        { type: 'module', moduleId: moduleIds.veilig },
        { type: 'module', moduleId: moduleIds.werkapp },
        { type: 'all', title: 'Basisvaardigheden op 1F', parts: [{ type: 'level', domain: 'language', level: '1F' }, { type: 'level', domain: 'numeracy', level: '1F' }] },
        { type: 'any', title: 'Een vak', n: 1, parts: [{ type: 'module', moduleId: moduleIds.heftruck }, { type: 'module', moduleId: moduleIds.rekenen }] }
      ]
    }
  }
}
