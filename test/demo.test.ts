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

const keyOf = (lines: string[], role: string) => lines.find((l) => l.trim().startsWith(role))?.match(/stp_key_\S+/)?.[0]

t.test('npm run demo seeds Twente once, prints working keys, and a second run makes nothing', async (t) => {
  const dir = t.testdir()
  const config = { ...TEST_CONFIG, dataDir: dir, databasePath: join(dir, 'stapsteen.db') }
  const first = capture()
  t.equal(await runCli(['demo'], config, first), 0)
  const provider = keyOf(first.outLines, 'provider')
  const coach = keyOf(first.outLines, 'coach')
  t.ok(provider && coach, 'keys printed')

  const counts = async () => {
    const app = await buildApp(config)
    try {
      const get = async (url: string) => (await call(app, coach!, 'GET', url)).body.items.length
      return {
        regions: await get('/v1/regions'),
        organisations: await get('/v1/organisations'),
        skills: await get('/v1/skills?limit=200'),
        modules: await get('/v1/modules'),
        pathways: await get('/v1/pathways'),
        keys: (app.db.$client.prepare('select count(*) as n from api_keys where revoked_at is null').get() as { n: number }).n
      }
    } finally {
      await app.close()
    }
  }
  const before = await counts()
  t.same(before, { regions: 1, organisations: 3, skills: 10, modules: 5, pathways: 1, keys: 5 })

  const second = capture()
  t.equal(await runCli(['demo'], config, second), 0)
  t.match(second.errLines.join('\n'), /nothing made/)
  t.notOk(second.outLines.some((l) => /stp_key_/.test(l)), 'no new keys without --new-keys')
  t.same(await counts(), before)

  const app = await buildApp(config)
  t.teardown(() => app.close())
  const modules = await call(app, provider!, 'GET', '/v1/modules')
  t.same(modules.body.items.map((m: any) => m.current.title).sort(), [
    'De digitale werkapp', 'Heftruck basis', 'Nederlands op de werkvloer (1F)', 'Rekenen voor orderpicken', 'Veilig werken in het magazijn'
  ])
  t.ok(modules.body.items.every((m: any) => m.publishedVersion === 1 && m.current.status === 'published'))
  const path = (await call(app, provider!, 'GET', '/v1/pathways')).body.items[0]
  t.match(path, { sector: 'logistiek', requirement: { type: 'all', parts: [{ type: 'module' }, { type: 'module' }, { type: 'all' }, { type: 'any', n: 1 }] } })
  await app.close()

  const third = capture()
  t.equal(await runCli(['demo', '--new-keys'], config, third), 0)
  const fresh = keyOf(third.outLines, 'provider')
  t.not(fresh, provider)
  const again = await buildApp(config)
  t.teardown(() => again.close())
  t.equal((await call(again, provider!, 'GET', '/v1/modules')).status, 401, 'the old demo key is revoked')
  t.equal((await call(again, fresh!, 'GET', '/v1/modules')).status, 200)
})
