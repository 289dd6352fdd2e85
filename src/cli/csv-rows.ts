import { parse } from 'csv-parse/sync'
import type { Code } from '../lib/problems.ts'

/**
 * The columns of a completions CSV and where each lands in a CompletionBody. Pure: no files, no
 * database; `import.ts` hands the bodies to the same recorder the API uses.
 */
export const CSV_COLUMNS = {
  external_id: '#/externalId',
  participant_id: '#/participantId',
  participant_reference: '#/participantReference',
  unit_id: '#/unitId',
  completed_on: '#/completedOn',
  assessment: '#/assessment',
  host_company: '#/hostCompany/name',
  host_company_kvk: '#/hostCompany/kvkNumber',
  trainer_name: '#/workplaceAttestation/name',
  trainer_role: '#/workplaceAttestation/role',
  trainer_statement: '#/workplaceAttestation/statement',
  trainer_attested_on: '#/workplaceAttestation/attestedOn',
  evidence_url: '#/evidenceUrl',
  passed: '#/result/passed',
  grade: '#/result/grade',
  score: '#/result/scaledScore'
} as const
export type CsvColumn = keyof typeof CSV_COLUMNS

const REQUIRED: CsvColumn[] = ['external_id', 'unit_id', 'completed_on', 'assessment']
const COLUMN_NAMES = Object.keys(CSV_COLUMNS) as CsvColumn[]
const COLUMN_OF_POINTER = new Map<string, CsvColumn>(COLUMN_NAMES.map((c) => [CSV_COLUMNS[c], c]))

/** A spreadsheet row of the file (header = row 1), with its cells. */
export interface CsvRow { row: number, cells: string[] }

/** Thrown for a file that cannot be read as CSV at all; `line` is the parser's line number. */
export class CsvFileError extends Error {
  constructor (message: string, readonly line?: number) { super(message) }
}

/** UTF-8 text without its byte order mark; anything else (e.g. Excel's Windows-1252 export) is refused. */
export function decodeCsvText (bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw new CsvFileError('the file is not UTF-8 text; in Excel choose "Save as" → "CSV UTF-8"')
  }
}

/** `;` (what Dutch Excel writes) or `,`, whichever the header line has more of outside quotes. */
export function detectDelimiter (text: string): ';' | ',' {
  let semicolons = 0
  let commas = 0
  let quoted = false
  for (const char of text) {
    if (char === '"') quoted = !quoted
    else if (!quoted && (char === '\n' || char === '\r')) break
    else if (!quoted && char === ';') semicolons++
    else if (!quoted && char === ',') commas++
  }
  return semicolons > commas ? ';' : ','
}

/** Parses the whole text: the header cells and every data row that is not blank, numbered as a spreadsheet shows them. */
export function readCsv (text: string): { header: string[], rows: CsvRow[] } {
  let records: string[][]
  try {
    // blank lines are kept as records so that the row numbers match the spreadsheet's
    records = parse(text, { bom: true, delimiter: detectDelimiter(text.replace(/^\uFEFF/, '')), relax_column_count: true, skip_empty_lines: false })
  } catch (err) {
    const line = typeof (err as { lines?: unknown }).lines === 'number' ? (err as { lines: number }).lines : undefined
    throw new CsvFileError(`not valid CSV${line === undefined ? '' : ` at line ${line}`}: ${(err as Error).message}`, line)
  }
  const [header, ...data] = records
  if (!header || isBlank(header)) throw new CsvFileError('the file is empty; its first row must name the columns', 1)
  return {
    header: header.map((c) => c.trim()),
    rows: data.map((cells, i) => ({ row: i + 2, cells })).filter((r) => !isBlank(r.cells))
  }
}

function isBlank (cells: string[]): boolean {
  return cells.every((c) => c.trim() === '')
}

/** The header's columns, or what is wrong with it (nothing is imported then). */
export function checkHeader (header: string[]): { ok: true, columns: CsvColumn[] } | { ok: false, problems: string[] } {
  const unknown = header.filter((c) => !(COLUMN_NAMES as string[]).includes(c))
  const twice = header.filter((c, i) => header.indexOf(c) !== i)
  const missing = REQUIRED.filter((c) => !header.includes(c))
  const problems = [
    ...(unknown.length > 0 ? [`unknown columns: ${unknown.map((c) => c === '' ? '(a column without a name)' : c).join(', ')} (known: ${COLUMN_NAMES.join(', ')})`] : []),
    ...(twice.length > 0 ? [`columns named twice: ${[...new Set(twice)].join(', ')}`] : []),
    ...(missing.length > 0 ? [`missing columns: ${missing.join(', ')}`] : []),
    ...(!header.includes('participant_id') && !header.includes('participant_reference') ? ['missing column: participant_id or participant_reference'] : [])
  ]
  return problems.length > 0 ? { ok: false, problems } : { ok: true, columns: header as CsvColumn[] }
}

