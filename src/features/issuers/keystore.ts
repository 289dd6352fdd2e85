import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { JWK } from 'jose'
import type { AppConfig } from '../../config.ts'

/**
 * Where issuers' private keys live. The database holds only public keys; a private key is kept
 * here and nowhere else, and is never served, logged or returned by the API.
 */
export interface KeyStore {
  /** stores a private JWK; refuses to overwrite a key that exists */
  save: (issuerId: string, keyId: string, privateJwk: JWK) => void
  /** the private JWK, or undefined when the store does not hold it */
  load: (issuerId: string, keyId: string) => JWK | undefined
}

/** Issuer ids and key ids become file and directory names: only plain id characters are allowed. */
export const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/

function checkSegments (issuerId: string, keyId: string) {
  if (!SAFE_SEGMENT.test(issuerId) || !SAFE_SEGMENT.test(keyId)) {
    throw new TypeError(`unsafe key path: ${JSON.stringify(issuerId)}/${JSON.stringify(keyId)}`)
  }
}

/**
 * Private keys as JWK files: `{dataDir}/keys/{issuerId}/{keyId}.jwk`, directories mode 0700 and
 * files mode 0600, so only the service's user can read them. A file is written under a temporary
 * name, flushed and then linked to its real name, so a crash never leaves half a key under the real
 * name and an existing key is never replaced.
 */
export function createFileKeyStore (dataDir: string): KeyStore {
  const root = join(dataDir, 'keys')
  const fileOf = (issuerId: string, keyId: string) => join(root, issuerId, `${keyId}.jwk`)
  return {
    save (issuerId, keyId, privateJwk) {
      checkSegments(issuerId, keyId)
      const dir = join(root, issuerId)
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      // mkdir's mode does not touch directories that already exist
      chmodSync(root, 0o700)
      chmodSync(dir, 0o700)
      const file = fileOf(issuerId, keyId)
      const temporary = `${file}.tmp-${process.pid}`
      writeFileSync(temporary, JSON.stringify(privateJwk) + '\n', { mode: 0o600, flag: 'wx', flush: true })
      try {
        // unlike rename, link fails (EEXIST) rather than replace a key that exists
        linkSync(temporary, file)
      } finally {
        unlinkSync(temporary)
      }
    },
    load (issuerId, keyId) {
      checkSegments(issuerId, keyId)
      try {
        return JSON.parse(readFileSync(fileOf(issuerId, keyId), 'utf8')) as JWK
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw err
      }
    }
  }
}

/**
 * Private keys in a Map. Used with a `:memory:` database (tests, the OpenAPI script): the public
 * keys in such a database vanish when it closes, so private keys written to disk would outlive
 * everything that refers to them. Database and keys live and die together.
 */
export function createMemoryKeyStore (): KeyStore {
  const keys = new Map<string, string>()
  return {
    save (issuerId, keyId, privateJwk) {
      checkSegments(issuerId, keyId)
      const name = `${issuerId}/${keyId}`
      if (keys.has(name)) throw new Error(`private key ${keyId} exists`)
      keys.set(name, JSON.stringify(privateJwk))
    },
    load (issuerId, keyId) {
      checkSegments(issuerId, keyId)
      const text = keys.get(`${issuerId}/${keyId}`)
      return text === undefined ? undefined : JSON.parse(text) as JWK
    }
  }
}

/** The key store that fits the config: files under DATA_DIR, or memory for a `:memory:` database. */
export function createKeyStore (config: Pick<AppConfig, 'databasePath' | 'dataDir'>): KeyStore {
  return config.databasePath === ':memory:' ? createMemoryKeyStore() : createFileKeyStore(config.dataDir)
}
