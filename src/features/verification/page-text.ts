import type { Texts } from '../../lib/page-text.ts'
import type { RevocationReason } from '../../lib/vocabulary.ts'
import type { CheckName, CheckStatus, ProblemKind } from './types.ts'
import type { Verdict } from './verdict.ts'

/** Why a posted form gets no verdict: each is its own message on the form page. */
export type Refusal = 'empty' | 'too-large' | 'not-a-credential' | 'bad-form' | 'wrong-type'

/** One sentence per outcome of a check; `problems` says more where one outcome has several causes. */
interface CheckWords extends Record<CheckStatus, string> {
  label: string
  problems?: Partial<Record<ProblemKind, string>>
}

interface Message { heading: string, text: string }

interface VerifyWords {
  title: string
  heading: string
  intro: string[]
  checksHeading: string
  checksList: string[]
  privacy: string
  pasteLabel: string
  pasteHint: string
  fileLabel: string
  fileHint: string
  submit: string
  resultTitle: string
  verdicts: Record<Verdict, Message>
  refusals: Record<Refusal, Message>
  aboutHeading: string
  aboutUnconfirmed: string
  facts: { achievement: string, issuer: string, issued: string, validUntil: string, noEnd: string, revocationReason: string }
  detailsHeading: string
  statusWords: Record<CheckStatus, string>
  technical: string
  checks: Record<CheckName, CheckWords>
  reasons: Record<RevocationReason, string>
  again: string
}

