import t from 'tap'
import { computePortfolio, type PortfolioCompletion, type PortfolioInput, type PortfolioPathway } from '../src/features/portfolio/compute.ts'

const ROC = { providerId: 'org_roc', providerName: 'ROC van Twente' }
const SKILLS = [
  { id: 'skl_lezen1', name: 'Lezen op 1F', kind: 'basic', domain: 'language', level: '1F', escoUri: null },
  { id: 'skl_lezen2', name: 'Lezen op 2F', kind: 'basic', domain: 'language', level: '2F', escoUri: null },
  { id: 'skl_nt2', name: 'Spreken NT2 A2', kind: 'basic', domain: 'language', level: 'A2', escoUri: null },
  { id: 'skl_rekenen', name: 'Rekenen op 1F', kind: 'basic', domain: 'numeracy', level: '1F', escoUri: null },
  { id: 'skl_heftruck', name: 'Heftruck rijden', kind: 'vocational', domain: null, level: null, escoUri: 'http://data.europa.eu/esco/skill/heftruck' },
  { id: 'skl_veilig', name: 'Veilig werken', kind: 'vocational', domain: null, level: null, escoUri: null },
  { id: 'skl_picken', name: 'Orderpicken', kind: 'vocational', domain: null, level: null, escoUri: null }
] as const
const MAGAZIJN = 'Veilig werken in het magazijn'
const unit = (id: string, key: string, title: string, ...skillIds: string[]) => ({ id, key, revision: 1, title, skillIds })
const version = (id: string, moduleId: string, v: number, title: string, kind: 'vocational' | 'basic', hours: number, units: ReturnType<typeof unit>[]) =>
  ({ id, moduleId, version: v, title, kind, hours, ...ROC, units })
const VERSIONS = [
  version('mvr_mag1', 'mod_mag', 1, MAGAZIJN, 'vocational', 16, [
    unit('unt_m1', 'les-1', 'Veiligheidsregels', 'skl_veilig'),
    unit('unt_m2', 'les-2', 'Heftruck in de praktijk', 'skl_heftruck', 'skl_veilig')
  ]),
  version('mvr_mag2', 'mod_mag', 2, MAGAZIJN, 'vocational', 20, [
    unit('unt_n1', 'les-1', 'Veiligheidsregels', 'skl_veilig'),
    // new skills: a new identity of les-2
    { ...unit('unt_n2', 'les-2', 'Heftruck in de praktijk', 'skl_heftruck'), revision: 2 },
    unit('unt_n3', 'les-3', 'Orderpicken', 'skl_picken')
  ]),
  version('mvr_taal', 'mod_taal', 1, 'Taal op de werkvloer', 'basic', 8, [
    unit('unt_t1', 'lezen-1', 'Werkinstructies lezen', 'skl_lezen1'),
    unit('unt_t2', 'lezen-2', 'Veiligheidsbladen lezen', 'skl_lezen2'),
    unit('unt_t3', 'spreken', 'Overleggen met collega\'s', 'skl_nt2')
  ]),
  version('mvr_rek', 'mod_rek', 1, 'Rekenen in de winkel', 'basic', 4, [unit('unt_r1', 'rekenen', 'Voorraad tellen', 'skl_rekenen')])
]
const versionOfUnit = (unitId: string) => VERSIONS.find((v) => v.units.some((u) => u.id === unitId))!

/** A counted test completion of `unitId`; `changes` replace fields. */
function done (id: string, unitId: string, completedOn: string, changes: Partial<PortfolioCompletion> = {}): PortfolioCompletion {
  const moduleVersionId = versionOfUnit(unitId).id
  return { id, unitId, moduleVersionId, completedOn, assessment: 'test', hostCompany: null, workplaceAttestation: null, ...ROC, voided: false, ...changes }
}

function input (completions: PortfolioCompletion[], pathways: PortfolioPathway[] = []): PortfolioInput {
  return { completions, moduleVersions: VERSIONS, skills: SKILLS, pathways }
}

/** The evidence a plain test completion gives: field mapping only, to keep expectations short. */
function evidence (c: PortfolioCompletion) {
  const v = versionOfUnit(c.unitId)
  const u = v.units.find((x) => x.id === c.unitId)!
  const where = { unitId: u.id, unitKey: u.key, unitTitle: u.title, moduleId: v.moduleId, moduleVersion: v.version, moduleTitle: v.title, ...ROC }
  const how = { completedOn: c.completedOn, assessment: c.assessment, workplaceLearning: c.assessment === 'workplace' }
  return { completionId: c.id, ...where, ...how, hostCompany: c.hostCompany, workplaceAttestation: c.workplaceAttestation }
}

