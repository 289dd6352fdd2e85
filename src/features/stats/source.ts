/*
 * The facts the figures are counted from, read from the database in a few queries. The large
 * ones (every valid completion, module credentials, outcome records) are read row by row in the
 * order of an index, so that the figures at full scale (millions of completions) need neither
 * much memory nor a sort, and can hand the event loop back between rows.
 */
import { and, asc, eq, inArray, isNotNull, isNull, notInArray, or, sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { Db } from '../../db/client.ts'
import {
  completions, credentials, moduleVersions, outcomeRetractions, outcomes, participants, regions, shareViews, shares
} from '../../db/schema/index.ts'
import type { RevocationReason } from '../../lib/vocabulary.ts'
import type { OutcomeRecord } from '../outcomes/rules.ts'
import { consentHoldsSql } from '../participants/repository.ts'
import { achievementFacts, grouper, outcomeFacts, type DatedFact, type ModuleFirst } from './firsts.ts'
import type { Measure, RegionRef } from './report.ts'
import type { MonthlyCount, Tally } from './tally.ts'

/** Revoked for these reasons, a credential was never earned: it counts as issued and revoked, not as a module or path completed. */
export const MISTAKES = ['issued-in-error', 'completion-voided', 'requirements-no-longer-met', 'fraud'] as const satisfies readonly RevocationReason[]

/**
 * Whose facts are counted: everyone (erased participants too: their rows stay, pseudonymous, for
 * the counts), or only participants whose consent for impact research holds now and who are not erased.
 */
export type Population = 'everyone' | 'research-consent'

type Query = { toSQL: () => { sql: string, params: unknown[] } }

/** An outcome record as read: the participant's region and id, then the record's fields in `OutcomeRecord` order. */
type OutcomeRow = [string, string, string, OutcomeRecord['kind'], string | null, number | null, string | null, string | null, string | null, string, string | null]

/**
 * Asked after every row of a long read: a promise when the event loop should be handed back
 * (the read goes on once it resolves), else undefined.
 */
export type Pace = () => Promise<void> | undefined

/** Never hands the event loop back: for a count that must run in one go. */
export const unpaced: Pace = () => undefined

/**
 * Hands the event loop back once a slice of `sliceMs` has been used, so that requests are
 * answered in between; after each pause, ends the read (rejects) when `stopped()` says so.
 */
export function pacer (sliceMs: number, stopped: () => boolean = () => false): Pace {
  let sliceStart = performance.now()
  let rows = 0
  return () => {
    if (++rows % 256 !== 0 || performance.now() - sliceStart < sliceMs) return undefined
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      if (stopped()) throw new Error('the count was stopped: the service is closing')
      sliceStart = performance.now()
    })
  }
}

/** Pushes every row to `sink`, then ends it, pausing as `pace` says. */
async function feed<T> (rows: Iterable<T>, sink: { push: (row: T) => void, end: () => void }, pace: Pace): Promise<void> {
  for (const row of rows) {
    sink.push(row)
    const pause = pace()
    if (pause !== undefined) await pause
  }
  sink.end()
}

/** The rows of a query as arrays, in the order of its selected fields, one at a time. */
function * streamed<T extends unknown[]> (db: Db, query: Query): Generator<T> {
  const { sql: text, params } = query.toSQL()
  yield * db.$client.prepare(text).raw().iterate(...params) as Iterable<T>
}

const monthOf = (column: SQLiteColumn) => sql<string>`substr(${column}, 1, 7)`

