import { hashSecret } from './secrets.ts'
import { randomToken } from './ids.ts'

/**
 * Capability URLs (`/p/{token}`, `/s/{token}`): whoever holds the link may open it, so the token is
 * the whole secret. 32 base32 characters are 160 random bits; only the SHA-256 of a token is stored.
 */
export const TOKEN_LENGTH = 32

export function newCapabilityToken (): { token: string, tokenHash: string } {
  const token = randomToken(TOKEN_LENGTH)
  return { token, tokenHash: hashSecret(token) }
}

/**
 * The hash a token is looked up by. Any text is hashed, also text that cannot be a token, so that
 * a wrong token costs the same work as a right one: one SHA-256 and one probe of a unique index
 * on the hash. The index probe compares hashes, which tells a guesser nothing about any token.
 */
export const capabilityHash = (token: string): string => hashSecret(token)
