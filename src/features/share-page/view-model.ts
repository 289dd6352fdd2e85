import type { Lang } from '../../lib/page-text.ts'
import { mergeSkills, readCredentialFacts } from './credential-facts.ts'
import type { CheckedShare } from './checked-share.ts'
import { LEVEL_WORDS, SHARE_TEXT } from './text.ts'
import { displayVerdict } from './verdict.ts'

const LOCALE: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' }

/** A date as words in the page's language ("14 oktober 2026"); undefined when absent or unreadable. */
export function dateInWords (iso: string | null, lang: Lang): string | undefined {
  const ms = iso ? Date.parse(iso) : Number.NaN
  return Number.isNaN(ms) ? undefined : new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(ms)
}

/** Everything the share page shows, in words, from a checked share. Pure. */
export function sharePageModel (checked: CheckedShare, lang: Lang) {
  const words = SHARE_TEXT[lang]
  const credentials = checked.credentials.map(({ row, verdict }) => {
    const facts = readCredentialFacts(row.document)
    return {
      id: row.id,
      verdict: displayVerdict(verdict, lang),
      genuine: verdict === 'genuine',
      name: facts.name,
      issuer: facts.issuerName,
      issuedOn: dateInWords(facts.issuedOn ?? row.issuedAt, lang),
      validUntil: dateInWords(facts.validUntil, lang),
      hours: facts.hours === null ? undefined : words.hoursValue(facts.hours),
      assessed: facts.assessed.map((a) => {
        const how = a.assessment ? words.assessment[a.assessment] : a.genre
        return `${a.part}: ${[how, a.hostCompany ? words.at(a.hostCompany) : null].filter(Boolean).join(' ')}`
      }),
      results: facts.results.map((r) => `${r.part}: ${r.kind === 'status' ? words.status[r.value] ?? r.value : r.kind === 'score' ? `${Math.round(Number(r.value) * 100)}%` : r.value}`),
      skills: facts.skills
    }
  })
  const learned = mergeSkills(credentials.filter((c) => c.genuine).map((c) => c.skills))
  const bad = credentials.filter((c) => !c.genuine).length
  return {
    title: words.title(checked.participant.displayName),
    displayName: checked.participant.displayName,
    summary: credentials.length === 0
      ? { tone: 'warn', icon: 'info', text: words.none }
      : bad === 0
        ? { tone: 'ok', icon: 'check', text: words.allGenuine(credentials.length) }
        : { tone: 'bad', icon: 'warning', text: words.someNot(bad, credentials.length) },
    vocational: learned.vocational,
    basic: learned.basic.map((b) => b.level ? `${b.name}: ${LEVEL_WORDS[lang][b.level] ?? b.level}` : b.name),
    credentials,
    linkUntil: words.linkUntil(dateInWords(checked.share.expiresAt, lang) ?? checked.share.expiresAt),
    words
  }
}