export function createStatsSource (db: Db, population: Population) {
  // the consenting participants as one set, looked up once per participant rather than per row counted
  const counted: SQL | undefined = population === 'everyone'
    ? undefined
    : inArray(participants.id, db.select({ id: participants.id }).from(participants)
      .where(and(consentHoldsSql('impact-research'), isNull(participants.erasedAt))))
  const valid = or(isNull(credentials.revocationReason), notInArray(credentials.revocationReason, [...MISTAKES]))

  /** Counts per region and month of the rows of `table` dated by `column`, by the region of their participant. */
  const monthlyOf = (measure: Measure, table: SQLiteTable, participantColumn: SQLiteColumn, column: SQLiteColumn, where?: SQL): MonthlyCount[] =>
    db.select({ region: participants.regionId, month: monthOf(column), n: sql<number>`count(*)` })
      .from(table).innerJoin(participants, eq(participants.id, participantColumn))
      .where(and(where, counted)).groupBy(participants.regionId, monthOf(column)).all()
      .map((r) => [measure, r.region, r.month, r.n])

  const enrolled = (): MonthlyCount[] =>
    db.select({ region: participants.regionId, month: monthOf(participants.createdAt), n: sql<number>`count(*)` })
      .from(participants).where(counted).groupBy(participants.regionId, monthOf(participants.createdAt)).all()
      .map((r) => ['participantsEnrolled', r.region, r.month, r.n])

  const employerViews = (): MonthlyCount[] =>
    db.select({ region: participants.regionId, month: monthOf(shareViews.viewedAt), n: sql<number>`count(*)` })
      .from(shareViews).innerJoin(shares, eq(shares.id, shareViews.shareId)).innerJoin(participants, eq(participants.id, shares.participantId))
      .where(counted).groupBy(participants.regionId, monthOf(shareViews.viewedAt)).all()
      .map((r) => ['employerViews', r.region, r.month, r.n])

  /** region, participant and day of every valid completion, by participant (the index's order: no sorting) */
  const completionDays = () => streamed<[string, string, string]>(db,
    db.select({ region: participants.regionId, participant: completions.participantId, day: completions.completedOn })
      .from(completions).innerJoin(participants, eq(participants.id, completions.participantId))
      .where(and(isNull(completions.voidedAt), counted)).orderBy(asc(completions.participantId)))

  const moduleFirsts = function * (): Generator<ModuleFirst> {
    // with min(), SQLite takes the other bare columns (the kind) from the row of the first credential
    const rows = streamed<[string, string, ModuleFirst['kind'], string]>(db,
      db.select({ region: participants.regionId, participant: credentials.participantId, kind: moduleVersions.kind, issuedAt: sql<string>`min(${credentials.issuedAt})` })
        .from(credentials).innerJoin(moduleVersions, eq(moduleVersions.id, credentials.subjectRef))
        .innerJoin(participants, eq(participants.id, credentials.participantId))
        .where(and(eq(credentials.kind, 'module'), valid, counted))
        .groupBy(credentials.participantId, moduleVersions.moduleId).orderBy(asc(credentials.participantId)))
    for (const [regionId, participantId, kind, issuedAt] of rows) yield { regionId, participantId, kind, issuedAt }
  }

  const pathFacts = function * (): Generator<DatedFact> {
    const rows = streamed<[string, string]>(db,
      db.select({ region: participants.regionId, issuedAt: sql<string>`min(${credentials.issuedAt})` })
        .from(credentials).innerJoin(participants, eq(participants.id, credentials.participantId))
        .where(and(eq(credentials.kind, 'pathway'), valid, counted))
        .groupBy(credentials.participantId, credentials.subjectRef))
    for (const [region, issuedAt] of rows) yield ['pathsCompleted', region, issuedAt]
  }

  /** every outcome record with its participant's region, by participant */
  const outcomeRows = () => streamed<OutcomeRow>(db,
    db.select({
      region: participants.regionId,
      participant: outcomes.participantId,
      id: outcomes.id,
      kind: outcomes.kind,
      startedOn: outcomes.startedOn,
      months: outcomes.months,
      checkedOn: outcomes.checkedOn,
      jobOutcomeId: outcomes.jobOutcomeId,
      corrects: outcomes.corrects,
      recordedAt: outcomes.recordedAt,
      retractedAt: outcomeRetractions.retractedAt
    }).from(outcomes).innerJoin(participants, eq(participants.id, outcomes.participantId))
      .leftJoin(outcomeRetractions, eq(outcomeRetractions.outcomeId, outcomes.id))
      .where(counted).orderBy(asc(outcomes.participantId)))

  return {
    /** every region, by name */
    regions: (): RegionRef[] => db.select({ id: regions.id, slug: regions.slug, name: regions.name }).from(regions).orderBy(asc(regions.name)).all(),

    /** the day (or moment) of the first thing counted, or undefined when nothing was */
    firstDay: (): string | undefined => {
      const firsts = [
        db.select({ at: sql<string | null>`min(${participants.createdAt})` }).from(participants).get(),
        db.select({ at: sql<string | null>`min(${completions.completedOn})` }).from(completions).get(),
        db.select({ at: sql<string | null>`min(${outcomes.startedOn})` }).from(outcomes).get()
      ].map((r) => r?.at).filter((at): at is string => typeof at === 'string')
      return firsts.length === 0 ? undefined : firsts.reduce((a, b) => (b < a ? b : a))
    },

    /** every fact into the tally; large results row by row, handing the event loop back as `pace` says */
    async countInto (tally: Tally, pace: Pace): Promise<void> {
      const monthly = [
        ...enrolled(),
        ...monthlyOf('credentialsIssued', credentials, credentials.participantId, credentials.issuedAt),
        ...monthlyOf('credentialsRevoked', credentials, credentials.participantId, credentials.revokedAt, isNotNull(credentials.revokedAt)),
        ...employerViews()
      ]
      for (const row of monthly) tally.monthly(row)
      const byParticipant = grouper<[string, string, string]>((row) => row[1], (rows) => { tally.completions(rows[0]![0], rows.map((row) => row[2])) })
      await feed(completionDays(), byParticipant, pace)
      const modules = grouper<ModuleFirst>((m) => m.participantId, (firsts) => { for (const fact of achievementFacts(firsts)) tally.dated(fact) })
      await feed(moduleFirsts(), modules, pace)
      for (const fact of pathFacts()) tally.dated(fact)
      const outcomesOf = grouper<OutcomeRow>((row) => row[1], (rows) => {
        const records = rows.map(([, , id, kind, startedOn, months, checkedOn, jobOutcomeId, corrects, recordedAt, retractedAt]): OutcomeRecord =>
          ({ id, kind, startedOn, months, checkedOn, jobOutcomeId, corrects, recordedAt, retractedAt }))
        for (const fact of outcomeFacts(rows[0]![0], records)) tally.dated(fact)
      })
      await feed(outcomeRows(), outcomesOf, pace)
    }
  }
}
