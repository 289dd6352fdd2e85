import { Type } from '@sinclair/typebox'

export const StatusListParams = Type.Object({
  listId: Type.String({ minLength: 1, maxLength: 64, description: 'status list id, from a credential\'s `credentialStatus.statusListCredential`' })
})

/** The unsecured list credential, served for `Accept: application/json`. */
export const StatusListCredentialSchema = Type.Object({
  '@context': Type.Array(Type.String()),
  id: Type.String({ format: 'uri' }),
  type: Type.Array(Type.String()),
  issuer: Type.String({ description: 'the issuer\'s did:web, the same as on the credentials in the list' }),
  validFrom: Type.String({ format: 'date-time' }),
  credentialSubject: Type.Object({
    id: Type.String(),
    type: Type.Literal('BitstringStatusList'),
    statusPurpose: Type.Literal('revocation'),
    encodedList: Type.String({ description: 'multibase `u` + base64url (no padding) of the GZIP-compressed bitstring; index 0 is the left-most bit' })
  })
}, { $id: 'BitstringStatusListCredential', title: 'BitstringStatusListCredential (W3C Bitstring Status List v1.0)' })

export const StatusListJwtSchema = Type.String({
  description: 'the list credential as a compact JWS (VC-JWT): the credential plus `iss`, `jti`, `nbf`, `iat`',
  pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$'
})
