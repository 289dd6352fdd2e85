import { Type, type TSchema } from '@sinclair/typebox'
import { StringEnum } from '../../lib/typebox.ts'
import { CHECK_NAMES } from './types.ts'

const CheckSchema = Type.Object({
  status: StringEnum(['passed', 'failed', 'warning', 'skipped'] as const),
  detail: Type.String()
}, { additionalProperties: false })

export const ChecksSchema = Type.Object(
  Object.fromEntries(CHECK_NAMES.map((name) => [name, CheckSchema])) as Record<typeof CHECK_NAMES[number], typeof CheckSchema>,
  { $id: 'VerificationChecks', additionalProperties: false, description: 'each check on its own: `failed` stops verification, `warning` does not' }
)

export const VerificationResultSchema = Type.Object({
  verified: Type.Boolean({ description: 'true only when no check failed' }),
  checks: Type.Ref('VerificationChecks'),
  credential: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'the credential as read: the JWT payload without the JWT claims' })),
  issuer: Type.Optional(Type.String({ description: 'the issuer the credential names (trustworthy only when verified)' })),
  revocation: Type.Optional(Type.Object({
    revoked: Type.Boolean(),
    reason: Type.Optional(Type.String({ description: 'the issuer\'s reason, when it gave one' }))
  }, { additionalProperties: false }))
}, { $id: 'VerificationResult', additionalProperties: false, title: 'Verification result' })

const CredentialInput = (description: string) => Type.Union([
  Type.String({ minLength: 1, description: 'a compact VC-JWT' }),
  Type.Object({}, { additionalProperties: true, description: 'an EnvelopedVerifiableCredential, or a credential document' })
], { description })

export const VerifyBody = Type.Object({
  credential: CredentialInput('the credential: a compact JWT, or an EnvelopedVerifiableCredential (`id: data:application/vc+jwt,<jwt>`)')
}, { additionalProperties: false })

export const RawJwtBody = Type.String({ minLength: 1, description: 'a compact VC-JWT as the whole body' })

export const VcApiVerifyBody = Type.Object({
  verifiableCredential: CredentialInput('an EnvelopedVerifiableCredential (`id: data:application/vc+jwt,<jwt>`) or a compact JWT'),
  options: Type.Optional(Type.Object({
    returnResults: Type.Optional(Type.Boolean({ default: true, description: 'include `results`, per part of the credential (default true)' })),
    returnProblemDetails: Type.Optional(Type.Boolean({ default: true, description: 'include `problemDetails` (default true)' })),
    returnCredential: Type.Optional(Type.Boolean({ default: false, description: 'include the credential in the form it was verified in (default false)' }))
  }, { additionalProperties: false, description: 'the VC API VerifyCredentialOptions; every check is always made, and an unknown option is a 400' }))
}, { additionalProperties: false })

const ProblemDetailsSchema = Type.Object({
  type: Type.String({ description: 'a URL naming the kind of problem: VC Data Model 2.0 and Bitstring Status List types where they apply, else `urn:stapsteen:problem:…`' }),
  title: Type.String(),
  detail: Type.String()
}, { additionalProperties: false })

const Checked = <T extends TSchema>(input: T, description: string) =>
  Type.Object({ verified: Type.Boolean(), input }, { additionalProperties: false, description })

export const VcApiVerifyResponse = Type.Object({
  verified: Type.Boolean({ description: 'true only when no check failed (warnings allowed)' }),
  credential: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'with `options.returnCredential`: the credential as verified (a VC-JWT as its EnvelopedVerifiableCredential)' })),
  problemDetails: Type.Optional(Type.Array(ProblemDetailsSchema, { description: 'every failed check and every warning; a revoked or suspended status is one' })),
  results: Type.Optional(Type.Object({
    proof: Type.Optional(Type.Array(Checked(Type.Object({}, { additionalProperties: true }), 'the JWS: its protected header'))),
    validFrom: Type.Optional(Checked(Type.String(), 'validFrom, when the credential has one')),
    validUntil: Type.Optional(Checked(Type.String(), 'validUntil, when the credential has one')),
    credentialSchema: Type.Optional(Type.Array(Checked(Type.Unknown(), 'a credentialSchema entry, checked as the Open Badges 3.0 / CLR 2.0 schema'))),
    credentialStatus: Type.Optional(Type.Array(Type.Object({
      value: Type.Optional(Type.Integer({ description: 'the status value read from the list' })),
      verified: Type.Boolean(),
      input: Type.Unknown()
    }, { additionalProperties: false })))
  }, { additionalProperties: false }))
}, { additionalProperties: false, title: 'VC API VerificationResult' })
