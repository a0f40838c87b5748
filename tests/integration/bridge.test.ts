import { MAX_DOCUMENT_BYTES } from '../../src/shared/domain/documents'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { request } from 'node:http'
import { openBody, write } from '../helpers/hand-written-body'
import { join } from 'node:path'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { DEFAULT_LIMITS, startBridge, type Bridge, type BridgeLimits } from '../../src/main/bridge'
import { MAX_FILE_BYTES, MAX_REQUEST_BYTES, base64Length } from '../../src/shared/ipc/upload'
import { testHandlers } from '../helpers/handlers'
import type { InvokeHandlers } from '../../src/main/ipc/dispatch'
import { FIXTURES, tempDir } from '../helpers/paths'
import { readFileSync } from 'node:fs'
import { createTestWorkspace } from '../helpers/workspace'
import type { Workspace } from '../../src/main/workspace'

let bridge: Bridge
let ws: Workspace
let handlers: InvokeHandlers
let rendererDir: string
/** the session cookie a browser gets by opening the printed link (set in beforeAll) */
let session: string
const events: unknown[] = []
const bridges: Bridge[] = []

/** Another bridge on the same handlers, with its own limits or clock. */
async function openBridge(limits: Partial<BridgeLimits> = {}, now?: () => number): Promise<Bridge> {
  const b = await startBridge({ handlers, rendererDir, limits, now, log: () => undefined })
  bridges.push(b)
  return b
}

