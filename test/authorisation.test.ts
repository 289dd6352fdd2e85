import t from 'tap'
import { build } from './helpers/build.ts'
import { operationsOf } from './helpers/fuzz.ts'
import { seedWorld } from './helpers/world.ts'
import type { Role } from '../src/lib/principal.ts'

const ROLES: Role[] = ['admin', 'provider', 'coach', 'employer', 'analyst']

/** The roles an operation names in its OpenAPI description (the auth plugin writes them there), or null for a public one. */
function rolesOf (description: string | undefined): Role[] | null {
  const match = /Roles: ([a-z, ]+)\.$/.exec(description ?? '')
  return match ? match[1]!.split(', ') as Role[] : null
}

t.test('every operation: the roles it names get past the role check, every other role gets 403, no key gets 401', async (t) => {
  const app = await build(t)
  const w = await seedWorld(app)
  const doc = app.swagger() as any
  let checked = 0
  for (const op of operationsOf(doc)) {
    const roles = rolesOf(doc.paths[op.path][op.method.toLowerCase()].description)
    const url = op.path.replace(/\{[^}]+\}/g, 'x1')
    const send = (key: string | undefined) => app.inject({
      method: op.method as 'GET',
      url,
      headers: key ? { authorization: `Bearer ${key}`, 'content-type': 'application/json' } : { 'content-type': 'application/json' },
      ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: '{}' })
    })
    if (roles === null) {
      // public: answered without a key, and never with an auth problem
      const res = await send(undefined)
      t.notOk([401, 403].includes(res.statusCode), `${op.method} ${op.path} is public`)
      continue
    }
    t.equal((await send(undefined)).statusCode, 401, `${op.method} ${op.path} without a key`)
    for (const role of ROLES) {
      const res = await send(w.keysA[role])
      // a route that answers CSV or a JWT to a role it lets in has no problem code to read
      const body = String(res.headers['content-type']).includes('json') ? res.json() : {}
      if (roles.includes(role)) {
        t.notOk(res.statusCode === 401 || body.code === 'forbidden-role', `${op.method} ${op.path} lets ${role} in`)
      } else {
        t.match({ status: res.statusCode, code: body.code }, { status: 403, code: 'forbidden-role' }, `${op.method} ${op.path} refuses ${role}`)
      }
      checked++
    }
  }
  t.ok(checked > 150, `${checked} role checks over every operation`)
})
