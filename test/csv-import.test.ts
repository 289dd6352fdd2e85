import t, { type Test } from 'tap'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildApp } from '../src/app.ts'
import { runCli, type Io } from '../src/cli/index.ts'
import { openDatabase } from '../src/db/client.ts'
import { TEST_CONFIG } from './helpers/build.ts'
import { seedLearning, type Learning } from './helpers/learning.ts'

function capture (progress?: (frame: string) => void): Io & { outLines: string[], errLines: string[] } {
  const outLines: string[] = []
  const errLines: string[] = []
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l), ...(progress ? { progress } : {}) }
}

/** A file database seeded through the API, closed again, as an operator would find it. */
async function setup (t: Test) {
  const dir = t.testdir()
  const config = { ...TEST_CONFIG, dataDir: dir, databasePath: join(dir, 'stapsteen.db') }
  const app = await buildApp(config)
  let learning: Learning
  try {
    learning = await seedLearning(app)
  } finally {
    await app.close()
  }
  const file = (name: string, text: string | Buffer) => { const path = join(dir, name); writeFileSync(path, text); return path }
  const importFile = async (path: string, ...extra: string[]) => {
    const io = capture()
    const code = await runCli(['import', path, '--provider', learning.w.orgs.providerA, ...extra], config, io)
    return { code, summary: io.outLines.length === 1 ? JSON.parse(io.outLines[0]!) : io.outLines, rowErrors: io.errLines.filter((l) => l.startsWith('row ')), io }
  }
  const stored = () => {
    const db = openDatabase(config.databasePath)
    try {
      return db.$client.prepare("select * from completions where source = 'csv' order by external_id").all() as Array<Record<string, any>>
    } finally {
      db.$client.close()
    }
  }
  return { config, learning, file, importFile, stored }
}

t.test('an import stores the good rows, reports each bad one by row and column, and a retry creates nothing', async (t) => {
  const { learning: { module, moduleB, people }, file, importFile, stored } = await setup(t)
  const [u1, u2] = module.unitIds as [string, string]
  const csv = file('mixed.csv', [
    'external_id,participant_id,participant_reference,unit_id,completed_on,assessment,trainer_name,trainer_role,trainer_statement,passed,score',
    `c-1,${people.fatima},,${u1},2026-10-01,test,,,,ja,0.8`,
    `c-2,,ROC-1001,${u2},2026-10-02,workplace,Jan Smit,praktijkopleider,"Werkt veilig,`,
    'meldt gevaren.",,',
    `c-3,${people.henk},,${u1},01-10-2026,test,,,,,`,
    `c-4,${people.henk},,unt_00000000000000000000,2026-10-03,test,,,,,`,
    `c-5,${people.noor},,${u1},2026-10-03,test,,,,,`,
    `c-6,${people.henk},,${u2},2026-10-03,workplace,Jan Smit,,Werkt veilig.,,`,
    `c-7,${people.henk},,${moduleB.unitIds[0]},2026-10-03,test,,,,nee,`,
    `c-8,${people.henk},,${u1},2026-10-03,test,,,,nee,1.5`,
    `c-1,${people.fatima},,${u1},2026-10-01,test,,,,ja,0.8`,
    ''
  ].join('\n'))
  const expectedErrors = [
    'row 4, column completed_on: must match format "date" (invalid-format)',
    'row 5, column unit_id: unit unt_00000000000000000000 does not exist (unknown-unit)',
    `row 6, column participant_id: participant ${people.noor} does not exist (unknown-participant)`,
    'row 7, column trainer_role: is required (missing-field)',
    'row 8, column unit_id: the unit belongs to a module of another provider (not-your-module)',
    'row 9, column score: must be <= 1 (invalid-maximum)'
  ]

  const dry = await importFile(csv, '--dry-run')
  t.equal(dry.code, 65)
  t.same(dry.summary, { rows: 9, created: 2, duplicate: 1, error: 6, dryRun: true })
  t.same(dry.rowErrors, expectedErrors)
  t.same(stored(), [], 'a dry run stores nothing')

  const run = await importFile(csv)
  t.equal(run.code, 65, 'some rows failed')
  t.same(run.summary, { rows: 9, created: 2, duplicate: 1, error: 6, dryRun: false })
  t.same(run.rowErrors, expectedErrors, 'the dry run said exactly this')
  t.match(run.io.errLines.at(-1), /^stapsteen import: 9 rows: 2 created, 1 duplicate, 6 with errors$/)
  const rows = stored()
  t.same(rows.map((r) => [r.external_id, r.participant_id, r.unit_id, r.created_by]),
    [['c-1', people.fatima, u1, 'cli-import'], ['c-2', people.fatima, u2, 'cli-import']])
  t.same(JSON.parse(rows[0]!.result), { passed: true, scaledScore: 0.8 })
  t.same(JSON.parse(rows[1]!.workplace_attestation), { name: 'Jan Smit', role: 'praktijkopleider', statement: 'Werkt veilig, meldt gevaren.' },
    'a line break inside a quoted cell becomes a space')

  const again = await importFile(csv)
  t.same(again.summary, { rows: 9, created: 0, duplicate: 3, error: 6, dryRun: false })
  t.equal(stored().length, 2, 'the retry created nothing')
})

