import { createHash, timingSafeEqual } from 'node:crypto'
import { randomToken } from './ids.ts'

/**
 * Secrets (API keys, later share tokens and personal links) are 160 bits of randomness, so a
 * plain SHA-256 is enough to store them: there is nothing to brute-force as with passwords.
 */
export function hashSecret (secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

export function secretMatches (secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex')
  const b = Buffer.from(storedHash, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** An API key reads `stp_<keyId>.<secret>`: the id finds the row, the secret is checked by hash. */
export function makeApiKey (keyId: string): { key: string, secretHash: string } {
  const secret = randomToken(32)
  return { key: `stp_${keyId}.${secret}`, secretHash: hashSecret(secret) }
}

export function parseApiKey (key: string): { keyId: string, secret: string } | undefined {
  const match = /^stp_(key_[0-9a-z]{20})\.([0-9a-z]{32})$/.exec(key)
  return match ? { keyId: match[1]!, secret: match[2]! } : undefined
}
