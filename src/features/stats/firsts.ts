/*
 * The facts counted once per participant, on the day they first became true: a module first
 * completed, both a vocational and a basic-skills module done, a first job, a first confirmation
 * of still being at work after 6 months. Counting each on one day makes every measure add up over
 * quarters and years, which the suppression relies on. Decided from the records as they stand
 * now: a credential revoked as a mistake, a voided completion or a retracted outcome no longer
 * counts, also for past periods. Pure.
 */
import { intoWork, stillAtWorkAfter, type OutcomeRecord } from '../outcomes/rules.ts'
import type { ModuleKind } from '../../lib/vocabulary.ts'
import type { Measure } from './report.ts'

/** A fact to count: the measure, the participant's region and the day (or moment) it became true. */
export type DatedFact = [measure: Measure, regionId: string, date: string]

/** A module a participant completed: the first valid credential for it. */
export interface ModuleFirst { regionId: string, participantId: string, kind: ModuleKind, issuedAt: string }

const MODULE_MEASURE: Record<ModuleKind, Measure> = { vocational: 'modulesVocational', basic: 'modulesBasic', combined: 'modulesCombined' }

/**
 * Hands runs of consecutive rows with the same key (rows come ordered by it) to `onGroup`, as the
 * rows are pushed one by one; `end()` hands over the last run.
 */
export function grouper<T> (keyOf: (row: T) => string, onGroup: (rows: T[]) => void) {
  let group: T[] = []
  let key: string | undefined
  return {
    push (row: T): void {
      const k = keyOf(row)
      if (group.length > 0 && k !== key) { onGroup(group); group = [] }
      key = k
      group.push(row)
    },
    end (): void {
      if (group.length > 0) onGroup(group)
      group = []
    }
  }
}

const earliest = (dates: readonly string[]): string | undefined => dates.length === 0 ? undefined : dates.reduce((a, b) => (b < a ? b : a))

/**
 * One participant's modules completed, by kind, and the day they had done both a vocational and
 * a basic-skills module (a combined module counts for both): the later of the first of each.
 */
export function achievementFacts (modules: readonly ModuleFirst[]): DatedFact[] {
  const facts = modules.map((m): DatedFact => [MODULE_MEASURE[m.kind], m.regionId, m.issuedAt])
  const vocational = earliest(modules.filter((m) => m.kind !== 'basic').map((m) => m.issuedAt))
  const basic = earliest(modules.filter((m) => m.kind !== 'vocational').map((m) => m.issuedAt))
  if (vocational !== undefined && basic !== undefined) {
    facts.push(['participantsVocationalAndBasic', modules[0]!.regionId, vocational > basic ? vocational : basic])
  }
  return facts
}

/** The first of `dates` on which `holds` is true (it stays true from then on), or undefined. */
function firstDay (dates: Iterable<string | null>, holds: (day: string) => boolean): string | undefined {
  return [...new Set(dates)].filter((d): d is string => d !== null).sort().find(holds)
}

/**
 * One participant's outcome facts: into work on the day the first job (as recorded now)
 * started; still at work after 6 months on the day that was first confirmed (a 12-month
 * confirmation counts too), by the outcome rules.
 */
export function outcomeFacts (regionId: string, records: readonly OutcomeRecord[]): DatedFact[] {
  const facts: DatedFact[] = []
  const started = firstDay(records.map((r) => r.startedOn), (day) => intoWork(records, day))
  if (started !== undefined) facts.push(['intoWork', regionId, started])
  const confirmed = firstDay(records.map((r) => r.checkedOn), (day) => stillAtWorkAfter(records, 6, day))
  if (confirmed !== undefined) facts.push(['stillAtWorkAfter6Months', regionId, confirmed])
  return facts
}
