import { createPassphraseStore } from '../../src/main/keychain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import { join } from 'node:path'
import { mkdirSync, writeFileSync } from 'node:fs'
import { startBridge, type Bridge } from '../../src/main/bridge'
import { createHandlers } from '../../src/main/ipc/handlers'
import { RESOURCES, tempDir } from '../helpers/paths'
import { createTestWorkspace } from '../helpers/workspace'
import type { Workspace } from '../../src/main/workspace'

let bridge: Bridge
let ws: Workspace
const events: unknown[] = []

/** Raw HTTP, so Host and Origin can be forged the way a rebinding or cross-site attacker would. */
function send(opts: {
  path: string
  method?: string
  headers?: Record<string, string>
  body?: string
}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: bridge.port,
        path: opts.path,
        method: opts.method ?? 'GET',
        headers: { Host: `127.0.0.1:${bridge.port}`, ...opts.headers }
      },
      (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
      }
    )
    req.on('error', reject)
    req.end(opts.body)
  })
}
const invoke = (channel: string, args: unknown[], headers: Record<string, string> = {}) =>
  send({
    path: `/api/invoke/${channel}`,
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-AW-Token': bridge.token, ...headers },
    body: JSON.stringify(args)
  })

beforeAll(async () => {
  ws = createTestWorkspace()
  const rendererDir = join(tempDir(), 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body></body></html>'
  )
  writeFileSync(join(rendererDir, 'app.js'), 'console.log(1)')
  const handlers = createHandlers({
    ws,
    resourcesDir: RESOURCES,
    transport: 'bridge',
    version: 't',
    passphrases: createPassphraseStore('', null),
    emit: (_e, p) => events.push(p)
  })
  bridge = await startBridge({ handlers, rendererDir, log: () => undefined })
})
afterAll(async () => {
  await bridge.close()
  ws.close()
})

describe('the loopback bridge', () => {
  it('listens on 127.0.0.1 with a fresh 256-bit token in its URL', () => {
    expect(bridge.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${bridge.port}/\\?token=[A-Za-z0-9_-]{43}$`)
    )
  })

  it('serves the page with the token in it and a strict cookie, given the token', async () => {
    const res = await send({ path: `/?token=${bridge.token}` })
    expect(res.status).toBe(200)
    expect(res.body).toContain(`<meta name="aw-token" content="${bridge.token}" />`)
    expect(String(res.headers['set-cookie'])).toMatch(/aw_token=.*HttpOnly; SameSite=Strict/)
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'")
  })

  it('serves assets with the cookie', async () => {
    expect((await send({ path: '/app.js', headers: { Cookie: `aw_token=${bridge.token}` } })).status).toBe(
      200
    )
  })

  it('answers a call made with the token', async () => {
    const res = await invoke('schemes:list', [])
    expect(res.status).toBe(200)
    const body = JSON.parse(res.body) as { ok: boolean; value: { id: string }[] }
    expect(body.ok).toBe(true)
    expect(body.value.map((s) => s.id)).toContain('scs-compatible-iaas')
  })

  it('serves every channel of the contract (camelCase names included)', async () => {
    const { INVOKE_CHANNELS } = await import('../../src/shared/ipc/contract')
    for (const channel of INVOKE_CHANNELS) {
      const res = await invoke(channel, [])
      expect(res.status, channel).toBe(200) // a Result (possibly a USAGE failure for missing arguments), never 404
    }
  })

  it('returns a Result failure, never a stack, for bad arguments', async () => {
    const body = JSON.parse((await invoke('cases:create', [{ id: 1 }])).body) as {
      ok: boolean
      error: { code: string; message: string }
    }
    expect(body).toMatchObject({ ok: false, error: { code: 'USAGE' } })
    expect(body.error.message).not.toMatch(/at .*\.ts/)
  })

  describe('refuses', () => {
    it('the page without a token', async () => {
      expect((await send({ path: '/' })).status).toBe(401)
    })
    it('the page with a wrong token', async () => {
      expect((await send({ path: '/?token=wrong' })).status).toBe(401)
    })
    it('an API call without the token header', async () => {
      const res = await send({
        path: '/api/invoke/cases:list',
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '[]'
      })
      expect(res.status).toBe(401)
    })
    it('an API call with a wrong token', async () => {
      expect((await invoke('cases:list', [], { 'X-AW-Token': 'x'.repeat(43) })).status).toBe(401)
    })
    it('an API call authenticated only by the cookie', async () => {
      const res = await send({
        path: '/api/invoke/cases:list',
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: `aw_token=${bridge.token}` },
        body: '[]'
      })
      expect(res.status).toBe(401)
    })
    it('a foreign Origin, even with the right token', async () => {
      const res = await invoke('cases:list', [], { Origin: 'https://evil.example' })
      expect(res.status).toBe(403)
      expect(res.body).toMatch(/origin/i)
    })
    it('a foreign Host (DNS rebinding), even with the right token', async () => {
      const res = await invoke('cases:list', [], { Host: `evil.example:${bridge.port}` })
      expect(res.status).toBe(403)
      expect(res.body).toMatch(/host/i)
    })
    it('a cross-site fetch', async () => {
      expect((await invoke('cases:list', [], { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403)
    })
    it('a form post (not JSON)', async () => {
      const res = await send({
        path: '/api/invoke/cases:list',
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', 'X-AW-Token': bridge.token },
        body: '[]'
      })
      expect(res.status).toBe(415)
    })
    it('paths outside the renderer', async () => {
      const res = await send({
        path: '/..%2F..%2Fetc%2Fpasswd',
        headers: { Cookie: `aw_token=${bridge.token}` }
      })
      expect(res.status).toBe(403)
    })
  })

  it('accepts its own Origin and the localhost name', async () => {
    expect((await invoke('cases:list', [], { Origin: `http://127.0.0.1:${bridge.port}` })).status).toBe(200)
    expect(
      (
        await invoke('cases:list', [], {
          Host: `localhost:${bridge.port}`,
          Origin: `http://localhost:${bridge.port}`
        })
      ).status
    ).toBe(200)
  })

  it('imports through the same handlers and emits progress', async () => {
    const { readFileSync } = await import('node:fs')
    const { FIXTURES } = await import('../helpers/paths')
    await invoke('cases:create', [{ id: 'b1', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' }])
    const base64 = readFileSync(join(FIXTURES, 'reports/scs-report-demo-cloud.yaml')).toString('base64')
    const body = JSON.parse(
      (await invoke('import:files', ['b1', [{ name: 'r.yaml', base64 }], 'batch-1'])).body
    ) as { value: { ok: boolean }[] }
    expect(body.value[0]!.ok).toBe(true)
    expect(events).toContainEqual(
      expect.objectContaining({ batchId: 'batch-1', stage: 'done', file: 'r.yaml' })
    )
  })
})