/** Raw HTTP, so Host and Origin can be forged the way a rebinding or cross-site attacker would. */
function send(opts: {
  path: string
  method?: string
  headers?: Record<string, string>
  body?: string
  to?: Bridge
}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const port = (opts.to ?? bridge).port
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: opts.path,
        method: opts.method ?? 'GET',
        headers: { Host: `127.0.0.1:${port}`, ...opts.headers }
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

/** The path and query of a printed link. */
const pathOf = (url: string): string => {
  const u = new URL(url)
  return u.pathname + u.search
}

/** Opens the page with a fresh one-time link, as the browser does, and returns the session cookie. */
async function openPage(b: Bridge): Promise<string> {
  const res = await send({ path: pathOf(b.openUrl()), to: b })
  expect(res.status).toBe(200)
  const set = String(res.headers['set-cookie'])
  return /aw_session=[^;]+/.exec(set)![0]
}

/** A call whose JSON body the test writes by hand (tests/helpers/hand-written-body.ts). */
const openUpload = (b: Bridge, channel: string, headers: Record<string, string>) =>
  openBody(b, `/api/invoke/${channel}`, 'application/json', headers)

beforeAll(async () => {
  ws = createTestWorkspace()
  rendererDir = join(tempDir(), 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body></body></html>'
  )
  writeFileSync(join(rendererDir, 'app.js'), 'console.log(1)')
  handlers = testHandlers(ws, { emit: (_e, p) => events.push(p) })
  bridge = await startBridge({ handlers, rendererDir, log: () => undefined })
  session = await openPage(bridge)
})
afterAll(async () => {
  await bridge.close()
  for (const b of bridges) await b.close()
  ws.close()
})

describe('the loopback bridge', () => {
  it('listens on 127.0.0.1 and prints a link with a fresh 256-bit one-time code, never the token', () => {
    const url = bridge.openUrl()
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${bridge.port}/\\?code=[A-Za-z0-9_-]{43}$`))
    expect(url).not.toContain(bridge.token)
    expect(bridge.openUrl()).not.toBe(url)
  })

  it('serves the page for the code with a strict session cookie, and no token in the page', async () => {
    const res = await send({ path: pathOf(bridge.openUrl()) })
    expect(res.status).toBe(200)
    expect(res.body).toContain('<title>t</title>')
    expect(res.body).not.toContain(bridge.token)
    const set = String(res.headers['set-cookie'])
    expect(set).toMatch(/^aw_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/$/)
    expect(set).not.toContain(bridge.token)
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'")
  })

  it('serves the page and assets again with the cookie (a reload)', async () => {
    expect((await send({ path: '/', headers: { Cookie: session } })).status).toBe(200)
    expect((await send({ path: '/app.js', headers: { Cookie: session } })).status).toBe(200)
  })

  describe('the one-time code', () => {
    it('opens the page once: a second use of the same link is refused', async () => {
      const path = pathOf(bridge.openUrl())
      expect((await send({ path })).status).toBe(200)
      const again = await send({ path })
      expect(again.status).toBe(401)
      expect(again.body).toMatch(/used already or has expired/)
      expect(again.headers['set-cookie']).toBeUndefined()
    })

    it('expires: a code opened after its time is refused', async () => {
      let t = 1000
      const b = await openBridge({ codeTtlMs: 60_000 }, () => t)
      const path = pathOf(b.openUrl())
      t += 60_001
      expect((await send({ path, to: b })).status).toBe(401)
      const fresh = pathOf(b.openUrl())
      t += 59_999
      expect((await send({ path: fresh, to: b })).status).toBe(200)
    })

    it('stops working when a new link is printed', async () => {
      const old = pathOf(bridge.openUrl())
      bridge.openUrl()
      expect((await send({ path: old })).status).toBe(401)
    })

    it('is no token: the old-style ?token= link opens nothing', async () => {
      expect((await send({ path: `/?token=${bridge.token}` })).status).toBe(401)
      expect((await send({ path: `/?code=${bridge.token}` })).status).toBe(401)
    })

    it('works only on the page itself, by GET: not on an asset, and a HEAD does not spend it', async () => {
      expect((await send({ path: `/app.js${new URL(bridge.openUrl()).search}` })).status).toBe(401)
      const path = pathOf(bridge.openUrl())
      expect((await send({ path, method: 'HEAD' })).status).toBe(401)
      expect((await send({ path })).status).toBe(200)
    })
  })

  describe('the session', () => {
    const trade = (headers: Record<string, string>, method = 'POST') =>
      send({ path: '/session', method, headers })
    const origin = () => `http://127.0.0.1:${bridge.port}`

    it('trades the cookie for the API token, for a script of this origin', async () => {
      const res = await trade({ Cookie: session, Origin: origin() })
      expect(res.status).toBe(200)
      expect(JSON.parse(res.body)).toEqual({ token: bridge.token })
      expect(String(res.headers['cache-control'])).toBe('no-store')
    })
    it('refuses without the cookie, without an Origin, from a foreign Origin, or by GET', async () => {
      expect((await trade({ Origin: origin() })).status).toBe(401)
      expect((await trade({ Cookie: 'aw_session=wrong', Origin: origin() })).status).toBe(401)
      expect((await trade({ Cookie: session })).status).toBe(403)
      expect((await trade({ Cookie: session, Origin: 'https://evil.example' })).status).toBe(403)
      expect((await trade({ Cookie: session, Origin: origin() }, 'GET')).status).toBe(405)
    })
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
        headers: { 'Content-Type': 'application/json', Cookie: session },
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
        headers: { Cookie: session }
      })
      expect(res.status).toBe(403)
    })
    it('a path that is no path (a broken percent-encoding, a NUL)', async () => {
      for (const path of ['/%E0%A4%A', '/index%00.html']) {
        const res = await send({ path, headers: { Cookie: session } })
        expect(res.status, path).toBe(400)
      }
    })
    it('a symlink in the renderer that leads out of it (file or folder)', async () => {
      const outside = tempDir('aw-outside-')
      writeFileSync(join(outside, 'secret.txt'), 'the secret')
      symlinkSync(join(outside, 'secret.txt'), join(rendererDir, 'leak.txt'))
      symlinkSync(outside, join(rendererDir, 'assets-out'))
      symlinkSync('app.js', join(rendererDir, 'alias.js')) // inside: fine
      for (const path of ['/leak.txt', '/assets-out/secret.txt']) {
        const res = await send({ path, headers: { Cookie: session } })
        expect(res.status, path).toBe(403)
        expect(res.body).not.toContain('the secret')
      }
      expect((await send({ path: '/alias.js', headers: { Cookie: session } })).body).toBe('console.log(1)')
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

describe('the bridge under slow and oversized bodies', () => {
  it('caps a body at one import file or one evidence document at its cap, in base64, plus a little room', () => {
    const largest = base64Length(Math.max(MAX_FILE_BYTES, MAX_DOCUMENT_BYTES))
    expect(DEFAULT_LIMITS.maxBodyBytes).toBe(MAX_REQUEST_BYTES)
    expect(MAX_REQUEST_BYTES).toBeGreaterThan(largest)
    expect(MAX_REQUEST_BYTES).toBeLessThanOrEqual(largest + 1024 * 1024)
  })

  it('answers 408 to a body that stops arriving', async () => {
    const b = await openBridge({ bodyIdleMs: 50 })
    const { req, answer } = openUpload(b, 'cases:list', { 'Content-Length': '100' })
    await write(req, '[')
    const res = await answer
    expect(res).toMatchObject({ status: 408 })
    expect(res !== 'closed' && (await res.body)).toMatch(/No part of the body arrived/)
    req.destroy()
  })

  it('answers 408 to a body trickled in byte by byte, however steady', async () => {
    const b = await openBridge({ bodyIdleMs: 60_000, requestMs: 200 })
    const { req, answer } = openUpload(b, 'cases:list', { 'Content-Length': String(1024 * 1024) })
    let answered = false
    void answer.then(() => (answered = true))
    await write(req, '[')
    // one byte per turn of the event loop's timers, until the server gives up on the body
    while (!answered)
      await new Promise<void>((resolve) => setTimeout(() => void write(req, ' ').then(resolve), 5))
    const res = await answer
    expect(res).toMatchObject({ status: 408 })
    req.destroy()
  })

  it('refuses a declared length over the cap with 413 before reading a byte of it', async () => {
    const { req, answer } = openUpload(bridge, 'import:files', {
      'Content-Length': String(MAX_REQUEST_BYTES + 1)
    })
    const res = await answer
    expect(res).toMatchObject({ status: 413 })
    expect(bridge.bodies()).toEqual({ held: 0, waiting: 0 })
    req.destroy()
  })

  it('refuses a streamed (chunked) import over the cap with 413, and stores nothing of it', async () => {
    // the same cap as the default's, smaller, so that the test does not push 90 MB through a busy machine
    const cap = 4 * 1024 * 1024
    const b = await openBridge({ maxBodyBytes: cap, bodyBudgetBytes: cap })
    await invoke('cases:create', [{ id: 'big', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' }])
    const { req, answer } = openUpload(b, 'import:files', {})
    let answered = false
    void answer.then(() => (answered = true))
    // a report, then more of it in base64 past the cap: 256 KiB at a time, never all in memory
    const report = readFileSync(join(FIXTURES, 'reports/scs-report-demo-cloud.yaml')).toString('base64')
    const chunk = Buffer.alloc(256 * 1024, 'IyBwYWQK') // "# pad\n" in base64, over and over
    await write(req, `["big",[{"name":"big.yaml","base64":"${report}`)
    let sent = 0
    const enough = 4 * cap
    while (!answered && sent < enough) {
      await write(req, chunk)
      sent += chunk.length
    }
    req.end('"}]]') // a bridge without the cap gets a whole, importable body
    const res = await answer
    expect(res).toMatchObject({ status: 413 })
    expect(res !== 'closed' && (await res.body)).toMatch(/over the limit of 4194304 bytes/)
    expect(sent).toBeLessThan(enough)
    const results = JSON.parse((await invoke('cases:results', ['big'])).body) as { value: unknown[] }
    expect(results.value).toEqual([])
    await vi.waitFor(() => expect(b.bodies()).toEqual({ held: 0, waiting: 0 }))
  })

  it('holds at most the budget of bodies at once: a third big body waits unread until one is done', async () => {
    const size = 1024 * 1024
    const b = await openBridge({ maxBodyBytes: size, bodyBudgetBytes: 2 * size })
    const body = (args: string): string => args + ' '.repeat(size - args.length) // a whole, valid JSON body
    const first = openUpload(b, 'cases:list', { 'Content-Length': String(size) })
    const second = openUpload(b, 'cases:list', { 'Content-Length': String(size) })
    await write(first.req, '[')
    await write(second.req, '[')
    await vi.waitFor(() => expect(b.bodies()).toEqual({ held: 2 * size, waiting: 0 }))
    const third = openUpload(b, 'cases:list', { 'Content-Length': String(size) })
    third.req.end(body('[]'))
    await vi.waitFor(() => expect(b.bodies()).toEqual({ held: 2 * size, waiting: 1 }))
    // a call without a file still goes through at once
    expect((await send({ ...callOn(b, 'schemes:list'), to: b })).status).toBe(200)
    first.req.end(']' + ' '.repeat(size - 2))
    expect(await first.answer).toMatchObject({ status: 200 })
    expect(await third.answer).toMatchObject({ status: 200 })
    second.req.end(']' + ' '.repeat(size - 2))
    expect(await second.answer).toMatchObject({ status: 200 })
    await vi.waitFor(() => expect(b.bodies()).toEqual({ held: 0, waiting: 0 }))
  })
})

/** A small call to another bridge. */
function callOn(b: Bridge, channel: string) {
  return {
    path: `/api/invoke/${channel}`,
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-AW-Token': b.token },
    body: '[]'
  }
}
