/*
 * The bench's load generator, forked so that its own work (writing requests, reading answers) runs
 * on its own event loop and is never charged to the server. It keeps `concurrency` keep-alive
 * connections open, each with one request in flight, sends the prepared requests in turn for each
 * `run` (a number of requests, or for a time), checks every answer and reports the latencies.
 *
 * It speaks HTTP/1.1 over plain sockets, the way load generators such as autocannon and wrk do:
 * the requests are written once, as bytes, and an answer is read by its content-length. On a
 * 2-core machine every microsecond the client spends is taken from the server; node:http's client
 * and fetch cost several times more per request than the server's own HTTP work.
 */
import { connect, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'

export interface LoadRequest { method: 'GET' | 'POST', path: string, headers?: Record<string, string>, body?: string }
/** what an answer must be: 200 with `verified: true` first in its body, or just 200 */
export type Expect = 'verified' | 'ok'
export type ToLoad =
  | { type: 'init', base: string, requests: LoadRequest[], concurrency: number, expect: Expect }
  /** at most `requests` requests, and none started after `ms` */
  | { type: 'run', requests: number, ms?: number }
export type FromLoad =
  | { type: 'ready' }
  | {
    type: 'result'
    requests: number
    seconds: number
    failures: number
    firstFailure?: string
    cpuMs: number
    /** per answered request, in milliseconds */
    latencies: number[]
    bytes: number
  }

const HEADER_END = Buffer.from('\r\n\r\n')
const ANSWER_TIMEOUT_MS = 60_000
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
      // an answer that never comes fails the run instead of hanging it
      const timer = setTimeout(() => {
        this.waiting = undefined
        this.socket.destroy()
        reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS / 1000} s`))
      }, ANSWER_TIMEOUT_MS)
      this.waiting = {
        resolve: (answer) => { clearTimeout(timer); resolve(answer) },
        reject: (err) => { clearTimeout(timer); reject(err) }
      }
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
 * Whether an answer is what `expect` asks. The service writes `verified` first, so the prefix
 * settles it without parsing the whole answer; any other answer is parsed.
 */
function isGood ({ status, body }: Answer, expect: Expect): boolean {
  if (status !== 200) return false
  if (expect === 'ok') return true
  if (body.subarray(0, VERIFIED.length).equals(VERIFIED)) return true
  try {
    return (JSON.parse(body.toString('utf8')) as { verified?: unknown }).verified === true
  } catch {
    return false
  }
}

let connections: Connection[] = []
let requests: Buffer[] = []
let expect: Expect = 'ok'
/** where the next run starts in `requests`, so that runs go on through them */
let cursor = 0

async function run (count: number, ms: number): Promise<FromLoad> {
  let next = 0
  let failures = 0
  let firstFailure: string | undefined
  let bytes = 0
  const latencies: number[] = []
  const end = performance.now() + ms
  const worker = async (connection: Connection) => {
    while (next < count && performance.now() < end) {
      next++
      const request = requests[cursor++ % requests.length]!
      try {
        const t0 = performance.now()
        const answer = await connection.send(request)
        latencies.push(performance.now() - t0)
        bytes += answer.body.length
        if (!isGood(answer, expect)) {
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
  // broken connections left requests unsent before the time was up
  if (next < count && performance.now() < end) failures += count - next
  return { type: 'result', requests: latencies.length, seconds, failures, ...(firstFailure ? { firstFailure } : {}), cpuMs: (cpu.user + cpu.system) / 1000, latencies, bytes }
}

if (!process.send) throw new Error('bench/load.ts is forked by the bench')
const reply = (message: FromLoad) => process.send!(message)
process.on('message', (message: ToLoad) => {
  if (message.type === 'init') {
    const target = new URL(message.base)
    connections = Array.from({ length: message.concurrency }, () => new Connection(target.hostname, Number(target.port)))
    expect = message.expect
    cursor = 0
    // the requests are made once: building them is not what is measured
    requests = message.requests.map(({ method, path, headers = {}, body }) => {
      const payload = Buffer.from(body ?? '')
      const lines = [`${method} ${path} HTTP/1.1`, `Host: ${target.host}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)]
      if (body !== undefined) lines.push('Content-Type: application/json', `Content-Length: ${payload.length}`)
      return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload])
    })
    reply({ type: 'ready' })
  } else {
    run(message.requests, message.ms ?? Number.POSITIVE_INFINITY).then(reply, (err: unknown) => {
      reply({ type: 'result', requests: 0, seconds: 0, failures: message.requests, firstFailure: String(err), cpuMs: 0, latencies: [], bytes: 0 })
    })
  }
})
// the bench is gone: never outlive it
process.on('disconnect', () => {
  for (const connection of connections) connection.close()
  process.exit(0)
})
