/**
 * A request to a bridge whose body the test writes by hand (tests/integration/bridge*.test.ts): `answer`
 * resolves with the status as soon as the server answers (or closes), so the test waits on the server's move
 * instead of a clock; the answer's body follows once the server ends it.
 */
import { request, type ClientRequest, type IncomingMessage } from 'node:http'
import type { Bridge } from '../../src/main/bridge'

export type Answer = { status: number; body: Promise<string> } | 'closed'

export function openBody(
  b: Bridge,
  path: string,
  contentType: string,
  headers: Record<string, string>
): { req: ClientRequest; answer: Promise<Answer> } {
  const req = request({
    host: '127.0.0.1',
    port: b.port,
    path,
    method: 'POST',
    agent: false,
    headers: {
      Host: `127.0.0.1:${b.port}`,
      'Content-Type': contentType,
      'X-AW-Token': b.token,
      ...headers
    }
  })
  const answer = new Promise<Answer>((resolve) => {
    req.on('response', (res: IncomingMessage) => {
      const body = new Promise<string>((done) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString()))
        res.on('end', () => done(text))
        res.on('error', () => done(text))
      })
      resolve({ status: res.statusCode ?? 0, body })
    })
    req.on('error', () => resolve('closed'))
  })
  req.flushHeaders()
  return { req, answer }
}

/** Writes a chunk and waits until the socket takes more (backpressure, not a clock). */
export const write = (req: ClientRequest, chunk: string | Buffer): Promise<void> =>
  new Promise((resolve) => {
    if (req.destroyed || req.write(chunk)) return resolve()
    req.once('drain', () => resolve())
    req.once('close', () => resolve())
  })
