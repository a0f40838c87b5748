/**
 * `register push --case` signs its requests and the workspace's acts with the auditor's key. On a terminal,
 * with no passphrase in the environment, reading that key asks for the passphrase: it must be asked once per
 * command, not once for the register's client and again for the export (found in review, 2026-12-01).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createServer, type Server } from 'node:http'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { registerCommand, type RegisterCliDeps } from '../../src/main/register/cli'
import { keyFile } from '../helpers/identity'

let server: Server
let url = ''
const pushed: string[] = []
beforeAll(async () => {
  // a register that takes any bundle: this test is about the client's side
  server = createServer((req, res) => {
    pushed.push(`${req.method} ${req.url}`)
    req.resume().on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ outcome: 'created', head: { seq: 3, entries: 3 } }))
    })
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  const address = server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(() => new Promise<void>((closed) => server.close(() => closed())))

describe('register push --case', () => {
  it('reads the auditor key once, and signs the export with the same key', async () => {
    const { file } = keyFile('Ann Auditor')
    const acting = { text: readFileSync(file, 'utf8'), passphrase: '' }
    const actingKey = vi.fn(async () => acting)
    const call = vi.fn(async () => ({ base64: Buffer.from('a bundle').toString('base64') }))
    const out: string[] = []
    const d: RegisterCliDeps = {
      parse: (args, options, positionals) =>
        parseArgs({
          args,
          options: { ...options, db: { type: 'string' }, json: { type: 'boolean' } },
          allowPositionals: positionals,
          strict: true
        }) as ReturnType<RegisterCliDeps['parse']>,
      usage: (message) => new Error(message),
      actingKey,
      call: call as unknown as RegisterCliDeps['call'],
      out: (s) => out.push(s),
      err: (s) => out.push(s)
    }
    const code = await registerCommand(['push', '--case', 'acme', '--url', url, '--key', file], d)
    expect(code, out.join('\n')).toBe(0)
    expect(actingKey).toHaveBeenCalledTimes(1)
    expect(call).toHaveBeenCalledWith(
      undefined,
      'bundle:export',
      ['acme', { handOver: false, comment: '' }],
      acting
    )
    expect(pushed).toEqual(['PUT /cases/acme/bundle'])
  })
})
