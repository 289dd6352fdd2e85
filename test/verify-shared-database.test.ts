import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build, call } from './helpers/build.ts'
import { seedWorld } from './helpers/world.ts'
import { signedByService } from './helpers/verify-fixtures.ts'

/*
 * The verifier keeps what it read (keys, signed status lists) only while nothing is written: here
 * a second service on the same database file (as the CLI or a second process would be) revokes a
 * credential and rotates the key, and the first service sees both on its very next verification.
 */
t.test('a revocation and a rotation made by another process show on the next verification', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stapsteen-shared-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const config = { databasePath: join(dir, 'stapsteen.db'), dataDir: dir }
  const first = await build(t, config)
  const w = await seedWorld(first)
  const org = w.orgs.providerA

  const { jwt, status } = await signedByService(first, org)

  const before = await call(first, null, 'POST', '/v1/verify', { credential: jwt })
  t.equal(before.body.verified, true, JSON.stringify(before.body.checks))
  t.equal((await call(first, null, 'POST', '/v1/verify', { credential: jwt })).body.verified, true, 'again, from what it keeps')

  const second = await build(t, config)
  second.statusLists.revoke(status.listId, status.index)
  await second.issuerKeys.rotate(org)

  const after = await call(first, null, 'POST', '/v1/verify', { credential: jwt })
  t.equal(after.body.verified, false)
  t.same(after.body.checks.status, { status: 'failed', detail: 'revoked' })
  t.match(after.body.checks.issuer.detail, /has since been retired/, 'the rotation by the other process shows too')
})
