/**
 * Uploads over the bridge are streamed to disk, not buffered (issue 10 §5): three concurrent uploads at the
 * cap are written out chunk by chunk as they arrive while the bridge holds none of their bytes in memory;
 * an import then names each by its id and reads it once. The cap, the slow-body timeouts and the token
 * apply as to every API body. (tests/integration/bridge.test.ts has the bridge's other defences.)
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { request } from 'node:http'
import { openBody, write, type Answer } from '../helpers/hand-written-body'
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { startBridge, type Bridge, type BridgeLimits } from '../../src/main/bridge'
import { testHandlers } from '../helpers/handlers'
import { createUploadSpool, type UploadSpool } from '../../src/main/upload-spool'
import { dispatch, type InvokeHandlers } from '../../src/main/ipc/dispatch'
import { FIXTURES, tempDir } from '../helpers/paths'
import { createTestWorkspace } from '../helpers/workspace'
import type { Workspace } from '../../src/main/workspace'
import type { ImportOutcome } from '../../src/shared/ipc/contract'

const CAP = 4 * 1024 * 1024
let ws: Workspace
let spool: UploadSpool
let handlers: InvokeHandlers
let rendererDir: string
const bridges: Bridge[] = []
/** bytes on disk per upload id, as the bridge reports each chunk written (the streaming hook) */
const spooled = new Map<string, number>()
const spoolListeners = new Set<() => void>()

async function openBridge(limits: Partial<BridgeLimits> = {}): Promise<Bridge> {
  const b = await startBridge({
    handlers,
    rendererDir,
    limits: { maxUploadBytes: CAP, ...limits },
    log: () => undefined,
    uploads: spool,
    onSpooled: (id, bytes) => {
      spooled.set(id, bytes)
      for (const l of spoolListeners) l()
    }
  })
  bridges.push(b)
  return b
}

/** resolves once `test` holds for the spooled counts (explicit synchronisation on the hook, no clock) */
function whenSpooled(test: (counts: number[]) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (!test([...spooled.values()])) return
      spoolListeners.delete(check)
      resolve()
    }
    spoolListeners.add(check)
    check()
  })
}

/** An upload whose body the test writes by hand (tests/helpers/hand-written-body.ts). */
const openUpload = (b: Bridge, headers: Record<string, string> = {}) =>
  openBody(b, '/api/upload', 'application/octet-stream', headers)

/** the JSON an upload was answered with */
async function answered(a: Answer): Promise<unknown> {
  if (a === 'closed') throw new Error('the bridge closed the connection')
  return JSON.parse(await a.body) as unknown
}

async function uploadWhole(b: Bridge, bytes: Buffer): Promise<string> {
  const { req, answer } = openUpload(b, { 'Content-Length': String(bytes.length) })
  req.end(bytes)
  const res = await answer
  expect(res).toMatchObject({ status: 200 })
  return ((await answered(res)) as { value: { upload: string } }).value.upload
}

async function call(b: Bridge, channel: string, args: unknown[]): Promise<unknown> {
  const res = await new Promise<string>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: b.port,
        path: `/api/invoke/${channel}`,
        method: 'POST',
        headers: { Host: `127.0.0.1:${b.port}`, 'Content-Type': 'application/json', 'X-AW-Token': b.token }
      },
      (r) => {
        let text = ''
        r.on('data', (c: Buffer) => (text += c.toString()))
        r.on('end', () => resolve(text))
      }
    )
    req.on('error', reject)
    req.end(JSON.stringify(args))
  })
  return JSON.parse(res) as unknown
}

