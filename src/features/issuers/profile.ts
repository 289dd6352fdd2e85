import type { PageContent } from '../../lib/public-page.ts'
import { issuerDid } from './did.ts'

/**
 * Open Badges 3.0 issuer `Profile`s, pure: no I/O. The profile's `id` is the issuer's did:web, so
 * a verifier goes from a credential's `issuer.id` to the keys in its DID document.
 */

/** The issuer id of the programme's own identity (development-path and portfolio credentials). */
export const PROGRAMME_ISSUER = 'programme'
export const PROGRAMME_NAME = 'LLO Collectief (via Stapsteen)'
const PROGRAMME_DESCRIPTION = 'Leven Lang Ontwikkelen Collectief: regionale samenwerking voor leren en werken. ' +
  'Credentials voor ontwikkelpaden en portfolio\'s worden via Stapsteen uitgegeven.'

export const PROFILE_CONTEXT = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']

/** An OB 3.0 Image: what wallets and verifiers show beside a name. */
export interface ImageObject { id: string, type: 'Image', caption?: string }

/** A Profile as it is embedded in a credential's `issuer`. */
export interface IssuerProfile {
  id: string
  type: ['Profile']
  name: string
  url: string
  image: ImageObject
  description?: string
}

/** A Profile served on its own, with its JSON-LD context. */
export type ProfileDocument = { '@context': string[] } & IssuerProfile

/** The public page of an issuer: its Profile as JSON, or as HTML for a browser. */
export const issuerPageUrl = (publicUrl: string, issuerId: string) => `${publicUrl}/issuers/${encodeURIComponent(issuerId)}`

/** The issuer's logo, served by the service (`/issuers/{issuerId}/image.svg`). */
export const issuerImageUrl = (publicUrl: string, issuerId: string) => `${issuerPageUrl(publicUrl, issuerId)}/image.svg`

/**
 * The Profile of an issuer: the programme (named `LLO Collectief (via Stapsteen)`) or an
 * organisation (its registered name). `url` is the issuer's public page on this service and
 * `image` its logo there: organisations have no homepage of their own here, and the service's
 * would misstate who they are.
 */
export function issuerProfile (publicUrl: string, issuer: typeof PROGRAMME_ISSUER | { id: string, name: string }): IssuerProfile {
  const { id, name } = issuer === PROGRAMME_ISSUER ? { id: PROGRAMME_ISSUER, name: PROGRAMME_NAME } : issuer
  return {
    id: issuerDid(publicUrl, id),
    type: ['Profile'],
    name,
    url: issuerPageUrl(publicUrl, id),
    image: { id: issuerImageUrl(publicUrl, id), type: 'Image', caption: `Logo van ${name}` },
    ...(issuer === PROGRAMME_ISSUER ? { description: PROGRAMME_DESCRIPTION } : {})
  }
}

/** The Profile as a stand-alone JSON-LD document, for `GET /issuers/{issuerId}`. */
export function profileDocument (profile: IssuerProfile): ProfileDocument {
  return { '@context': [...PROFILE_CONTEXT], ...profile }
}

/** The issuer's page for a browser: name, logo, what it is, and where its keys are. */
export function profilePage (profile: IssuerProfile): PageContent {
  return {
    title: profile.name,
    image: { src: profile.image.id, alt: profile.image.caption ?? profile.name },
    paragraphs: [
      profile.description ?? 'Deze organisatie geeft via Stapsteen credentials uit voor afgeronde modules.',
      'Een credential van deze uitgever is echt als het ondertekend is met een van de sleutels in het DID-document hieronder.'
    ],
    facts: [
      { label: 'Identiteit (did:web)', value: profile.id },
      { label: 'Sleutels', value: 'DID-document', href: `${profile.url}/did.json` }
    ]
  }
}
