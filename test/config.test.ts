import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { ConfigError, readConfig, toAppConfig } from '../src/config.ts'

t.test('defaults: port 3000, ./data, localhost URL', async (t) => {
  const env = readConfig({})
  t.match(env, { PORT: 3000, HOST: 'localhost', DATA_DIR: './data', PUBLIC_URL: 'http://localhost:3000', LOG_LEVEL: 'info' })
  t.match(toAppConfig(env), { databasePath: './data/stapsteen.db', publicUrl: 'http://localhost:3000' })
})

t.test('values from the environment are converted and checked', async (t) => {
  const env = readConfig({ PORT: '8080', DATA_DIR: '/var/lib/stapsteen/', PUBLIC_URL: 'https://stapsteen.example.nl/', TRUST_PROXY: 'true', UNRELATED: 'x' })
  t.match(env, { PORT: 8080, TRUST_PROXY: true })
  t.match(toAppConfig(env), { databasePath: '/var/lib/stapsteen/stapsteen.db', publicUrl: 'https://stapsteen.example.nl' })
  t.throws(() => readConfig({ PORT: 'abc' }), ConfigError)
  t.throws(() => readConfig({ PUBLIC_URL: 'stapsteen.nl' }), /PUBLIC_URL/)
  t.throws(() => readConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL/)
})

t.test('production: PUBLIC_URL must be https and name a host, since did:web allows nothing else', async (t) => {
  const prod = (PUBLIC_URL: string) => readConfig({ NODE_ENV: 'production', PUBLIC_URL })
  t.equal(prod('https://stapsteen.example.nl/llo').PUBLIC_URL, 'https://stapsteen.example.nl/llo')
  t.throws(() => prod('http://stapsteen.example.nl'), { name: 'ConfigError', message: /PUBLIC_URL: must use https in production/ })
  t.throws(() => prod('http://localhost:3000'), { message: /PUBLIC_URL: must use https/ })
  t.throws(() => prod('https://192.168.1.20'), { message: /PUBLIC_URL: must name a host, not the IP address 192\.168\.1\.20/ })
  t.throws(() => prod('https://[2001:db8::1]:8443'), { message: /not the IP address \[2001:db8::1\]/ })
  t.throws(() => prod('http://10.0.0.1'), { message: /https[\s\S]*IP address 10\.0\.0\.1/ }, 'both problems at once')
})

t.test('outside production any valid PUBLIC_URL is allowed, localhost and IP addresses included', async (t) => {
  for (const PUBLIC_URL of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000', 'http://stapsteen.test']) {
    t.equal(readConfig({ PUBLIC_URL }).PUBLIC_URL, PUBLIC_URL)
    t.equal(readConfig({ PUBLIC_URL, NODE_ENV: 'test' }).PUBLIC_URL, PUBLIC_URL)
  }
  t.throws(() => readConfig({ PUBLIC_URL: 'http://exa mple.nl' }), { message: /PUBLIC_URL: http:\/\/exa mple\.nl is not a URL/ })
})

t.test('the server refuses to start on a bad production PUBLIC_URL: a clear message, no stack, exit 78', async (t) => {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli')
  const server = fileURLToPath(new URL('../src/server.ts', import.meta.url))
  const run = spawnSync(process.execPath, [tsx, server], {
    env: { ...process.env, NODE_ENV: 'production', PUBLIC_URL: 'http://203.0.113.7', DATA_DIR: '/nonexistent-stapsteen-test', PORT: '0' },
    encoding: 'utf8',
    timeout: 60_000
  })
  t.equal(run.status, 78, run.stderr)
  t.match(run.stderr, /invalid configuration:\n {2}PUBLIC_URL: must use https in production/)
  t.match(run.stderr, /not the IP address 203\.0\.113\.7/)
  t.notMatch(run.stderr, /\n\s+at /, 'no stack trace')
})
