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
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 120 })
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
}

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
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.path.slice(1)}: ${e.message}`)
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  return value as EnvConfig
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
