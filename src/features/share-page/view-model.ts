import { dateInWords, type Lang } from '../../lib/page-text.ts'
import { mergeSkills, readCredentialFacts } from './credential-facts.ts'
import type { CheckedShare } from './checked-share.ts'
import { LEVEL_WORDS, SHARE_TEXT } from './text.ts'
import { displayVerdict } from './verdict.ts'

/** Everything the share page shows, in words, from a checked share. Pure. */
export function sharePageModel (checked: CheckedShare, lang: Lang) {
  const words = SHARE_TEXT[lang]
  const credentials = checked.credentials.map(({ row, result, verdict }) => {
    const facts = readCredentialFacts(result.credential ?? {})
    return {
      id: row.id,
      verdict: displayVerdict(verdict, lang),
      genuine: verdict === 'genuine',
      name: facts.name,
      issuer: facts.issuerName,
      issuedOn: dateInWords(lang, facts.issuedOn ?? row.issuedAt),
      validUntil: dateInWords(lang, facts.validUntil),
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
    linkUntil: words.linkUntil(dateInWords(lang, checked.share.expiresAt) ?? checked.share.expiresAt),
    words
  }
}
