/*
 * What the participant's page shows, in words: pure functions from the portfolio, the credentials
 * and the share links to plain sentences. No Fastify, no database.
 */
import { dateInWords, type Lang } from '../../lib/page-text.ts'
import type { SkillDomain } from '../../lib/vocabulary.ts'
import type { Framework } from '../catalogue/levels.ts'
import type { EvaluatedNode } from '../pathways/progress.ts'
import type { Portfolio } from '../portfolio/compute.ts'
import { linkState } from '../sharing/rules.ts'
import type { OutcomeRow } from '../outcomes/repository.ts'
import { currentOutcomes, jobOfFollowUp } from '../outcomes/rules.ts'
import { PARTICIPANT_TEXT } from './texts.ts'

const LEVEL_WORDS: Record<Lang, Record<string, string>> = {
  nl: {
    instroom: 'instap',
    '1F': 'basis',
    '2F': 'goed',
    '3F': 'sterk',
    A1: 'beginner',
    A2: 'basis',
    B1: 'zelfstandig',
    B2: 'goed zelfstandig',
    'basis-1': 'eerste stap',
    'basis-2': 'tweede stap'
  },
  en: {
    instroom: 'starting',
    '1F': 'basic',
    '2F': 'good',
    '3F': 'strong',
    A1: 'beginner',
    A2: 'basic',
    B1: 'independent',
    B2: 'well independent',
    'basis-1': 'first step',
    'basis-2': 'second step'
  }
}
const FRAMEWORK_WORDS: Record<Lang, Partial<Record<Framework, string>>> = {
  nl: { cefr: 'Nederlands als tweede taal', digcomp: 'DigComp' },
  en: { cefr: 'Dutch as a second language', digcomp: 'DigComp' }
}

/** A basic-skill level in words: `niveau 1F: basis`, `niveau A2: basis`, `niveau basis-1: eerste stap`. */
export function levelInWords (lang: Lang, level: string): string {
  const niveau = lang === 'nl' ? 'niveau' : 'level'
  const digcomp = /^digcomp-(\d)$/.exec(level)
  if (digcomp) return `DigComp ${niveau} ${digcomp[1]}`
  const words = LEVEL_WORDS[lang][level]
  return words ? `${niveau} ${level}: ${words}` : `${niveau} ${level}`
}

/** How many steps of a development path are still to do: the parts of its top requirement not met yet. */
export function stepsLeft (node: EvaluatedNode): number {
  if (node.met) return 0
  return 'needed' in node ? node.needed - node.metCount : 1
}

/** A safe file name from a title: `veilig-werken-in-het-magazijn`. */
export function fileNameOf (title: string): string {
  const slug = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60)
  return slug || 'bewijs'
}

export interface CredentialFacts {
  id: string
  kind: 'module' | 'pathway' | 'portfolio'
  document: Record<string, unknown>
  issuedAt: string
  revokedAt: string | null
}
export interface ShareFacts {
  id: string
  label: string | null
  scope: 'all' | 'chosen'
  credentialIds: string[] | null
  expiresAt: string
  withdrawnAt: string | null
  viewCount: number
  lastViewedAt: string | null
}

/** The title and issuer name a credential document carries. */
export function credentialTitle (doc: Record<string, unknown>): { title: string, issuerName: string } {
  const d = doc as { name?: string, issuer?: { name?: string } }
  return { title: d.name ?? '', issuerName: d.issuer?.name ?? '' }
}

/**
 * The participant's outcomes that hold now, newest first, one or two short sentences each. A
 * follow-up whose job was retracted, or no longer started long enough before it, is left out,
 * as the figures leave it out.
 */
