/**
 * The desktop side of the register (issue 17 §6) through the contract's handlers: the register's URL kept
 * beside the workspace; a push while the register cannot be reached is queued and sent later; check-out
 * and check-in; a pull verified; the body's cases and certificates when online, `online: false` when not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { PG_MISSING, PG_SKIP, startCluster, type TestCluster } from '../helpers/pg'
import { caseWithEvidence, startTestRegister, type TestRegister } from './register-helpers'
import { createTestWorkspace } from '../helpers/workspace'
import { RESOURCES } from '../helpers/paths'
import { keyFile } from '../helpers/identity'
import { createHandlers } from '../../src/main/ipc/handlers'
import { dispatch, type InvokeHandlers } from '../../src/main/ipc/dispatch'
import { createPassphraseStore } from '../../src/main/keychain'
import { openPrivateKey } from '../../src/main/identity/openssh-key'
import { rowCounts } from '../../src/main/register/store'
import type { InvokeChannel, InvokeContract } from '../../src/shared/ipc/contract'
import type { Workspace } from '../../src/main/workspace'

if (PG_SKIP) console.warn(PG_MISSING)

let cluster: TestCluster
let reg: TestRegister
let ws: Workspace & { dir: string }
let handlers: InvokeHandlers

async function call<C extends InvokeChannel>(
  channel: C,
  ...args: Parameters<InvokeContract[C]>
): Promise<ReturnType<InvokeContract[C]>> {
  const r = await dispatch(handlers, channel, args, () => undefined)
  if (!r.ok) throw new Error(r.error.message)
  return r.value as ReturnType<InvokeContract[C]>
}

/** a port nothing listens on: the register "offline" */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

beforeAll(async () => {
  if (PG_SKIP) return
  cluster = await startCluster()
  reg = await startTestRegister(cluster)
  ws = createTestWorkspace()
  const k = keyFile('Ann Auditor')
  ws.identities.register('Ann Auditor', k.publicKey, null)
  await reg.auditor('Ann Auditor', openPrivateKey(readFileSync(k.file, 'utf8'), null))
  await caseWithEvidence(ws, 'desk')
  handlers = createHandlers({
    ws,
    resourcesDir: RESOURCES,
    transport: 'bridge',
    version: 't',
    passphrases: createPassphraseStore(join(ws.dir, 'keychain.json'), null),
    emit: () => undefined
  })
  await call('identity:unlock', { keyBase64: readFileSync(k.file).toString('base64'), passphrase: '' })
})
afterAll(async () => {
  ws?.close()
  await reg?.close()
  cluster?.stop()
})

describe.skipIf(PG_SKIP)('the desktop side of the register', () => {
  it('offline: a push is queued; once reachable, the queue is sent and emptied', async () => {
    expect(await call('register:settings')).toEqual({ url: null, queued: [] })
    expect((await call('register:overview')).online).toBe(false)
    await call('register:configure', `http://127.0.0.1:${await closedPort()}`)
    const offline = await call('register:overview')
    expect(offline).toMatchObject({
      online: false,
      message: expect.stringMatching(/^Offline: the register at .* cannot be reached/)
    })
    const queued = await call('register:push', 'desk')
    expect(queued).toMatchObject({ caseId: 'desk', outcome: 'queued' })
    await call('register:push', 'desk') // queued once, however often pushed
    expect((await call('register:settings')).queued).toEqual([
      { caseId: 'desk', queuedAt: '2026-11-24T09:00:00.000Z' }
    ])
    expect((await rowCounts(reg.pool))['bundles']).toBe(0)
    expect(JSON.parse(readFileSync(join(ws.dir, 'register.json'), 'utf8')).queued).toHaveLength(1)

    await call('register:configure', reg.urls[0]!)
    const sent = await call('register:flush')
    expect(sent).toEqual([expect.objectContaining({ caseId: 'desk', outcome: 'created' })])
    expect((await call('register:settings')).queued).toEqual([])
    expect((await rowCounts(reg.pool))['bundles']).toBe(1)
  })

  it('online: the lists, check-out and check-in, a pull verified, a push unchanged', async () => {
    const o = await call('register:overview')
    expect(o.online).toBe(true)
    expect(o.cases).toEqual([expect.objectContaining({ caseId: 'desk', holder: null })])
    expect(await call('register:hold', 'desk', 'checkout')).toBe('Ann Auditor')
    expect((await call('register:overview')).cases[0]!.holder).toBe('Ann Auditor')
    expect(await call('register:hold', 'desk', 'checkin')).toBeNull()
    const pulled = await call('register:pull', 'desk')
    expect(pulled).toMatchObject({ caseId: 'desk', exporter: { name: 'Ann Auditor' } })
    expect(await call('register:push', 'desk')).toMatchObject({ outcome: 'unchanged' })
  })

  it('a URL that is not http(s) is refused, and nothing is written', async () => {
    const before = readFileSync(join(ws.dir, 'register.json'), 'utf8')
    await expect(call('register:configure', 'file:///etc/passwd')).rejects.toThrow(/not an http\(s\) URL/)
    expect(readFileSync(join(ws.dir, 'register.json'), 'utf8')).toBe(before)
    expect(existsSync(join(ws.dir, 'register.json.tmp'))).toBe(false)
  })
})