beforeAll(() => {
  ws = createTestWorkspace()
  rendererDir = join(tempDir(), 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
  spool = createUploadSpool({ maxBytes: 3 * CAP, ttlMs: 60_000 })
  handlers = testHandlers(ws, { uploads: spool })
})
afterAll(async () => {
  for (const b of bridges) await b.close()
  spool.close()
  ws.close()
})

describe('uploads over the bridge', () => {
  it('writes three concurrent uploads at the cap to disk as they arrive, holding none of them in memory', async () => {
    const b = await openBridge()
    const chunk = Buffer.alloc(256 * 1024, 0x61)
    const uploads = [0, 1, 2].map(() => openUpload(b, { 'Content-Length': String(CAP) }))
    // half of each body, a chunk at a time: each chunk is on disk before the test sends more
    for (let sent = 0; sent < CAP / 2; sent += chunk.length)
      for (const u of uploads) await write(u.req, chunk)
    await whenSpooled((counts) => counts.filter((n) => n >= CAP / 2).length >= 3)
    // the memory budget of API bodies is untouched; the spool has room reserved for the three
    expect(b.bodies()).toEqual({ held: 0, waiting: 0 })
    expect(spool.state()).toEqual({ bytes: 3 * CAP, uploads: 3 })
    for (const u of uploads) u.req.end(Buffer.alloc(CAP / 2, 0x62))
    const answers = await Promise.all(
      uploads.map(async (u) => {
        const a = await u.answer
        expect(a).toMatchObject({ status: 200 })
        return (await answered(a)) as { ok: boolean; value: { upload: string; size: number } }
      })
    )
    for (const a of answers) expect(a).toMatchObject({ ok: true, value: { size: CAP } })
    expect(spool.state()).toEqual({ bytes: 3 * CAP, uploads: 0 })
    // each is read once, whole, by whoever takes it
    const ids = answers.map((a) => a.value.upload)
    for (const id of ids) {
      const bytes = spool.take(id)
      expect(bytes.length).toBe(CAP)
      expect(bytes[0]).toBe(0x61)
      expect(bytes[CAP - 1]).toBe(0x62)
    }
    expect(spool.state()).toEqual({ bytes: 0, uploads: 0 })
  })

  it('imports an uploaded file named by its id, as the same bytes in the call would be', async () => {
    const b = await openBridge()
    const bytes = readFileSync(join(FIXTURES, 'reports/scs-report-demo-cloud.yaml'))
    await call(b, 'cases:create', [{ id: 'up', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' }])
    const upload = await uploadWhole(b, bytes)
    const r = (await call(b, 'import:files', ['up', [{ name: 'r.yaml', upload }]])) as {
      ok: true
      value: ImportOutcome[]
    }
    expect(r.ok).toBe(true)
    const outcome = r.value[0]!
    expect(outcome.ok && outcome.receipt).toMatchObject({
      file: 'r.yaml',
      kind: 'scs-report',
      size: bytes.length
    })
    // the same bytes in the call: recognised by hash, so the upload stored exactly these bytes
    const again = (await call(b, 'import:files', [
      'up',
      [{ name: 'r.yaml', base64: bytes.toString('base64') }]
    ])) as { value: ImportOutcome[] }
    expect(again.value[0]!.ok && again.value[0]!.receipt.alreadyImported).toBe(true)
    // an upload is taken once
    const twice = (await call(b, 'import:files', ['up', [{ name: 'r.yaml', upload }]])) as {
      ok: boolean
      error?: { message: string }
    }
    expect(twice.ok).toBe(false)
    expect(twice.error?.message).toMatch(/No such upload/)
  })

  it('refuses an id where there is no spool (the desktop app, the CLI), and an id that is no upload id', async () => {
    const withoutSpool = testHandlers(ws, { transport: 'electron' })
    const r = await dispatch(
      withoutSpool,
      'import:files',
      ['up', [{ name: 'x', upload: 'a'.repeat(32) }]],
      () => undefined
    )
    expect(r).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/only taken over the browser bridge/) }
    })
    const b = await openBridge()
    const bad = (await call(b, 'import:files', ['up', [{ name: 'x', upload: '../../etc/passwd' }]])) as {
      ok: boolean
    }
    expect(bad.ok).toBe(false)
  })

  it('refuses an upload over the cap (declared, or streamed), and keeps nothing of it', async () => {
    const b = await openBridge()
    const declared = openUpload(b, { 'Content-Length': String(CAP + 1) })
    expect(await declared.answer).toMatchObject({ status: 413 })
    declared.req.destroy()
    const streamed = openUpload(b)
    let answered = false
    void streamed.answer.then(() => (answered = true))
    const chunk = Buffer.alloc(256 * 1024, 0x63)
    let sent = 0
    while (!answered && sent < 4 * CAP) {
      await write(streamed.req, chunk)
      sent += chunk.length
    }
    streamed.req.end()
    const res = await streamed.answer
    expect(res).toMatchObject({ status: 413 })
    expect(sent).toBeLessThan(4 * CAP)
    await vi.waitFor(() => expect(spool.state()).toEqual({ bytes: 0, uploads: 0 }))
  })

  it('answers 408 to an upload that stops arriving, and deletes what came', async () => {
    const b = await openBridge({ bodyIdleMs: 50 })
    const u = openUpload(b, { 'Content-Length': String(CAP) })
    await write(u.req, Buffer.alloc(1024, 0x64))
    expect(await u.answer).toMatchObject({ status: 408 })
    u.req.destroy()
    await vi.waitFor(() => expect(spool.state()).toEqual({ bytes: 0, uploads: 0 }))
  })

  it('needs the token, and raw bytes', async () => {
    const b = await openBridge()
    const noToken = openUpload(b, { 'X-AW-Token': 'wrong', 'Content-Length': '1' })
    noToken.req.end('x')
    expect(await noToken.answer).toMatchObject({ status: 401 })
    const json = openUpload(b, { 'Content-Type': 'application/json', 'Content-Length': '2' })
    json.req.end('[]')
    expect(await json.answer).toMatchObject({ status: 415 })
  })
})
