import { SCHEMA_IDS } from '../../lib/credential-schemas.ts'
import type { IssuerProfile } from '../issuers/profile.ts'
import { CONTEXTS, type CredentialSubjectIdentity, type StatusEntry } from './documents.ts'
import { ENVELOPE_PREFIX } from './sign.ts'

/**
 * The CLR 2.0 context defines no `identifier` for a ClrSubject (only the OB 3.0 AchievementSubject
 * and Profile have one), so a JSON-LD reader would drop the subject's hashed name. This local
 * context gives it the OB 3.0 meaning; the CLR schema allows a map as a context entry.
 */
export const CLR_SUBJECT_IDENTIFIER_CONTEXT = {
  identifier: { '@id': 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#identifier', '@container': '@set' }
} as const

/** A held credential as the CLR takes it: the document and the compact JWS that signs it. */
export interface SignedCredential {
  document: Record<string, unknown>
  jwt: string
}

/**
 * One credential as the CLR carries it: the document exactly as signed, with a `proof` that is
 * its original VC-JWT as a W3C `EnvelopedVerifiableCredential` (`id`:
 * `data:application/vc+jwt,<jwt>`). The issuer's own signature survives: a verifier checks the
 * envelope's JWT on its own (POST /v1/verify takes the embedded credential or its proof) and
 * that its payload, less the JWT claims, is the document.
 */
export function embedSignedCredential (credential: SignedCredential): Record<string, unknown> {
  return {
    ...credential.document,
    proof: { type: 'EnvelopedVerifiableCredential', id: `${ENVELOPE_PREFIX}${credential.jwt}` }
  }
}

/**
 * The CLR 2.0 ClrCredential: one signed document that holds the participant's current
 * achievement credentials, each with its own original signature (see {@link embedSignedCredential}).
 */
export function buildClrCredential (input: {
  id: string
  issuer: IssuerProfile
  issuedAt: string
  subject: CredentialSubjectIdentity
  credentials: SignedCredential[]
  status: StatusEntry
}) {
  const achievements = input.credentials
    .map((c) => (c.document.credentialSubject as { achievement?: unknown } | undefined)?.achievement)
    .filter((a): a is Record<string, unknown> => a !== undefined)
  return {
    '@context': [CONTEXTS.vc, CONTEXTS.clr, CONTEXTS.ob, CONTEXTS.extensions, CLR_SUBJECT_IDENTIFIER_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'ClrCredential'],
    name: 'Leerportfolio: vak- en basisvaardigheden',
    description: `Alle geldige credentials van deze deelnemer op ${input.issuedAt.slice(0, 10)}, gebundeld door ${input.issuer.name}.`,
    issuer: input.issuer,
    validFrom: input.issuedAt,
    credentialSubject: {
      id: input.subject.id,
      type: ['ClrSubject'],
      identifier: [input.subject.identity],
      achievement: achievements,
      verifiableCredential: input.credentials.map(embedSignedCredential)
    },
    credentialSchema: [{ id: SCHEMA_IDS.clr, type: '1EdTechJsonSchemaValidator2019' }],
    credentialStatus: input.status
  }
}