/** A module version entry of the warehouse module; `changes` replace fields. */
const magazijn = (changes: object) => ({ moduleId: 'mod_mag', version: 1, title: MAGAZIJN, kind: 'vocational', hours: 16, ...ROC, ...changes })

t.test('nothing done: empty lists, paths not met', async (t) => {
  const path = { id: 'pwy_a', name: 'Basis', sector: 'algemeen', requirement: { type: 'module', moduleId: 'mod_mag' } } as const
  t.strictSame(computePortfolio(input([], [path])), {
    basicSkills: [],
    vocationalSkills: [],
    modules: [],
    pathways: [{ pathwayId: 'pwy_a', name: 'Basis', sector: 'algemeen', met: false, progress: 0, requirement: { type: 'module', moduleId: 'mod_mag', met: false, progress: 0 } }],
    summary: { modulesComplete: 0, modulesInProgress: 0, unitsDone: 0, hoursCompleted: 0 }
  })
})

t.test('a module is complete when every unit is done; a unit done twice counts once and is twice evidence', async (t) => {
  const hostCompany = { name: 'Logistiek Hengelo BV', kvkNumber: '12345678' }
  const workplaceAttestation = { name: 'Henk Jansen', role: 'praktijkopleider', statement: 'Rijdt zelfstandig en veilig.' }
  const completions = [
    done('cmp_2', 'unt_m2', '2026-01-20', { assessment: 'workplace', hostCompany, workplaceAttestation }),
    done('cmp_1', 'unt_m1', '2026-01-10'),
    done('cmp_3', 'unt_m2', '2026-01-15')
  ]
  const m = { moduleId: 'mod_mag', moduleVersion: 1, moduleTitle: MAGAZIJN, providerId: 'org_roc', providerName: 'ROC van Twente' }
  const e1 = { completionId: 'cmp_1', unitId: 'unt_m1', unitKey: 'les-1', unitTitle: 'Veiligheidsregels', ...m, completedOn: '2026-01-10', assessment: 'test', workplaceLearning: false, hostCompany: null, workplaceAttestation: null }
  const e3 = { completionId: 'cmp_3', unitId: 'unt_m2', unitKey: 'les-2', unitTitle: 'Heftruck in de praktijk', ...m, completedOn: '2026-01-15', assessment: 'test', workplaceLearning: false, hostCompany: null, workplaceAttestation: null }
  const e2 = { ...e3, completionId: 'cmp_2', completedOn: '2026-01-20', assessment: 'workplace', workplaceLearning: true, hostCompany, workplaceAttestation }
  t.strictSame(computePortfolio(input(completions)), {
    basicSkills: [],
    vocationalSkills: [
      { skillId: 'skl_heftruck', name: 'Heftruck rijden', escoUri: 'http://data.europa.eu/esco/skill/heftruck', evidence: [e3, e2] },
      { skillId: 'skl_veilig', name: 'Veilig werken', escoUri: null, evidence: [e1, e3, e2] }
    ],
    modules: [magazijn({ status: 'complete', unitsDone: 2, unitsTotal: 2, remaining: [], completedOn: '2026-01-15' })],
    pathways: [],
    summary: { modulesComplete: 1, modulesInProgress: 0, unitsDone: 2, hoursCompleted: 16 }
  })
})

t.test('a voided completion is neither evidence nor a unit done', async (t) => {
  const voided = { voided: true }
  const c1 = done('cmp_1', 'unt_m1', '2026-02-01')
  const result = computePortfolio(input([c1, done('cmp_2', 'unt_m2', '2026-02-02', voided), done('cmp_3', 'unt_t1', '2026-02-03', voided)]))
  t.strictSame(result.vocationalSkills, [{ skillId: 'skl_veilig', name: 'Veilig werken', escoUri: null, evidence: [evidence(c1)] }])
  t.strictSame(result.basicSkills, [], 'the voided reading unit gives no language level')
  t.strictSame(result.modules, [
    magazijn({ status: 'in-progress', unitsDone: 1, unitsTotal: 2, remaining: [{ unitId: 'unt_m2', key: 'les-2', title: 'Heftruck in de praktijk' }], completedOn: null })
  ], 'a version with only voided completions is not listed')
  t.strictSame(result.summary, { modulesComplete: 0, modulesInProgress: 1, unitsDone: 1, hoursCompleted: 0 })
})

t.test('a completion whose unit is not in the version it names is ignored', async (t) => {
  const result = computePortfolio(input([done('cmp_1', 'unt_m1', '2026-02-01', { moduleVersionId: 'mvr_mag2' })]))
  t.strictSame(result.modules, [])
  t.strictSame(result.summary.unitsDone, 0)
})

