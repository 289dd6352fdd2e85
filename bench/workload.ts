/*
 * The bench's data and arithmetic: which completion the k-th item is, and medians/percentiles.
 * Shared by the HTTP run and the raw better-sqlite3 baseline, so both write equivalent rows.
 */

export const PARTICIPANTS = 100_000
export const UNITS = 20
export const COMPLETIONS = PARTICIPANTS * UNITS
export const BATCH_SIZE = 5_000

/**
 * Participants learn in groups (a class of an intake, enrolled together, so their ids are adjacent)
 * and a group completes a unit together: a provider's export lists each group's completions side
 * by side. The groups themselves come in a scattered order.
 */
export const GROUP_SIZE = 25
const GROUPS = PARTICIPANTS / GROUP_SIZE
/** coprime to GROUPS, so `g * STRIDE mod GROUPS` visits every group in a scattered order */
const STRIDE = 7_919

export interface BenchUnit { unitId: string, moduleVersionId: string }

export interface CompletionItem {
  externalId: string
  participantId: string
  unitId: string
  completedOn: string
  assessment: 'test' | 'workplace' | 'portfolio' | 'observation'
  hostCompany?: { name: string, kvkNumber: string }
  workplaceAttestation?: { name: string, role: string, statement: string, attestedOn: string }
  evidenceUrl?: string
  result?: { passed: boolean, grade: string }
}

const DAY_MS = 86_400_000
const FIRST_DAY = Date.UTC(2024, 0, 1)

/**
 * The k-th completion: unit `k / PARTICIPANTS` for a participant of a group, groups in scattered
 * order, so each participant ends with one completion of every unit (20). Two in ten are workplace learning with
 * host company and trainer attestation, three in ten carry a result, one in ten an evidence link.
 */
export function completionItem (k: number, participantIds: readonly string[], units: readonly BenchUnit[]): CompletionItem {
  const unitIndex = Math.floor(k / PARTICIPANTS) % UNITS
  const i = k % PARTICIPANTS
  const group = (Math.floor(i / GROUP_SIZE) * STRIDE + unitIndex * 31) % GROUPS
  const participant = participantIds[group * GROUP_SIZE + (i % GROUP_SIZE)]!
  const completedOn = new Date(FIRST_DAY + (k % 700) * DAY_MS).toISOString().slice(0, 10)
  const kind = k % 10
  const item: CompletionItem = {
    externalId: `lms-${k}`,
    participantId: participant,
    unitId: units[unitIndex]!.unitId,
    completedOn,
    assessment: kind < 2 ? 'workplace' : kind === 9 ? 'observation' : 'test'
  }
  if (kind < 2) {
    item.hostCompany = { name: `Logistiek Bedrijf ${k % 500} BV`, kvkNumber: String(10_000_000 + (k % 89_999_999)).padStart(8, '0') }
    item.workplaceAttestation = {
      name: 'Jan Jansen',
      role: 'praktijkopleider',
      statement: 'Heeft zelfstandig de heftruck veilig bediend en de dagelijkse controle uitgevoerd.',
      attestedOn: completedOn
    }
  } else if (kind < 5) {
    item.result = { passed: true, grade: kind === 2 ? 'goed' : 'voldoende' }
  }
  if (kind === 5) item.evidenceUrl = `https://lms.example.nl/evidence/${k}`
  return item
}

/**
 * Whether the items from the k-th on are of the last unit of a module: each of them then
 * completes the module for its participant, and the service queues a credential (a batch holds
 * one unit, so this holds for all its items).
 */
export function completesModule (k: number, units: readonly BenchUnit[]): boolean {
  const unitIndex = Math.floor(k / PARTICIPANTS) % UNITS
  return unitIndex === units.length - 1 || units[unitIndex + 1]!.moduleVersionId !== units[unitIndex]!.moduleVersionId
}

export function median (values: readonly number[]): number {
  return percentile(values, 50)
}

/** Nearest-rank percentile; NaN for no values. */
export function percentile (values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}
