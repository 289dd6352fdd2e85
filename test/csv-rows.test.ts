import t from 'tap'
import {
  checkHeader, columnOfPointer, completionFromRow, CsvFileError, decodeCsvText, describeRowError, detectDelimiter, readCsv, type CsvColumn
} from '../src/cli/csv-rows.ts'
import { createProgress, renderProgress } from '../src/cli/progress.ts'

t.test('the delimiter is whichever of ; and , the header line has more of, outside quotes', async (t) => {
  t.equal(detectDelimiter('external_id;unit_id;completed_on\n1,2,3,4,5'), ';')
  t.equal(detectDelimiter('external_id,unit_id\r\na;b;c;d'), ',')
  t.equal(detectDelimiter('"a;b;c",d,e\n'), ',', 'semicolons inside quotes do not count')
  t.equal(detectDelimiter('external_id'), ',')
})

t.test('readCsv numbers rows as a spreadsheet does and skips blank ones', async (t) => {
  const text = '\uFEFFexternal_id;trainer_statement\r\nx-1;"twee\r\nregels"\r\n\r\n;\r\nx-2;"met ""quotes"" en ;"\r\n'
  const { header, rows } = readCsv(text)
  t.same(header, ['external_id', 'trainer_statement'], 'the BOM is not part of the first column name')
  t.same(rows, [
    { row: 2, cells: ['x-1', 'twee\r\nregels'] },
    { row: 5, cells: ['x-2', 'met "quotes" en ;'] }
  ], 'a quoted line break stays in its row; blank rows 3 and 4 are skipped but counted')
})

t.test('readCsv refuses what is not CSV, with the parser\'s line number', async (t) => {
  t.throws(() => readCsv('a,b\n1,2\n3,"open\n4,5\n'), { name: 'Error', line: 4, message: /^not valid CSV at line 4: Quote Not Closed/ })
  t.throws(() => readCsv('a,b\n1,x"y"\n'), { line: 2, message: /Invalid Opening Quote/ })
  t.throws(() => readCsv(''), new CsvFileError('the file is empty; its first row must name the columns', 1))
  t.throws(() => readCsv('\n\n'), { message: /the file is empty/ })
})

t.test('decodeCsvText takes UTF-8 with or without a BOM and refuses Windows-1252', async (t) => {
  const utf8 = new TextEncoder().encode('\uFEFFhost_company\nCafé de Zon')
  t.equal(decodeCsvText(utf8), 'host_company\nCafé de Zon')
  t.throws(() => decodeCsvText(Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x0a])), { message: /not UTF-8 text; in Excel choose "Save as" → "CSV UTF-8"/ })
})

t.test('checkHeader names unknown, doubled and missing columns', async (t) => {
  const good = ['unit_id', 'external_id', 'participant_reference', 'completed_on', 'assessment', 'score']
  t.same(checkHeader(good), { ok: true, columns: good })
  t.same(checkHeader(['external_id', 'participant_id', 'unit_id', 'completed_on', 'assessment', 'colour', '']), {
    ok: false,
    problems: ['unknown columns: colour, (a column without a name) (known: external_id, participant_id, participant_reference, unit_id, completed_on, assessment, host_company, host_company_kvk, trainer_name, trainer_role, trainer_statement, trainer_attested_on, evidence_url, passed, grade, score)']
  })
  t.same(checkHeader(['external_id', 'external_id', 'unit_id']), {
    ok: false,
    problems: ['columns named twice: external_id', 'missing columns: completed_on, assessment', 'missing column: participant_id or participant_reference']
  })
})

const ALL: CsvColumn[] = ['external_id', 'participant_id', 'participant_reference', 'unit_id', 'completed_on', 'assessment', 'host_company',
  'host_company_kvk', 'trainer_name', 'trainer_role', 'trainer_statement', 'trainer_attested_on', 'evidence_url', 'passed', 'grade', 'score']

t.test('completionFromRow maps every column into a CompletionBody', async (t) => {
  const cells = [' x-1 ', '', 'ROC-1001', 'unt_aaaaaaaaaaaaaaaaaaaa', '2026-10-14', 'workplace', 'Logistiek Hengelo BV', '12345678',
    'Jan Smit', 'praktijkopleider', 'Werkt veilig.\r\n  Meldt gevaren.', '2026-10-15', 'https://example.nl/bewijs', 'Ja', '8', '0,75']
  t.same(completionFromRow(ALL, cells), {
    errors: [],
    body: {
      externalId: 'x-1',
      participantReference: 'ROC-1001',
      unitId: 'unt_aaaaaaaaaaaaaaaaaaaa',
      completedOn: '2026-10-14',
      assessment: 'workplace',
      hostCompany: { name: 'Logistiek Hengelo BV', kvkNumber: '12345678' },
      workplaceAttestation: { name: 'Jan Smit', role: 'praktijkopleider', statement: 'Werkt veilig. Meldt gevaren.', attestedOn: '2026-10-15' },
      evidenceUrl: 'https://example.nl/bewijs',
      result: { passed: true, grade: '8', scaledScore: 0.75 }
    }
  })
})