t.test('a unit done in one version counts in every version that keeps its identity; one entry per module', async (t) => {
  const path = { id: 'pwy_m', name: 'Magazijn', sector: 'logistiek', requirement: { type: 'module', moduleId: 'mod_mag' } } as const
  const old = done('cmp_1', 'unt_m1', '2026-01-05')
  const result = computePortfolio(input([old, done('cmp_3', 'unt_n2', '2026-03-02'), done('cmp_4', 'unt_n3', '2026-03-03')], [path]))
  t.strictSame(result.modules, [
    magazijn({ version: 2, hours: 20, status: 'complete', unitsDone: 3, unitsTotal: 3, remaining: [], completedOn: '2026-03-03' })
  ], 'les-1 done under version 1 counts in version 2, which keeps it')
  t.strictSame(result.summary, { modulesComplete: 1, modulesInProgress: 0, unitsDone: 3, hoursCompleted: 20 })
  t.strictSame(result.pathways.map((p) => [p.met, p.progress]), [[true, 1]])
  t.strictSame(result.vocationalSkills.find((s) => s.skillId === 'skl_veilig')!.evidence.map((e) => [e.completionId, e.moduleVersion]),
    [['cmp_1', 1]], 'evidence names the version the completion was recorded in')

  const both = computePortfolio(input([old, done('cmp_2', 'unt_n1', '2026-03-01'), done('cmp_3', 'unt_n2', '2026-03-02')], [path]))
  t.strictSame(both.modules, [
    magazijn({ version: 2, hours: 20, status: 'in-progress', unitsDone: 2, unitsTotal: 3, remaining: [{ unitId: 'unt_n3', key: 'les-3', title: 'Orderpicken' }], completedOn: null })
  ], 'les-1 done twice counts once')
  t.strictSame(both.summary, { modulesComplete: 0, modulesInProgress: 1, unitsDone: 2, hoursCompleted: 0 })

  const onlyOld = computePortfolio(input([old, done('cmp_5', 'unt_m2', '2026-01-06'), done('cmp_6', 'unt_n3', '2026-03-03')], [path]))
  t.strictSame(onlyOld.modules.map((m) => [m.version, m.status, m.unitsDone, m.unitsTotal, m.completedOn]), [[1, 'complete', 2, 2, '2026-01-06']],
    'version 1 complete is shown: les-2 of version 2 maps to other skills, so it is a unit of its own, not done')
  t.equal(onlyOld.summary.unitsDone, 3, 'les-1, les-2 (first revision) and les-3')
  t.equal(onlyOld.pathways[0]!.met, true, 'version 1 complete meets the module although version 2 exists')
})

t.test('language on two frameworks: 1F/2F and CEFR A2 are separate groups, each with its highest level', async (t) => {
  const c = [done('cmp_1', 'unt_t2', '2026-04-02'), done('cmp_2', 'unt_t1', '2026-04-01'), done('cmp_3', 'unt_t3', '2026-04-03'), done('cmp_4', 'unt_r1', '2026-04-04')]
  const path: PortfolioPathway = {
    id: 'pwy_taal', name: 'Taal', sector: 'algemeen', requirement: { type: 'all', parts: [{ type: 'level', domain: 'language', level: '2F' }, { type: 'level', domain: 'language', level: 'A2' }, { type: 'level', domain: 'language', level: 'B1' }] }
  }
  const result = computePortfolio(input(c, [path]))
  t.strictSame(result.basicSkills, [
    {
      domain: 'language',
      framework: 'referentiekader',
      highestLevel: '2F',
      skills: [
        { skillId: 'skl_lezen1', name: 'Lezen op 1F', level: '1F', evidence: [evidence(c[1]!)] },
        { skillId: 'skl_lezen2', name: 'Lezen op 2F', level: '2F', evidence: [evidence(c[0]!)] }
      ]
    },
    { domain: 'language', framework: 'cefr', highestLevel: 'A2', skills: [{ skillId: 'skl_nt2', name: 'Spreken NT2 A2', level: 'A2', evidence: [evidence(c[2]!)] }] },
    { domain: 'numeracy', framework: 'referentiekader', highestLevel: '1F', skills: [{ skillId: 'skl_rekenen', name: 'Rekenen op 1F', level: '1F', evidence: [evidence(c[3]!)] }] }
  ])
  t.strictSame(result.vocationalSkills, [])
  t.strictSame(result.pathways[0]!.requirement, {
    type: 'all',
    parts: [
      { type: 'level', domain: 'language', level: '2F', met: true, progress: 1 },
      { type: 'level', domain: 'language', level: 'A2', met: true, progress: 1 },
      { type: 'level', domain: 'language', level: 'B1', met: false, progress: 0 }
    ],
    met: false,
    metCount: 2,
    needed: 3,
    progress: 2 / 3
  }, '2F does not meet B1: the frameworks are not compared')
})

