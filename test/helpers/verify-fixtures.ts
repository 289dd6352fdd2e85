// Keys, credentials and status lists made here with jose and node:zlib alone, so the verifier's
// tests do not lean on the issuance code they are meant to check.
import { CompactSign, exportJWK, generateKeyPair, type CryptoKey, type JWK, type KeyObject } from 'jose'
import type { FastifyInstance } from 'fastify'
import { gzipSync } from 'node:zlib'
import { checkAgainstSchema } from '../../src/lib/credential-schemas.ts'
import type { CheckName, ResolvedKey, VerificationResult, VerifyDeps } from '../../src/features/verification/types.ts'

export const NOW = new Date('2026-03-01T12:00:00Z')
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'

export interface TestIssuer {
  did: string
  kid: string
  alg: 'ES256' | 'EdDSA'
  privateKey: CryptoKey | KeyObject
  publicJwk: JWK
}

export async function makeIssuer (alg: 'ES256' | 'EdDSA' = 'ES256', did = 'did:web:issuer.example:issuers:org_a', keyId = 'key-1'): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  return { did, kid: `${did}#${keyId}`, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid: `${did}#${keyId}` } }
}

/** An OB 3.0 AchievementCredential that conforms to the official schema. */
export function achievementCredential (issuer: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', OB_CONTEXT],
    id: 'urn:uuid:5b1c2f7e-9d51-4c1e-9b0e-2f6a0d3c8e11',
    type: ['VerifiableCredential', 'AchievementCredential'],
    name: 'Heftruck rijden',
    issuer: { id: issuer, type: ['Profile'], name: 'Opleider Twente' },
    validFrom: '2026-01-15T09:00:00Z',
    credentialSubject: {
      id: 'urn:uuid:0c9a9c1e-3f55-4d0b-8a55-6c2b1d4e7f90',
      type: ['AchievementSubject'],
      achievement: {
        id: 'urn:uuid:8f3e1a2b-1c4d-4e5f-9a6b-7c8d9e0f1a2b',
        type: ['Achievement'],
        name: 'Heftruck rijden',
        description: 'Veilig werken met een heftruck',
        criteria: { narrative: 'Praktijkexamen op de werkplek' }
      }
    },
    ...extra
  }
}

/** Signs a payload as a compact JWS; `header` is merged over `{ alg, kid, typ: 'vc+jwt' }`. */
export async function signJws (issuer: TestIssuer, payload: unknown, header: Record<string, unknown> = {}): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: issuer.alg, kid: issuer.kid, typ: 'vc+jwt', ...header })
    .sign(issuer.privateKey)
}

/** The VC-JWT of a document as OB 3.0 says: the document plus iss, jti, sub, nbf (and exp). */
export async function signCredential (issuer: TestIssuer, document: Record<string, unknown>, claims: Record<string, unknown> = {}): Promise<string> {
  const subject = document.credentialSubject as { id?: string }
  const payload: Record<string, unknown> = {
    ...document,
    iss: issuer.did,
    jti: document.id,
    sub: subject.id,
    nbf: Math.floor(Date.parse(document.validFrom as string) / 1000)
  }
  if (typeof document.validUntil === 'string') payload.exp = Math.floor(Date.parse(document.validUntil) / 1000)
  return signJws(issuer, { ...payload, ...claims })
}

/** A bitstring of `bits` entries with the given indexes set, gzipped, multibase base64url. */
export function encodeList (setIndexes: number[], bits = 131_072): string {
  const bytes = Buffer.alloc(bits / 8)
  for (const i of setIndexes) bytes[i >> 3]! |= 0x80 >> (i & 7)
  return 'u' + gzipSync(bytes).toString('base64url')
}

export function statusEntry (url: string, index: number, purpose = 'revocation') {
  return { id: `${url}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: purpose, statusListIndex: String(index), statusListCredential: url }
}

/** A signed BitstringStatusListCredential at `url`. */
export async function signStatusList (issuer: TestIssuer, url: string, setIndexes: number[], purpose = 'revocation', extra: Record<string, unknown> = {}): Promise<string> {
  return signJws(issuer, {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuer.did,
    iss: issuer.did,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList: encodeList(setIndexes) },
    ...extra
  })
}

export interface FixtureWorld {
  keys?: Array<TestIssuer | { kid: string, key: ResolvedKey }>
  /** keys of issuers that this service does not know */
  foreignKeys?: TestIssuer[]
  lists?: Record<string, string>
  now?: Date
  revocationReason?: VerifyDeps['revocationReason']
}

/** Deps that find the given keys and lists, with the real OB/CLR schema check. */
export function depsFor (world: FixtureWorld = {}): VerifyDeps {
  const keys = new Map<string, ResolvedKey>()
  for (const k of world.keys ?? []) {
    if ('key' in k) keys.set(k.kid, k.key)
    else keys.set(k.kid, { publicJwk: k.publicJwk, issuerKnown: true })
  }
  for (const k of world.foreignKeys ?? []) keys.set(k.kid, { publicJwk: k.publicJwk, issuerKnown: false })
  return {
    resolveKey: async (kid) => keys.get(kid),
    fetchStatusList: async (url) => world.lists?.[url],
    checkSchema: (doc) => checkAgainstSchema(Array.isArray(doc.type) && doc.type.includes('ClrCredential') ? 'clr' : 'achievement', doc),
    now: world.now ?? NOW,
    ...(world.revocationReason ? { revocationReason: world.revocationReason } : {})
  }
}

/** The status of each check, by name. */
export function statusesOf (result: VerificationResult) {
  return Object.fromEntries(Object.entries(result.checks).map(([name, check]) => [name, check.status]))
}

/** Every check passed, except those named. */
export function allPassedBut (overrides: Partial<Record<CheckName, string>>) {
  return { format: 'passed', signature: 'passed', issuer: 'passed', dates: 'passed', status: 'passed', schema: 'passed', ...overrides }
}

/** A credential signed with the organisation's real key, its status allocated in the real lists, valid from a minute before the app's now. */
export async function signedByService (app: FastifyInstance, orgId: string, extra: Record<string, unknown> = {}) {
  const key = await app.issuerKeys.signingKey(orgId)
  const did = app.issuerKeys.didOf(orgId)
  const status = app.statusLists.allocate(orgId, 'crd_test')
  const issuer: TestIssuer = { did, kid: key.kid, alg: key.alg, privateKey: key.privateKey, publicJwk: {} }
  const validFrom = new Date(app.config.now().getTime() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const jwt = await signCredential(issuer, achievementCredential(did, { validFrom, credentialStatus: status.entry, ...extra }))
  return { jwt, status, did }
}