t.test('Dutch Excel: ; as delimiter, a BOM, CRLF line ends, decimal commas', async (t) => {
  const { learning: { module }, file, importFile, stored } = await setup(t)
  const [u1, u2] = module.unitIds as [string, string]
  const text = [
    'unit_id;external_id;participant_reference;completed_on;assessment;host_company;host_company_kvk;passed;grade;score',
    `${u1};nl-1;ROC-1001;2026-09-30;observation;Café de Zon;12345678;nee;onvoldoende;0,4`,
    ';;;;;;;;;',
    `${u2};nl-2;ROC-1001;2026-10-07;portfolio;;;;goed;`
  ].join('\r\n') + '\r\n'
  const csv = file('excel.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))

  const dry = await importFile(csv, '--dry-run')
  t.same([dry.code, dry.summary, dry.rowErrors], [0, { rows: 2, created: 2, duplicate: 0, error: 0, dryRun: true }, []])
  t.match(dry.io.errLines.at(-1), /\(dry run: nothing stored\)$/)
  t.same(stored(), [])

  const run = await importFile(csv)
  t.same([run.code, run.summary], [0, { rows: 2, created: 2, duplicate: 0, error: 0, dryRun: false }])
  const rows = stored()
  t.same(rows.map((r) => [r.external_id, r.assessment, JSON.parse(r.host_company), JSON.parse(r.result)]), [
    ['nl-1', 'observation', { name: 'Café de Zon', kvkNumber: '12345678' }, { passed: false, grade: 'onvoldoende', scaledScore: 0.4 }],
    ['nl-2', 'portfolio', null, { grade: 'goed' }]
  ])

  const again = await importFile(csv)
  t.same([again.code, again.summary], [0, { rows: 2, created: 0, duplicate: 2, error: 0, dryRun: false }])
})

t.test('a file the import cannot trust is refused before anything is stored', async (t) => {
  const { config, learning: { w, module, people }, file, importFile, stored } = await setup(t)
  const good = `${people.fatima},${module.unitIds[0]},2026-10-01,test`

  const unknown = await importFile(file('unknown.csv', `external_id,participant_id,unit_id,completed_on,assessment,colour,kleur\nu-1,${good},blauw,blauw\n`))
  t.equal(unknown.code, 65)
  t.same(unknown.io.outLines, [], 'no summary: nothing was imported')
  t.match(unknown.io.errLines, [/unknown.csv: nothing imported; unknown columns: colour, kleur \(known: external_id, /])

  const quote = await importFile(file('quote.csv', `external_id,participant_id,unit_id,completed_on,assessment\nq-1,${good}\n"q-2,${good}\nq-3,${good}\n`))
  t.equal(quote.code, 65)
  t.match(quote.io.errLines, [/quote.csv: not valid CSV at line 4: Quote Not Closed/])

  const latin1 = await importFile(file('latin1.csv', Buffer.from(`external_id,participant_id,unit_id,completed_on,assessment\nl-1,${good}\n\xe9\n`, 'latin1')))
  t.match([latin1.code, latin1.io.errLines], [65, [/not UTF-8 text/]])

  const missing = await importFile(join(config.dataDir, 'nope.csv'))
  t.match([missing.code, missing.io.errLines], [66, [/cannot read .*nope.csv: ENOENT/]])
  t.same(stored(), [])

  const ok = file('ok.csv', `external_id,participant_id,unit_id,completed_on,assessment\nok-1,${good}\n`)
  const cases: Array<[string[], number, RegExp]> = [
    [['import', ok], 64, /^usage: stapsteen import/],
    [['import', '--provider', w.orgs.providerA], 64, /^usage: stapsteen import/],
    [['import', ok, ok, '--provider', w.orgs.providerA], 64, /^usage: stapsteen import/],
    [['import', ok, '--provider', 'org_00000000000000000000'], 65, /--provider: no organisation org_00000000000000000000/],
    [['import', ok, '--provider', w.orgs.employerA], 65, /is a employer, not a provider/]
  ]
  for (const [argv, code, message] of cases) {
    const io = capture()
    t.equal(await runCli(argv, config, io), code, argv.join(' '))
    t.same(io.outLines, [])
    t.match(io.errLines[0], message)
  }
  t.same(stored(), [])

  const byName = capture()
  t.equal(await runCli(['import', ok, '--provider', 'roc van twente'], config, byName), 0, 'the provider named by its name')
  t.same(JSON.parse(byName.outLines[0]!), { rows: 1, created: 1, duplicate: 0, error: 0, dryRun: false })
})

t.test('thousands of rows go in transactions of 1,000; a dry run sees duplicates across them', async (t) => {
  const { config, learning: { w, module, people }, file, stored } = await setup(t)
  const lines = ['external_id,participant_id,unit_id,completed_on,assessment']
  for (let i = 0; i < 2500; i++) lines.push(`big-${String(i).padStart(4, '0')},${i % 2 ? people.fatima : people.henk},${module.unitIds[i % 2]},2026-10-01,test`)
  lines.push(lines[5]!, `big-0005,${people.noor},${module.unitIds[1]},2026-10-01,test`)
  const csv = file('big.csv', lines.join('\n'))
  const expected = { rows: 2502, created: 2500, duplicate: 1, error: 1 }
  const conflict = /^row 2503, column participant_id: participant ppt_\w+ does not exist \(unknown-participant\)/

  const frames: string[] = []
  const dry = capture((f) => frames.push(f))
  t.equal(await runCli(['import', csv, '--provider', w.orgs.providerA, '--dry-run'], config, dry), 65)
  t.same(JSON.parse(dry.outLines[0]!), { ...expected, dryRun: true })
  t.match(dry.errLines, [conflict, /^stapsteen import: 2502 rows/])
  t.same(stored(), [])
  t.ok(frames.includes('\r\x1b[2K[##############################] 2502/2502 rows'), 'the bar reached the end')
  t.equal(frames.at(-1), '\r\x1b[2K', 'and was wiped before the summary')

  const run = capture()
  t.equal(await runCli(['import', csv, '--provider', w.orgs.providerA], config, run), 65)
  t.same(JSON.parse(run.outLines[0]!), { ...expected, dryRun: false })
  t.equal(stored().length, 2500)
})

t.test('the sample file reads cleanly: only its placeholders are wrong until they are filled in', async (t) => {
  const { importFile } = await setup(t)
  const sample = await importFile(new URL('../examples/completions-sample.csv', import.meta.url).pathname, '--dry-run')
  t.same(sample.summary, { rows: 5, created: 0, duplicate: 0, error: 5, dryRun: true })
  t.same(new Set(sample.rowErrors.map((l) => l.replace(/^row \d+, /, ''))), new Set(['column unit_id: must match pattern "^unt_[0-9a-z]{20}$" (invalid-pattern)']))
})
