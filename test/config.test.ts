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
