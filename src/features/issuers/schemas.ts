import { Type } from '@sinclair/typebox'
import { Nullable, StringEnum } from '../../lib/typebox.ts'
import { SIGNING_ALGS } from '../../lib/vocabulary.ts'
import { MAX_LOGO_BYTES } from './logo-check.ts'

export const IssuerParams = Type.Object({
  issuerId: Type.String({ maxLength: 64, description: 'an organisation id, or `programme` for the programme\'s own identity' })
})

/**
 * A public JWK. The response serializer writes only the members listed here, so a private member
 * (`d`) could not leave even if one reached a response by mistake.
 */
export const PublicJwkSchema = Type.Object({
  kty: StringEnum(['EC', 'OKP']),
  crv: StringEnum(['P-256', 'Ed25519']),
  x: Type.String(),
  y: Type.Optional(Type.String({ description: 'EC keys only' })),
  kid: Type.String({ description: 'absolute key id: the issuer\'s DID, `#`, the key id' }),
  alg: StringEnum(SIGNING_ALGS),
  use: Type.Literal('sig')
}, { $id: 'PublicJwk', title: 'Public JSON Web Key' })

export const JwksSchema = Type.Object({
  keys: Type.Array(Type.Ref('PublicJwk'))
}, { title: 'JSON Web Key Set (RFC 7517)' })

export const DidDocumentSchema = Type.Object({
  '@context': Type.Array(Type.String()),
  id: Type.String({ description: 'the issuer\'s did:web' }),
  verificationMethod: Type.Array(Type.Object({
    id: Type.String(),
    type: Type.Literal('JsonWebKey2020'),
    controller: Type.String(),
    publicKeyJwk: Type.Ref('PublicJwk')
  })),
  assertionMethod: Type.Array(Type.String())
}, { title: 'DID document (did:web), listing current and retired keys' })

/** An OB 3.0 Image. */
export const ImageSchema = Type.Object({
  id: Type.String({ description: 'where the image is served' }),
  type: Type.Literal('Image'),
  caption: Type.Optional(Type.String())
})

export const ProfileSchema = Type.Object({
  '@context': Type.Array(Type.String()),
  id: Type.String({ description: 'the issuer\'s did:web' }),
  type: Type.Array(Type.Literal('Profile')),
  name: Type.String(),
  url: Type.String({ description: 'the issuer\'s public page on this service' }),
  image: ImageSchema,
  description: Type.Optional(Type.String())
}, { title: 'Open Badges 3.0 issuer Profile' })

export const IssuerKeySchema = Type.Object({
  kid: Type.String({ description: 'absolute key id, as in the JWS header' }),
  keyId: Type.String(),
  issuerId: Type.String(),
  alg: StringEnum(SIGNING_ALGS),
  status: StringEnum(['current', 'retired'], { description: 'current signs new credentials; retired only verifies what it signed' }),
  publicJwk: Type.Ref('PublicJwk'),
  createdAt: Type.String({ format: 'date-time' }),
  retiredAt: Nullable(Type.String({ format: 'date-time' }))
}, { $id: 'IssuerKey' })

export const IssuerKeyList = Type.Object({ items: Type.Array(Type.Ref('IssuerKey')) })

export const RotateKeyBody = Type.Object({
  alg: Type.Optional(StringEnum(SIGNING_ALGS, { description: 'ES256 unless given', default: 'ES256' }))
}, { additionalProperties: false })

export const LogoBody = Type.Object({
  svg: Type.String({ minLength: 1, maxLength: MAX_LOGO_BYTES, description: 'the logo, as SVG text' })
}, { additionalProperties: false })

export const LogoSchema = Type.Object({
  issuerId: Type.String(),
  image: ImageSchema,
  custom: Type.Boolean({ description: 'false: the generated logo (the initials) is shown' }),
  updatedAt: Nullable(Type.String({ format: 'date-time' }))
})
