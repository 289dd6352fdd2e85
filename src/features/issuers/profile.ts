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

/** A Profile as it is embedded in a credential's `issuer`. */
export interface IssuerProfile {
  id: string
  type: ['Profile']
  name: string
  url?: string
  description?: string
}

/** A Profile served on its own, with its JSON-LD context. */
export type ProfileDocument = { '@context': string[] } & IssuerProfile

/**
 * The Profile of an issuer: the programme (named `LLO Collectief (via Stapsteen)`, with the
 * service as its homepage) or an organisation (its registered name; organisations have no
 * homepage of their own here, and the service's would misstate who they are).
 */
export function issuerProfile (publicUrl: string, issuer: typeof PROGRAMME_ISSUER | { id: string, name: string }): IssuerProfile {
  if (issuer === PROGRAMME_ISSUER) {
    const id = issuerDid(publicUrl, PROGRAMME_ISSUER)
    return { id, type: ['Profile'], name: PROGRAMME_NAME, url: publicUrl, description: PROGRAMME_DESCRIPTION }
  }
  return { id: issuerDid(publicUrl, issuer.id), type: ['Profile'], name: issuer.name }
}

/** The Profile as a stand-alone JSON-LD document, for `GET /issuers/{issuerId}`. */
export function profileDocument (profile: IssuerProfile): ProfileDocument {
  return { '@context': [...PROFILE_CONTEXT], ...profile }
}