t.test('completionFromRow: empty cells are absent, partial groups stay partial, odd values stay text', async (t) => {
  const columns: CsvColumn[] = ['external_id', 'participant_id', 'trainer_name', 'trainer_statement', 'passed', 'score', 'host_company_kvk']
  t.same(completionFromRow(columns, ['x-2', 'ppt_aaaaaaaaaaaaaaaaaaaa', 'Jan', '  ', 'misschien', 'hoog', '123']).body, {
    externalId: 'x-2',
    participantId: 'ppt_aaaaaaaaaaaaaaaaaaaa',
    hostCompany: { kvkNumber: '123' },
    workplaceAttestation: { name: 'Jan' },
    result: { passed: 'misschien', scaledScore: 'hoog' }
  }, 'so the validator reports host_company, trainer_role, trainer_statement, passed and score')
  const passed = (v: string) => completionFromRow(['passed'], [v]).body
  t.same(['ja', 'NEE', 'true', 'False', '1', '0'].map(passed), [true, false, true, false, true, false].map((p) => ({ result: { passed: p } })))
  t.same(completionFromRow(['score'], ['1']).body, { result: { scaledScore: 1 } })
  t.same(completionFromRow(['external_id'], ['x-3', '', ' ']), { body: { externalId: 'x-3' }, errors: [] }, 'empty extra cells are fine')
  t.same(completionFromRow(['external_id'], ['x-4', 'oeps']).errors,
    [{ code: 'too-many-cells', detail: 'has 1 filled cell(s) beyond the 1 columns of the header' }])
  t.same(completionFromRow(['external_id', 'unit_id'], ['x-5']).body, { externalId: 'x-5' }, 'a short row lacks the rest')
})

t.test('errors point at columns, in the CSV\'s own words', async (t) => {
  t.equal(columnOfPointer('#/workplaceAttestation/name'), 'trainer_name')
  t.equal(columnOfPointer('#/hostCompany/kvkNumber'), 'host_company_kvk')
  t.equal(columnOfPointer('#/participantId'), 'participant_id')
  t.equal(columnOfPointer('#/result/scaledScore'), 'score')
  t.equal(columnOfPointer('#/colour'), undefined)
  t.equal(describeRowError(7, { code: 'invalid-format', pointer: '#/completedOn', detail: 'must match format "date"' }),
    'row 7, column completed_on: must match format "date" (invalid-format)')
  t.equal(describeRowError(3, { code: 'participant-required', pointer: '#/participantId', detail: 'name the participant by participantId…' }),
    'row 3, column participant_id: fill in participant_id or participant_reference (participant-required)')
  t.equal(describeRowError(3, { code: 'participant-ambiguous', pointer: '#/participantReference', detail: '…' }),
    'row 3, column participant_reference: fill in participant_id or participant_reference, not both (participant-ambiguous)')
  t.equal(describeRowError(4, { code: 'invalid-type', pointer: '#/result/passed', detail: 'must be boolean' }),
    'row 4, column passed: must be ja, nee, true, false, 1 or 0 (invalid-type)')
  t.equal(describeRowError(4, { code: 'invalid-type', pointer: '#/result/scaledScore', detail: 'must be number' }),
    'row 4, column score: must be a number from 0 to 1, e.g. 0.75 or 0,75 (invalid-type)')
  t.equal(describeRowError(5, { code: 'unknown-field', pointer: '#/colour', detail: 'is not a known field' }), 'row 5, field #/colour: is not a known field (unknown-field)')
  t.equal(describeRowError(6, { code: 'too-many-cells', detail: 'has 1 filled cell(s)' }), 'row 6: has 1 filled cell(s) (too-many-cells)')
})

t.test('the progress bar draws in place, only when asked to, and wipes itself', async (t) => {
  t.equal(renderProgress(300, 1000), '[#########---------------------]  300/1000 rows')
  t.equal(renderProgress(0, 0), '[##############################] 0/0 rows')
  const silent = createProgress(10)
  silent.update(5)
  silent.clear()
  const frames: string[] = []
  const bar = createProgress(400, (f) => frames.push(f))
  bar.clear()
  t.same(frames, [], 'nothing to wipe before the first frame')
  for (let i = 0; i <= 400; i++) bar.update(i)
  t.equal(frames.length, 101, 'one frame per percent')
  t.equal(frames.at(-1), '\r\x1b[2K[##############################] 400/400 rows')
  bar.clear()
  bar.update(400)
  t.same(frames.slice(-2), ['\r\x1b[2K', '\r\x1b[2K[##############################] 400/400 rows'], 'drawn again after a wipe')
})
