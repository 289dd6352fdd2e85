import { wallClock, type AppConfig } from '../config.ts'
import { createAuditTrail, operatorEvent } from '../features/audit/trail.ts'
import { openDatabase } from '../db/client.ts'
import { SIGNING_ALGS, type SigningAlg } from '../lib/vocabulary.ts'
import { createIssuerKeys } from '../features/issuers/issuer-keys.ts'
import { createKeyStore } from '../features/issuers/keystore.ts'
import type { Io } from './index.ts'

interface RotateOptions { issuer?: string | undefined, alg?: string | undefined }

/**
 * `stapsteen keys rotate --issuer <org id|programme> [--alg ES256|EdDSA]`: makes a new signing key
 * for the issuer and prints its kid (only that) on stdout. The old key is retired and stays
 * published; a running service signs with the new key from its next credential on.
 * Exit codes: 0 done, 64 bad options, 65 unknown issuer.
 */
export async function rotateKey (config: AppConfig, options: RotateOptions, io: Io): Promise<number> {
  if (!options.issuer) {
    io.err('usage: stapsteen keys rotate --issuer <organisation id|programme> [--alg ES256|EdDSA]')
    return 64
  }
  const alg = (options.alg ?? 'ES256') as SigningAlg
  if (!SIGNING_ALGS.includes(alg)) {
    io.err(`stapsteen keys rotate: --alg must be one of ${SIGNING_ALGS.join(', ')}`)
    return 64
  }
  const db = openDatabase(config.databasePath)
  try {
    const issuerKeys = createIssuerKeys(db, createKeyStore(config), config.publicUrl, config.now)
    if (!issuerKeys.isIssuer(options.issuer)) {
      io.err(`stapsteen keys rotate: no issuer ${options.issuer} (an organisation id, or programme)`)
      return 65
    }
    const retired = issuerKeys.publicKeysOf(options.issuer).filter((k) => k.retiredAt === null)
    const key = await issuerKeys.rotate(options.issuer, alg)
    createAuditTrail(db).append([operatorEvent('issuer.key-rotate', { targetType: 'issuer', targetId: options.issuer }, null, (config.now ?? wallClock)())])
    io.err(`made ${key.alg} key ${key.keyId} for ${options.issuer}` +
      (retired.length > 0 ? `; retired ${retired.map((k) => k.keyId).join(', ')} (still published)` : ''))
    io.out(key.kid)
    return 0
  } finally {
    db.$client.close()
  }
}