export function outcomesInWords (lang: Lang, records: readonly OutcomeRow[]): string[] {
  const text = PARTICIPANT_TEXT[lang]
  const number = new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB')
  const where = (job: OutcomeRow) => job.employerName !== null ? text.atEmployer(job.employerName) : text.inSector(job.sector!)
  const dateOf = (r: OutcomeRow) => r.startedOn ?? r.checkedOn!
  return currentOutcomes(records)
    .sort((a, b) => dateOf(b).localeCompare(dateOf(a)) || b.recordedAt.localeCompare(a.recordedAt) || b.id.localeCompare(a.id))
    .flatMap((r) => {
      if (r.kind === 'job-started') {
        return [text.jobStarted(dateInWords(lang, r.startedOn!), where(r), text.contracts[r.contractType!], text.hours(number.format(r.hoursPerWeek!)))]
      }
      if (r.kind === 'education-started') {
        return [text.educationStarted(dateInWords(lang, r.startedOn!), r.level !== null ? `${r.programme!} (${r.level})` : r.programme!)]
      }
      const job = jobOfFollowUp(records, r)
      return job ? [`${text.stillAtWork(r.months!, where(job))} ${text.checkedOn(dateInWords(lang, r.checkedOn!))}`] : []
    })
}

export interface OverviewInput {
  lang: Lang
  displayName: string
  portfolio: Portfolio
  credentials: readonly CredentialFacts[]
  /** titles of module credentials still being made */
  pending: readonly string[]
  shares: readonly ShareFacts[]
  /** every outcome record of the participant, corrected and retracted ones too */
  outcomes: readonly OutcomeRow[]
  canShare: boolean
  now: Date
}

/** Everything the overview page shows, already in words. */
export function buildOverview (input: OverviewInput) {
  const { lang, portfolio, now } = input
  const text = PARTICIPANT_TEXT[lang]
  const workplace = (evidence: ReadonlyArray<{ workplaceLearning: boolean, hostCompany: { name: string } | null }>) => {
    const at = evidence.find((e) => e.workplaceLearning && e.hostCompany)
    return at ? text.atWork(at.hostCompany!.name) : null
  }
  const frameworkNote = (f: Framework) => FRAMEWORK_WORDS[lang][f] ?? null
  return {
    hello: text.hello(input.displayName),
    basic: portfolio.basicSkills.map((g) => ({
      domain: text.domains[g.domain as SkillDomain],
      level: levelInWords(lang, g.highestLevel),
      framework: frameworkNote(g.framework),
      skills: g.skills.map((s) => ({ name: s.name, level: levelInWords(lang, s.level) }))
    })),
    vocational: portfolio.vocationalSkills.map((s) => ({ name: s.name, atWork: workplace(s.evidence) })),
    modules: portfolio.modules.map((m) => ({
      title: m.title,
      provider: m.providerName,
      done: m.status === 'complete',
      state: m.status === 'complete'
        ? (m.completedOn ? text.doneOn(dateInWords(lang, m.completedOn)) : text.done)
        : text.busy(m.unitsTotal - m.unitsDone, m.unitsTotal)
    })),
    // only the paths the participant has started on
    paths: portfolio.pathways.filter((p) => p.met || p.progress > 0).map((p) => ({
      name: p.name,
      met: p.met,
      state: p.met ? text.met : text.stepsLeft(stepsLeft(p.requirement))
    })),
    credentials: [...input.credentials].reverse().map((c) => {
      const { title, issuerName } = credentialTitle(c.document)
      return {
        id: c.id,
        kind: text.kinds[c.kind],
        title: title || text.kinds[c.kind],
        issuerName,
        date: dateInWords(lang, c.issuedAt),
        revoked: c.revokedAt !== null,
        status: c.revokedAt !== null ? text.revoked : text.valid
      }
    }),
    pending: input.pending.map((title) => ({ title, status: text.pending })),
    outcomes: outcomesInWords(lang, input.outcomes),
    choosable: input.credentials.filter((c) => c.revokedAt === null)
      .map((c) => ({ id: c.id, title: credentialTitle(c.document).title || text.kinds[c.kind], date: dateInWords(lang, c.issuedAt) })),
    shares: input.shares.map((s) => {
      const state = linkState(s, now)
      return {
        id: s.id,
        label: s.label ?? text.unnamed,
        scope: s.scope === 'all' ? text.scopeAll : text.scopeChosen(s.credentialIds?.length ?? 0),
        until: dateInWords(lang, s.expiresAt),
        views: s.viewCount === 0 || !s.lastViewedAt ? text.notOpened : text.opened(s.viewCount, dateInWords(lang, s.lastViewedAt, false)),
        state,
        stateWords: text.states[state],
        canStop: state === 'active'
      }
    }),
    canShare: input.canShare
  }
}
export type Overview = ReturnType<typeof buildOverview>