/** The verify page's words, Dutch at level A2 and plain English; the verifier's own details are for developers. */
export const VERIFY_TEXT: Texts<VerifyWords> = {
  nl: {
    title: 'Bewijs controleren',
    heading: 'Is dit bewijs echt?',
    intro: [
      'Heeft u een bewijs (certificaat) van Stapsteen gekregen? Hier ziet u of het echt is.',
      'U heeft geen account nodig.'
    ],
    checksHeading: 'Wat we controleren',
    checksList: [
      'Of de handtekening klopt: niemand heeft het bewijs veranderd.',
      'Of we de uitgever kennen: de school of opleider die het bewijs gaf.',
      'Of het bewijs nu geldig is, en niet verlopen.',
      'Of de uitgever het bewijs niet heeft ingetrokken.',
      'Of het bewijs goed is opgebouwd.'
    ],
    privacy: 'We bewaren het bewijs niet.',
    pasteLabel: 'Plak hier het bewijs',
    pasteHint: 'Dat is een lange tekst. Die begint vaak met eyJ of met {.',
    fileLabel: 'Of kies een bestand',
    fileHint: 'Een bestand dat eindigt op .jwt of .json. Het mag niet groter zijn dan 2 MB.',
    submit: 'Controleer het bewijs',
    resultTitle: 'Uitslag van de controle',
    verdicts: {
      genuine: { heading: 'Echt', text: 'Dit bewijs is echt. Het is nu geldig.' },
      revoked: { heading: 'Ingetrokken', text: 'De uitgever heeft dit bewijs ingetrokken. Het geldt niet meer.' },
      suspended: { heading: 'Geschorst', text: 'De uitgever heeft dit bewijs tijdelijk stopgezet. Het geldt nu niet.' },
      'status-unknown': { heading: 'Niet te controleren', text: 'We konden nu niet nagaan of dit bewijs is ingetrokken. Probeer het later opnieuw.' },
      expired: { heading: 'Verlopen', text: 'Dit bewijs is verlopen. Het geldt niet meer.' },
      'not-yet-valid': { heading: 'Nog niet geldig', text: 'Dit bewijs geldt pas vanaf een latere datum.' },
      'not-genuine': { heading: 'Niet echt', text: 'Dit bewijs is niet echt, of iemand heeft het veranderd. Vertrouw het niet.' },
      'unknown-issuer': { heading: 'Onbekende uitgever', text: 'We kennen de uitgever van dit bewijs niet. We kunnen niet zeggen of het echt is.' }
    },
    refusals: {
      empty: { heading: 'Plak een bewijs of kies een bestand', text: 'U heeft nog niets gestuurd.' },
      'too-large': { heading: 'Het bestand is te groot (meer dan 2 MB)', text: 'Een bewijs is veel kleiner. Kijk of u het goede bestand heeft gekozen.' },
      'not-a-credential': { heading: 'Dit is geen bewijs dat we kunnen lezen', text: 'Kijk of u het hele bewijs heeft geplakt, of kies het .jwt-bestand.' },
      'bad-form': { heading: 'Dat lukte niet', text: 'Gebruik het formulier op deze pagina. Stuur één bewijs tegelijk.' },
      'wrong-type': { heading: 'Dat lukte niet', text: 'We konden niet lezen wat u stuurde. Gebruik het formulier op deze pagina.' }
    },
    aboutHeading: 'Over dit bewijs',
    aboutUnconfirmed: 'Dit staat in het bewijs. Het is niet bevestigd.',
    facts: {
      achievement: 'Wat is behaald',
      issuer: 'Uitgever',
      issued: 'Gegeven op',
      validUntil: 'Geldig tot',
      noEnd: 'geen einddatum',
      revocationReason: 'Reden van intrekken'
    },
    detailsHeading: 'Elke controle',
    statusWords: { passed: 'Goed', failed: 'Niet goed', warning: 'Let op', skipped: 'Niet gecontroleerd' },
    technical: 'Technische uitleg (Engels)',
    checks: {
      format: {
        label: 'Bestand',
        passed: 'We kunnen het bewijs lezen.',
        failed: 'We kunnen het bewijs niet lezen.',
        warning: 'We kunnen het bewijs lezen, maar er is iets vreemds aan.',
        skipped: 'Dit is niet gecontroleerd.'
      },
      signature: {
        label: 'Handtekening',
        passed: 'De handtekening klopt. Niemand heeft het bewijs veranderd.',
        failed: 'De handtekening ontbreekt of klopt niet. Misschien is het bewijs veranderd.',
        warning: 'Let op bij de handtekening.',
        skipped: 'De handtekening is niet gecontroleerd.'
      },
      issuer: {
        label: 'Uitgever',
        passed: 'We kennen de uitgever. De handtekening is van deze uitgever.',
        failed: 'We kennen de uitgever niet, of de handtekening is van iemand anders.',
        warning: 'Let op: we kunnen de uitgever niet helemaal nagaan.',
        skipped: 'De uitgever is niet gecontroleerd, want de handtekening is niet te controleren.',
        problems: {
          'unknown-issuer': 'We kennen deze uitgever niet. De handtekening klopt wel.',
          'key-retired-before-issue': 'De sleutel van de uitgever was al vervangen toen dit bewijs werd gemaakt.'
        }
      },
      dates: {
        label: 'Datum',
        passed: 'Het bewijs is nu geldig.',
        failed: 'De datums in het bewijs kloppen niet.',
        warning: 'Let op de datums in het bewijs.',
        skipped: 'De datums zijn niet gecontroleerd.',
        problems: {
          expired: 'Het bewijs is verlopen.',
          'not-yet-valid': 'Het bewijs is nog niet geldig.'
        }
      },
      status: {
        label: 'Intrekken',
        passed: 'De uitgever heeft het bewijs niet ingetrokken.',
        failed: 'We konden niet nagaan of het bewijs is ingetrokken.',
        warning: 'Let op: we konden niet alles nagaan over intrekken.',
        skipped: 'Dit is niet gecontroleerd.',
        problems: {
          revoked: 'De uitgever heeft het bewijs ingetrokken.',
          suspended: 'De uitgever heeft het bewijs voor nu stopgezet.'
        }
      },
      schema: {
        label: 'Opbouw',
        passed: 'Het bewijs is goed opgebouwd (Open Badges 3.0).',
        failed: 'Het bewijs is niet goed opgebouwd.',
        warning: 'Let op de opbouw van het bewijs.',
        skipped: 'De opbouw is niet gecontroleerd.'
      }
    },
    reasons: {
      'issued-in-error': 'Het bewijs is per vergissing gegeven.',
      'completion-voided': 'Een deel van de opleiding is verbeterd.',
      'requirements-no-longer-met': 'De eisen worden niet meer gehaald.',
      'participant-request': 'De deelnemer heeft erom gevraagd.',
      fraud: 'Er was fraude.',
      superseded: 'Er is een nieuwer bewijs.'
    },
    again: 'Nog een bewijs controleren'
  },
  en: {
    title: 'Check a credential',
    heading: 'Is this credential genuine?',
    intro: [
      'Did you get a credential (certificate) from Stapsteen? Here you can see if it is genuine.',
      'You do not need an account.'
    ],
    checksHeading: 'What we check',
    checksList: [
      'That the signature is right: nobody changed the credential.',
      'That we know the issuer: the school or provider who gave it.',
      'That the credential is valid now, and not expired.',
      'That the issuer did not revoke the credential.',
      'That the credential is built the right way.'
    ],
    privacy: 'We do not keep the credential.',
    pasteLabel: 'Paste the credential here',
    pasteHint: 'It is a long text. It often starts with eyJ or with {.',
    fileLabel: 'Or choose a file',
    fileHint: 'A file that ends in .jwt or .json. It may not be larger than 2 MB.',
    submit: 'Check the credential',
    resultTitle: 'Result of the check',
    verdicts: {
      genuine: { heading: 'Genuine', text: 'This credential is genuine. It is valid now.' },
      revoked: { heading: 'Revoked', text: 'The issuer revoked this credential. It is no longer valid.' },
      suspended: { heading: 'Suspended', text: 'The issuer put this credential on hold. It is not valid now.' },
      'status-unknown': { heading: 'Cannot be checked', text: 'We could not check now whether this credential was revoked. Please try again later.' },
      expired: { heading: 'Expired', text: 'This credential has expired. It is no longer valid.' },
      'not-yet-valid': { heading: 'Not valid yet', text: 'This credential is only valid from a later date.' },
      'not-genuine': { heading: 'Not genuine', text: 'This credential is not genuine, or someone changed it. Do not trust it.' },
      'unknown-issuer': { heading: 'Unknown issuer', text: 'We do not know the issuer of this credential. We cannot say if it is genuine.' }
    },
    refusals: {
      empty: { heading: 'Paste a credential or choose a file', text: 'You did not send anything yet.' },
      'too-large': { heading: 'The file is too large (more than 2 MB)', text: 'A credential is much smaller. Check that you chose the right file.' },
      'not-a-credential': { heading: 'This is not a credential we can read', text: 'Check that you pasted the whole credential, or choose the .jwt file.' },
      'bad-form': { heading: 'That did not work', text: 'Use the form on this page. Send one credential at a time.' },
      'wrong-type': { heading: 'That did not work', text: 'We could not read what you sent. Use the form on this page.' }
    },
    aboutHeading: 'About this credential',
    aboutUnconfirmed: 'This is what the credential says. It is not confirmed.',
    facts: {
      achievement: 'What was achieved',
      issuer: 'Issuer',
      issued: 'Given on',
      validUntil: 'Valid until',
      noEnd: 'no end date',
      revocationReason: 'Reason for revoking'
    },
    detailsHeading: 'Each check',
    statusWords: { passed: 'OK', failed: 'Failed', warning: 'Warning', skipped: 'Not checked' },
    technical: 'Technical details',
    checks: {
      format: {
        label: 'File',
        passed: 'We can read the credential.',
        failed: 'We cannot read the credential.',
        warning: 'We can read the credential, but something about it is odd.',
        skipped: 'This was not checked.'
      },
      signature: {
        label: 'Signature',
        passed: 'The signature is right. Nobody changed the credential.',
        failed: 'The signature is missing or wrong. The credential may have been changed.',
        warning: 'Take care with the signature.',
        skipped: 'The signature was not checked.'
      },
      issuer: {
        label: 'Issuer',
        passed: 'We know the issuer. The signature is from this issuer.',
        failed: 'We do not know the issuer, or the signature is from someone else.',
        warning: 'Take care: we cannot fully check the issuer.',
        skipped: 'The issuer was not checked, because the signature cannot be checked.',
        problems: {
          'unknown-issuer': 'We do not know this issuer. The signature itself is right.',
          'key-retired-before-issue': 'The issuer had already replaced this key when the credential was made.'
        }
      },
      dates: {
        label: 'Dates',
        passed: 'The credential is valid now.',
        failed: 'The dates in the credential are not right.',
        warning: 'Take care with the dates in the credential.',
        skipped: 'The dates were not checked.',
        problems: {
          expired: 'The credential has expired.',
          'not-yet-valid': 'The credential is not valid yet.'
        }
      },
      status: {
        label: 'Revocation',
        passed: 'The issuer did not revoke the credential.',
        failed: 'We could not find out if the credential was revoked.',
        warning: 'Take care: we could not check everything about revocation.',
        skipped: 'This was not checked.',
        problems: {
          revoked: 'The issuer revoked the credential.',
          suspended: 'The issuer has put the credential on hold.'
        }
      },
      schema: {
        label: 'Structure',
        passed: 'The credential is built the right way (Open Badges 3.0).',
        failed: 'The credential is not built the right way.',
        warning: 'Take care with how the credential is built.',
        skipped: 'The structure was not checked.'
      }
    },
    reasons: {
      'issued-in-error': 'The credential was given by mistake.',
      'completion-voided': 'A part of the training was corrected.',
      'requirements-no-longer-met': 'The requirements are no longer met.',
      'participant-request': 'The participant asked for it.',
      fraud: 'There was fraud.',
      superseded: 'There is a newer credential.'
    },
    again: 'Check another credential'
  }
}
