/*
 * The load generator of bench/verify.ts, forked so that its own work (writing requests, reading
 * answers) runs on its own event loop and is never charged to the server. It keeps `concurrency`
 * keep-alive connections open, each with one request in flight, and for each `run` posts
 * `requests` verifications to `POST /v1/verify`, checks that every answer is 200 with
 * `verified: true`, and reports.
 *
 * It speaks HTTP/1.1 over plain sockets, the way load generators such as autocannon and wrk do:
 * the requests are written once, as bytes, and an answer is read by its content-length. On a
 * 2-core machine every microsecond the client spends is taken from the server; node:http's client
 * costs several times more per request than the server's own HTTP work.
 */
import { connect, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'

export type ToLoad =
  | { type: 'init', base: string, jwts: string[], concurrency: number }
  | { type: 'run', requests: number }
export type FromLoad =
  | { type: 'ready' }
  | { type: 'result', requests: number, seconds: number, failures: number, firstFailure?: string, cpuMs: number }

const HEADER_END = Buffer.from('\r\n\r\n')
const VERIFIED = Buffer.from('{"verified":true,')

interface Answer { status: number, body: Buffer }

/**
 * One keep-alive connection: `send` writes a request and resolves with the answer that follows.
 * Answers must carry a content-length (the service's JSON answers do); anything else fails.
 */
class Connection {
  private readonly socket: Socket
  private buffered: Buffer = Buffer.alloc(0)
  private waiting: { resolve: (answer: Answer) => void, reject: (err: Error) => void } | undefined

  constructor (host: string, port: number) {
    this.socket = connect({ host, port, noDelay: true })
    this.socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk])
      this.read()
    })
    const fail = (err: Error) => {
      this.waiting?.reject(err)
      this.waiting = undefined
    }
    this.socket.on('error', fail)
    this.socket.on('close', () => fail(new Error('the server closed the connection')))
  }

  send (request: Buffer): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject }
      this.socket.write(request)
    })
  }

  private read (): void {
    const headerEnd = this.buffered.indexOf(HEADER_END)
    if (headerEnd === -1 || !this.waiting) return
    const head = this.buffered.toString('latin1', 0, headerEnd)
    const status = Number(head.slice(9, 12))
    const length = /\r\ncontent-length: *(\d+)/i.exec(head)
    if (!length) {
      this.waiting.reject(new Error(`an answer without content-length: ${head.slice(0, 200)}`))
      this.waiting = undefined
      return
    }
    const bodyStart = headerEnd + HEADER_END.length
    const bodyEnd = bodyStart + Number(length[1])
    if (this.buffered.length < bodyEnd) return
    const body = this.buffered.subarray(bodyStart, bodyEnd)
    this.buffered = this.buffered.subarray(bodyEnd)
    const waiting = this.waiting
    this.waiting = undefined
    waiting.resolve({ status, body })
  }

  close (): void {
    this.socket.destroy()
  }
}

/**
 * Whether an answer says `verified: true`. The service writes `verified` first, so the prefix
 * settles it without parsing the whole answer; any other answer is parsed.
 */
function isVerified ({ status, body }: Answer): boolean {
  if (status !== 200) return false
  if (body.subarray(0, VERIFIED.length).equals(VERIFIED)) return true
  try {
    return (JSON.parse(body.toString('utf8')) as { verified?: unknown }).verified === true
  } catch {
    return false
  }
}

let connections: Connection[] = []
let requests: Buffer[] = []

async function run (count: number): Promise<FromLoad> {
  let next = 0
  let failures = 0
  let firstFailure: string | undefined
  const worker = async (connection: Connection) => {
    while (next < count) {
      const request = requests[next++ % requests.length]!
      try {
        const answer = await connection.send(request)
        if (!isVerified(answer)) {
          failures++
          firstFailure ??= `${answer.status} ${answer.body.toString('utf8', 0, 500)}`
        }
      } catch (err) {
        failures++
        firstFailure ??= err instanceof Error ? err.message : String(err)
        // a broken connection takes no more requests
        return
      }
    }
  }
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await Promise.all(connections.map(worker))
  const seconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  if (next < count) failures += count - next
  return { type: 'result', requests: count, seconds, failures, ...(firstFailure ? { firstFailure } : {}), cpuMs: (cpu.user + cpu.system) / 1000 }
}

if (!process.send) throw new Error('bench/verify-load.ts is forked by bench/verify.ts')
const reply = (message: FromLoad) => process.send!(message)
process.on('message', (message: ToLoad) => {
  if (message.type === 'init') {
    const target = new URL(message.base)
    connections = Array.from({ length: message.concurrency }, () => new Connection(target.hostname, Number(target.port)))
    // the requests are made once: building them is not what is measured
    requests = message.jwts.map((jwt) => {
      const body = Buffer.from(JSON.stringify({ credential: jwt }))
      const head = `POST /v1/verify HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`
      return Buffer.concat([Buffer.from(head, 'latin1'), body])
    })
    reply({ type: 'ready' })
  } else {
    run(message.requests).then(reply, (err: unknown) => {
      reply({ type: 'result', requests: message.requests, seconds: 0, failures: message.requests, firstFailure: String(err), cpuMs: 0 })
    })
  }
})
// the bench is gone: never outlive it
process.on('disconnect', () => {
  for (const connection of connections) connection.close()
  process.exit(0)
})
