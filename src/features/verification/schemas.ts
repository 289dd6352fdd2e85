import { Type } from '@sinclair/typebox'
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
  options: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'accepted and ignored: every check is always made' }))
}, { additionalProperties: false })

export const VcApiVerifyResponse = Type.Object({
  verified: Type.Literal(true),
  checks: Type.Array(Type.String(), { description: 'the names of the checks that passed' }),
  warnings: Type.Array(Type.String(), { description: '`check: detail` for each warning' }),
  errors: Type.Array(Type.String(), { description: 'always empty: a credential that does not verify is answered with 422' })
}, { additionalProperties: false, title: 'VC API verification result' })
