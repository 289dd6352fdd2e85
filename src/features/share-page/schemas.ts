import { Type } from '@sinclair/typebox'
import { StringEnum } from '../../lib/typebox.ts'
import { CREDENTIAL_KINDS, SHARE_SCOPES } from '../../lib/vocabulary.ts'
import { VERDICTS } from '../verification/verdict.ts'

export const TokenParams = Type.Object({ token: Type.String({ maxLength: 100, description: 'the share link\'s token' }) })
export const PageQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 8 })) })

export const SharedPortfolioSchema = Type.Object({
  participant: Type.Object({ displayName: Type.String() }, { additionalProperties: false }),
  scope: StringEnum(SHARE_SCOPES, { description: '`all`: every credential of the participant; `chosen`: those the participant picked' }),
  sharedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time', description: 'when the link stops working; not when the credentials expire' }),
  checkedAt: Type.String({ format: 'date-time', description: 'when the credentials were verified for this answer' }),
  credentials: Type.Array(Type.Object({
    id: Type.String({ description: 'the service\'s id of the credential' }),
    credentialId: Type.String({ description: 'the credential document\'s own id' }),
    kind: StringEnum(CREDENTIAL_KINDS),
    name: Type.String(),
    issuer: Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false }),
    issuedAt: Type.String({ format: 'date-time' }),
    jwt: Type.String({ description: 'the signed credential (VC-JWT), to keep or verify anywhere' }),
    verification: Type.Object({
      verified: Type.Boolean({ description: 'as POST /v1/verify answers it, just now' }),
      verdict: Type.Union(VERDICTS.map((v) => Type.Literal(v)), { description: 'one word for the outcome: genuine, revoked, expired, …' })
    }, { additionalProperties: false })
  }, { additionalProperties: false }))
}, { $id: 'SharedPortfolio', additionalProperties: false, title: 'A portfolio shared with an employer' })
