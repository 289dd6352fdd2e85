import t from 'tap'
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { build } from './helpers/build.ts'

/** Sends raw bytes to a listening app and reads the answer until the server closes the connection. */
async function raw (app: FastifyInstance, text: string) {
  const { port } = app.server.address() as AddressInfo
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let data = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => { data += chunk })
    socket.on('close', () => resolve(data))
    socket.on('error', reject)
    socket.end(text)
  })
  const [head, body] = answer.split('\r\n\r\n', 2) as [string, string]
  const [statusLine, ...lines] = head.split('\r\n')
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]))
  return { status: Number(statusLine!.split(' ')[1]), headers, body: JSON.parse(body) }
}

t.test('paths the router refuses answer as problems with a stable code', async (t) => {
  const app = await build(t)
  const badEncoding = await app.inject({ method: 'GET', url: '/v1/modules/%' })
  t.equal(badEncoding.statusCode, 400)
  t.equal(badEncoding.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(badEncoding.json(), { status: 400, code: 'bad-url-encoding', detail: 'the path holds a character that is not validly percent-encoded' })
  t.equal(badEncoding.headers['x-content-type-options'], 'nosniff')

  const long = await app.inject({ method: 'GET', url: `/v1/participants/${'p'.repeat(101)}` })
  t.equal(long.statusCode, 414)
  t.equal(long.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(long.json(), { status: 414, title: 'URI Too Long', code: 'path-too-long' })

  const justRight = await app.inject({ method: 'GET', url: `/v1/participants/${'p'.repeat(100)}` })
  t.match(justRight.json(), { status: 401, code: 'unauthenticated' }, 'a segment at the limit reaches the route')
})

t.test('requests Node refuses to parse answer as problems on the socket', async (t) => {
  const app = await build(t)
  await app.listen({ host: '127.0.0.1', port: 0 })

  const query = await raw(app, `GET /v1/modules?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`)
  t.equal(query.status, 431)
  t.equal(query.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.same(query.body, {
    type: 'urn:stapsteen:problem:headers-too-large',
    title: 'Request Header Fields Too Large',
    status: 431,
    code: 'headers-too-large',
    detail: 'the request line and headers together are too large; a long query string counts too'
  })
  t.equal(query.headers['x-content-type-options'], 'nosniff')

  const header = await raw(app, `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'y'.repeat(20_000)}\r\n\r\n`)
  t.match(header, { status: 431, body: { code: 'headers-too-large' } })

  const garbage = await raw(app, 'HELLO there\r\n\r\n')
  t.equal(garbage.status, 400)
  t.equal(garbage.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(garbage.body, { status: 400, code: 'malformed-request', detail: 'the request is not valid HTTP/1.1' })

  const badHeader = await raw(app, 'GET /health HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n')
  t.match(badHeader, { status: 400, body: { code: 'malformed-request' } })
})