t.test('development paths: all, any n and nested trees, with a reference to another path', async (t) => {
  const basis: PortfolioPathway = {
    id: 'pwy_basis', name: 'Basis', sector: 'algemeen', requirement: { type: 'all', parts: [{ type: 'level', domain: 'language', level: '1F' }, { type: 'level', domain: 'numeracy', level: '1F' }] }
  }
  const keuze: PortfolioPathway = {
    id: 'pwy_keuze', name: 'Keuze', sector: 'logistiek', requirement: { type: 'any', n: 2, parts: [{ type: 'module', moduleId: 'mod_mag' }, { type: 'module', moduleId: 'mod_taal' }, { type: 'skill', skillId: 'skl_picken' }] }
  }
  const logistiek: PortfolioPathway = {
    id: 'pwy_log',
    name: 'Logistiek medewerker',
    sector: 'logistiek',
    requirement: {
      type: 'all',
      title: 'Logistiek medewerker',
      parts: [
        { type: 'pathway', pathwayId: 'pwy_basis' },
        { type: 'any', title: 'Taal', n: 1, parts: [{ type: 'level', domain: 'language', level: '2F' }, { type: 'level', domain: 'language', level: 'B1' }] },
        { type: 'module', moduleId: 'mod_mag' }
      ]
    }
  }
  const paths = [logistiek, keuze, basis]
  const base = [done('cmp_1', 'unt_t1', '2026-05-01'), done('cmp_2', 'unt_m1', '2026-05-02'), done('cmp_3', 'unt_m2', '2026-05-03')]

  const first = computePortfolio(input(base, paths))
  t.strictSame(first.pathways, [
    {
      pathwayId: 'pwy_basis',
      name: 'Basis',
      sector: 'algemeen',
      met: false,
      progress: 0.5,
      requirement: {
        type: 'all',
        parts: [{ type: 'level', domain: 'language', level: '1F', met: true, progress: 1 }, { type: 'level', domain: 'numeracy', level: '1F', met: false, progress: 0 }],
        met: false,
        metCount: 1,
        needed: 2,
        progress: 0.5
      }
    },
    {
      pathwayId: 'pwy_keuze',
      name: 'Keuze',
      sector: 'logistiek',
      met: false,
      progress: 0.5,
      requirement: {
        type: 'any',
        n: 2,
        parts: [
          { type: 'module', moduleId: 'mod_mag', met: true, progress: 1 },
          { type: 'module', moduleId: 'mod_taal', met: false, progress: 0 },
          { type: 'skill', skillId: 'skl_picken', met: false, progress: 0 }
        ],
        met: false,
        metCount: 1,
        needed: 2,
        progress: 0.5
      }
    },
    {
      pathwayId: 'pwy_log',
      name: 'Logistiek medewerker',
      sector: 'logistiek',
      met: false,
      progress: 0.5,
      requirement: {
        type: 'all',
        title: 'Logistiek medewerker',
        parts: [
          { type: 'pathway', pathwayId: 'pwy_basis', met: false, progress: 0.5 },
          {
            type: 'any',
            title: 'Taal',
            n: 1,
            parts: [{ type: 'level', domain: 'language', level: '2F', met: false, progress: 0 }, { type: 'level', domain: 'language', level: 'B1', met: false, progress: 0 }],
            met: false,
            metCount: 0,
            needed: 1,
            progress: 0
          },
          { type: 'module', moduleId: 'mod_mag', met: true, progress: 1 }
        ],
        met: false,
        metCount: 1,
        needed: 3,
        progress: 0.5
      }
    }
  ])

  const later = computePortfolio(input([...base, done('cmp_4', 'unt_r1', '2026-06-01'), done('cmp_5', 'unt_t2', '2026-06-02')], paths))
  t.strictSame(later.pathways.map((p) => [p.pathwayId, p.met, p.progress]), [['pwy_basis', true, 1], ['pwy_keuze', false, 0.5], ['pwy_log', true, 1]])
  const log = later.pathways[2]!.requirement
  t.strictSame(log.type === 'all' && log.parts.map((p) => p.met), [true, true, true])

  const picked = computePortfolio(input([...base, done('cmp_6', 'unt_n3', '2026-06-03')], paths))
  t.strictSame(picked.pathways[1]!.requirement, {
    ...first.pathways[1]!.requirement,
    parts: [
      { type: 'module', moduleId: 'mod_mag', met: true, progress: 1 },
      { type: 'module', moduleId: 'mod_taal', met: false, progress: 0 },
      { type: 'skill', skillId: 'skl_picken', met: true, progress: 1 }
    ],
    met: true,
    metCount: 2,
    progress: 1
  }, 'any 2: a complete module and a held skill from another version')
})
