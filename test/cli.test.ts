import t from 'tap'
import { join } from 'node:path'
import { buildApp } from '../src/app.ts'
import { runCli, type Io } from '../src/cli/index.ts'
import { TEST_CONFIG, call } from './helpers/build.ts'

function capture (): Io & { outLines: string[], errLines: string[] } {
  const outLines: string[] = []
  const errLines: string[] = []
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) }
}

t.test('keys create --role admin prints only the key on stdout, and the key works', async (t) => {
  const dir = t.testdir()
  const config = { ...TEST_CONFIG, dataDir: dir, databasePath: join(dir, 'stapsteen.db') }
  const io = capture()
  t.equal(await runCli(['keys', 'create', '--role', 'admin'], config, io), 0)
  t.equal(io.outLines.length, 1)
  t.match(io.outLines[0], /^stp_key_[0-9a-z]{20}\.[0-9a-z]{32}$/)
  t.match(io.errLines.join('\n'), /whole service/)

  const app = await buildApp(config)
  t.teardown(() => app.close())
  const region = await call(app, io.outLines[0]!, 'POST', '/v1/regions', { slug: 'twente', name: 'Twente' })
  t.equal(region.status, 201, 'a service-wide admin key')
  await app.close()

  const scoped = capture()
  t.equal(await runCli(['keys', 'create', '--role', 'admin', '--region', 'twente'], config, scoped), 0)
  const again = await buildApp(config)
  t.teardown(() => again.close())
  const seen = await call(again, scoped.outLines[0]!, 'GET', '/v1/regions')
  t.same(seen.body.items.map((r: { slug: string }) => r.slug), ['twente'])
  const denied = await call(again, scoped.outLines[0]!, 'POST', '/v1/regions', { slug: 'drenthe', name: 'Drenthe' })
  t.equal(denied.status, 403, 'a region admin cannot make regions')
})

t.test('keys create refuses what makes no sense, on stderr', async (t) => {
  const dir = t.testdir()
  const config = { ...TEST_CONFIG, dataDir: dir, databasePath: join(dir, 'stapsteen.db') }
  const cases: Array<[string[], number, RegExp]> = [
    [['keys', 'create'], 64, /--role must be one of/],
    [['keys', 'create', '--role', 'root'], 64, /--role must be one of/],
    [['keys', 'create', '--role', 'provider'], 64, /only have --role admin/],
    [['keys', 'create', '--role', 'admin', '--region', 'atlantis'], 65, /no region atlantis/],
    [['keys', 'create', '--role', 'coach', '--organisation', 'org_00000000000000000000'], 65, /no organisation/],
    [['frobnicate'], 64, /usage: stapsteen/]
  ]
  for (const [argv, code, message] of cases) {
    const io = capture()
    t.equal(await runCli(argv, config, io), code, argv.join(' '))
    t.same(io.outLines, [], 'nothing on stdout')
    t.match(io.errLines.join('\n'), message)
  }
})