/** `ja`/`nee` as Dutch spreadsheets say it; anything else stays text, so the validator names it. */
function parsePassed (value: string): boolean | string {
  const v = value.toLowerCase()
  if (['ja', 'true', '1', 'yes', 'waar'].includes(v)) return true
  if (['nee', 'false', '0', 'no', 'onwaar'].includes(v)) return false
  return value
}

/** `0.8` or, as Dutch spreadsheets write it, `0,8`; anything else stays text. */
function parseScore (value: string): number | string {
  return /^[+-]?\d+([.,]\d+)?$/.test(value) ? Number(value.replace(',', '.')) : value
}

/**
 * One data row as a completion body. Cells are trimmed, line breaks inside a cell become one space
 * (the API takes single-line text), empty cells are absent. Trainer cells make
 * `workplaceAttestation` and host company cells `hostCompany` as soon as one of them is filled in,
 * so a missing partner cell is reported on its own column. Extra cells beyond the header are an
 * error unless they are empty.
 */
export function completionFromRow (columns: CsvColumn[], cells: string[]): { body: Record<string, unknown>, errors: RowError[] } {
  const errors: RowError[] = []
  const extra = cells.slice(columns.length).filter((c) => c.trim() !== '').length
  if (extra > 0) {
    errors.push({ code: 'too-many-cells', detail: `has ${extra} filled cell(s) beyond the ${columns.length} columns of the header` })
  }
  const value: Partial<Record<CsvColumn, string>> = {}
  columns.forEach((column, i) => {
    const cell = (cells[i] ?? '').replace(/[ \t]*[\r\n\t][\s]*/g, ' ').trim()
    if (cell !== '') value[column] = cell
  })
  const defined = (entries: Record<string, unknown>) => {
    const kept = Object.entries(entries).filter(([, v]) => v !== undefined)
    return kept.length > 0 ? Object.fromEntries(kept) : undefined
  }
  const body = defined({
    externalId: value.external_id,
    participantId: value.participant_id,
    participantReference: value.participant_reference,
    unitId: value.unit_id,
    completedOn: value.completed_on,
    assessment: value.assessment,
    hostCompany: defined({ name: value.host_company, kvkNumber: value.host_company_kvk }),
    workplaceAttestation: defined({ name: value.trainer_name, role: value.trainer_role, statement: value.trainer_statement, attestedOn: value.trainer_attested_on }),
    evidenceUrl: value.evidence_url,
    result: defined({
      passed: value.passed === undefined ? undefined : parsePassed(value.passed),
      grade: value.grade,
      scaledScore: value.score === undefined ? undefined : parseScore(value.score)
    })
  }) ?? {}
  return { body, errors }
}

/** What is wrong with a row: a recorder error (with its JSON pointer) or a CSV-level one. */
export interface RowError { code: Code, detail: string, pointer?: string }

/** The CSV column a recorder error points at, e.g. `#/workplaceAttestation/name` → `trainer_name`. */
export function columnOfPointer (pointer: string): CsvColumn | undefined {
  return COLUMN_OF_POINTER.get(pointer)
}

/** The API's words where the CSV has its own. */
function csvDetail (error: RowError, column: CsvColumn | undefined): string {
  if (error.code === 'participant-required') return 'fill in participant_id or participant_reference'
  if (error.code === 'participant-ambiguous') return 'fill in participant_id or participant_reference, not both'
  if (column === 'passed' && error.code === 'invalid-type') return 'must be ja, nee, true, false, 1 or 0'
  if (column === 'score' && error.code === 'invalid-type') return 'must be a number from 0 to 1, e.g. 0.75 or 0,75'
  return error.detail
}

/** `row 7, column completed_on: must match format "date" (invalid-format)` */
export function describeRowError (row: number, error: RowError): string {
  const column = error.pointer === undefined ? undefined : columnOfPointer(error.pointer)
  const where = column ? `, column ${column}` : error.pointer ? `, field ${error.pointer}` : ''
  return `row ${row}${where}: ${csvDetail(error, column)} (${error.code})`
}
