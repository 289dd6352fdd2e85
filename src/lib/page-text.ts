/**
 * The languages of the pages for participants and employers: Dutch first, English on request.
 * Each feature keeps its own words (a `{ nl, en }` record of the same shape); this file holds the
 * words every page shares. Dutch aims at level A2: short sentences, common words, one idea each.
 */

export const LANGUAGES = ['nl', 'en'] as const
export type Lang = typeof LANGUAGES[number]

export const isLang = (value: unknown): value is Lang => value === 'nl' || value === 'en'

/** Words in both languages, checked to have the same keys by the type. */
export type Texts<T> = Record<Lang, T>

export const SITE_TEXT = {
  nl: {
    skip: 'Naar de inhoud',
    footer: 'Stapsteen: kleine stappen, echt bewijs.',
    switchTo: 'English',
    notFound: { title: 'Niet gevonden', heading: 'Deze pagina bestaat niet', paragraphs: ['Kijk of de link goed is.', 'Vraag anders een nieuwe link.'] },
    tooMany: { title: 'Even wachten', heading: 'Even wachten', paragraphs: ['U heeft deze pagina te vaak geopend.', 'Probeer het over een minuut opnieuw.'] },
    badRequest: { title: 'Dat lukte niet', heading: 'Dat lukte niet', paragraphs: ['Er ging iets mis met wat u stuurde.', 'Ga terug en probeer het opnieuw.'] },
    serverError: { title: 'Er ging iets mis', heading: 'Er ging iets mis', paragraphs: ['Dit is onze fout, niet de uwe.', 'Probeer het later opnieuw.'] }
  },
  en: {
    skip: 'Skip to content',
    footer: 'Stapsteen: small steps, real proof.',
    switchTo: 'Nederlands',
    notFound: { title: 'Not found', heading: 'This page does not exist', paragraphs: ['Check that the link is right.', 'Or ask for a new link.'] },
    tooMany: { title: 'Please wait', heading: 'Please wait', paragraphs: ['This page was opened too often.', 'Try again in a minute.'] },
    badRequest: { title: 'That did not work', heading: 'That did not work', paragraphs: ['Something was wrong with what you sent.', 'Go back and try again.'] },
    serverError: { title: 'Something went wrong', heading: 'Something went wrong', paragraphs: ['This is our fault, not yours.', 'Please try again later.'] }
  }
} satisfies Texts<unknown>

/** The cookie that remembers a chosen language (functional: no consent needed, nothing personal). */
export const LANG_COOKIE = 'taal'

/**
 * The language of a page: `?lang=` when it names one (and then remembered in a cookie), else the
 * remembered one, else Dutch. Any other `lang` value is ignored, never an error.
 */
export function chooseLanguage (query: unknown, cookie: string | undefined): { lang: Lang, remember: boolean } {
  const asked = typeof query === 'object' && query !== null ? (query as Record<string, unknown>).lang : undefined
  if (isLang(asked)) return { lang: asked, remember: asked !== cookie }
  return { lang: isLang(cookie) ? cookie : 'nl', remember: false }
}

/**
 * A date or date-time in words in the page's language, Dutch time ("14 oktober 2026"; "4
 * december" without the year). A bare date is taken at noon, so that no time zone moves it to
 * another day. Text that is not a date comes back as it is; no value gives undefined.
 */
export function dateInWords (lang: Lang, value: string, withYear?: boolean): string
export function dateInWords (lang: Lang, value: string | null | undefined, withYear?: boolean): string | undefined
export function dateInWords (lang: Lang, value: string | null | undefined, withYear = true): string | undefined {
  if (!value) return undefined
  const ms = Date.parse(value.length === 10 ? `${value}T12:00:00Z` : value)
  if (Number.isNaN(ms)) return value
  return dateFormat(lang, withYear).format(ms)
}

// a formatter costs far more to make than to use: one per language and form, made when first asked
const dateFormats = new Map<string, Intl.DateTimeFormat>()
function dateFormat (lang: Lang, withYear: boolean): Intl.DateTimeFormat {
  const key = `${lang}${withYear ? '+year' : ''}`
  let format = dateFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
      day: 'numeric', month: 'long', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'Europe/Amsterdam'
    })
    dateFormats.set(key, format)
  }
  return format
}
