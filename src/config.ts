import { isIP } from 'node:net'
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/** The service's settings: one schema gives both the check and the type. */
export const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: 'localhost' }),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  PUBLIC_URL: Type.String({ pattern: '^https?://[^/]+(/.*)?$', default: 'http://localhost:3000' }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
  BODY_LIMIT: Type.Integer({ minimum: 1024, default: 1_048_576 }),
  TRUST_PROXY: Type.Boolean({ default: false }),
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 120 }),
  /** `production` makes PUBLIC_URL strict: see {@link publicUrlProblems} */
  NODE_ENV: Type.String({ default: 'development' })
})

export type EnvConfig = Static<typeof ConfigSchema>

/** What `buildApp` needs: plain values, so that tests never touch the environment. */
export interface AppConfig {
  /** SQLite file path, or ':memory:' */
  databasePath: string
  dataDir: string
  publicUrl: string
  logLevel: EnvConfig['LOG_LEVEL']
  bodyLimit: number
  trustProxy: boolean
  rateLimitMax: number
  /** where the log lines go instead of stdout (tests read them) */
  logStream?: { write: (line: string) => void }
  /**
   * The clock behind every date the service decides by (issuance dates, expiry of links and
   * shares, credential validity, "today" for completions, `checkedAt`). The wall clock unless
   * given: tests give a fixed one.
   */
  now?: () => Date
}

/** The wall clock: the app's `now` when the config gives none. */
export const wallClock = (): Date => new Date()

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Reads and checks settings from an environment-like record. Unknown variables are ignored. */
export function readConfig (env: Record<string, string | undefined>): EnvConfig {
  const picked: Record<string, unknown> = {}
  for (const key of Object.keys(ConfigSchema.properties)) {
    if (env[key] !== undefined && env[key] !== '') picked[key] = env[key]
  }
  const value = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, picked))
  const errors = [...Value.Errors(ConfigSchema, value)]
  const lines = errors.length > 0
    ? errors.map((e) => `${e.path.slice(1)}: ${e.message}`)
    : publicUrlProblems((value as EnvConfig).PUBLIC_URL, (value as EnvConfig).NODE_ENV === 'production').map((p) => `PUBLIC_URL: ${p}`)
  if (lines.length > 0) throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`)
  return value as EnvConfig
}

/**
 * What is wrong with PUBLIC_URL as the base of the issuers' did:web identifiers. did:web resolves
 * over https only and its host must be a domain name, not an IP address, so in production both
 * are refused: credentials issued under such a URL could never be checked by others. Outside
 * production anything that parses is allowed, so that `http://localhost:3000` works for development.
 */
export function publicUrlProblems (publicUrl: string, production: boolean): string[] {
  let url: URL
  try {
    url = new URL(publicUrl)
  } catch {
    return [`${publicUrl} is not a URL`]
  }
  if (!production) return []
  const problems: string[] = []
  if (url.protocol !== 'https:') problems.push(`must use https in production (did:web resolves over https only), not ${url.protocol.slice(0, -1)}`)
  if (isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0) problems.push(`must name a host, not the IP address ${url.hostname}, in production (did:web does not allow IP addresses)`)
  return problems
}

/** Turns checked settings into the app's config, with the database under DATA_DIR. */
export function toAppConfig (env: EnvConfig): AppConfig {
  return {
    databasePath: `${env.DATA_DIR.replace(/\/+$/, '')}/stapsteen.db`,
    dataDir: env.DATA_DIR,
    publicUrl: env.PUBLIC_URL.replace(/\/+$/, ''),
    logLevel: env.LOG_LEVEL,
    bodyLimit: env.BODY_LIMIT,
    trustProxy: env.TRUST_PROXY,
    rateLimitMax: env.RATE_LIMIT_MAX
  }
}
