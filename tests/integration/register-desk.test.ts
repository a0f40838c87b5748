/**
 * The desktop side of the register (issue 17 §6) through the contract's handlers: the register's URL kept
 * beside the workspace; a push while the register cannot be reached is queued and sent later; check-out
 * and check-in; a pull opened in the workspace (created, fast-forward, or the conflict of a diverged copy, as
 * is a diverged push); the body's cases and certificates when online, `online: false` when not; queued pushes
 * retried in the background (a timer the test fires, at start, when a key opens, when the register answers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { PG_MISSING, PG_SKIP, startCluster, type TestCluster } from '../helpers/pg'
import { caseWithEvidence, startTestRegister, type TestRegister } from './register-helpers'
import { createTestWorkspace } from '../helpers/workspace'
import { keyFile } from '../helpers/identity'
import { testHandlers } from '../helpers/handlers'
import { dispatch, type InvokeHandlers } from '../../src/main/ipc/dispatch'
import { createPassphraseStore } from '../../src/main/keychain'
import { openPrivateKey, type OpenedKey } from '../../src/main/identity/openssh-key'
import { manualScheduler } from '../helpers/clock'
import type { Scheduler } from '../../src/main/clock'
import { RETRY_DELAYS_MS } from '../../src/main/register/desk'
import type { RegisterPushResult } from '../../src/shared/register/desk'
import { rowCounts } from '../../src/main/register/store'
import type { InvokeChannel, InvokeContract } from '../../src/shared/ipc/contract'
import type { Workspace } from '../../src/main/workspace'

if (PG_SKIP) console.warn(PG_MISSING)

let cluster: TestCluster
let reg: TestRegister
let ws: Workspace & { dir: string }
let handlers: InvokeHandlers
let annKey: { file: string; publicKey: string }
let annOpened: OpenedKey

/** the handlers of a workspace, as the app makes them; with `schedule`, queued pushes retry in the background */
const handlersFor = (
  w: Workspace & { dir: string },
  schedule: Scheduler | null = null,
  sent: (results: readonly RegisterPushResult[]) => void = () => undefined
): InvokeHandlers =>
  testHandlers(w, {
    passphrases: createPassphraseStore(join(w.dir, 'keychain.json'), null),
    emit: (event, ...payload) => {
      if (event === 'register:sent') sent(payload[0] as readonly RegisterPushResult[])
    },
    schedule
  })

async function callOn<C extends InvokeChannel>(
  h: InvokeHandlers,
  channel: C,
  ...args: Parameters<InvokeContract[C]>
): Promise<ReturnType<InvokeContract[C]>> {
  const r = await dispatch(h, channel, args, () => undefined)
  if (!r.ok) throw new Error(r.error.message)
  return r.value as ReturnType<InvokeContract[C]>
}
const unlock = (h: InvokeHandlers) =>
  callOn(h, 'identity:unlock', { keyBase64: readFileSync(annKey.file).toString('base64'), passphrase: '' })

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
  annKey = k
  annOpened = openPrivateKey(readFileSync(k.file, 'utf8'), null)
  ws.identities.register('Ann Auditor', k.publicKey, null)
  await reg.auditor('Ann Auditor', annOpened)
  await caseWithEvidence(ws, 'desk')
  handlers = handlersFor(ws)
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
    // the register's copy opened here: this workspace pushed it, so it is already at its head
    const pulled = await call('register:pull', 'desk')
    expect(pulled).toMatchObject({
      caseId: 'desk',
      outcome: 'up-to-date',
      source: 'register',
      summary: { exporter: { name: 'Ann Auditor' } }
    })
    expect(await call('register:push', 'desk')).toMatchObject({ outcome: 'unchanged' })
  })

  it('a URL that is not http(s) is refused, and nothing is written', async () => {
    const before = readFileSync(join(ws.dir, 'register.json'), 'utf8')
    await expect(call('register:configure', 'file:///etc/passwd')).rejects.toThrow(/not an http\(s\) URL/)
    expect(readFileSync(join(ws.dir, 'register.json'), 'utf8')).toBe(before)
    expect(existsSync(join(ws.dir, 'register.json.tmp'))).toBe(false)
  })

  it("a pull opens the register's copy in another workspace; a diverged push and pull carry the conflict", async () => {
    const other = createTestWorkspace()
    try {
      other.identities.register('Ann Auditor', annKey.publicKey, null)
      const h = handlersFor(other)
      await unlock(h)
      await callOn(h, 'register:configure', reg.urls[0]!)
      const created = await callOn(h, 'register:pull', 'desk')
      expect(created).toMatchObject({ outcome: 'created', caseId: 'desk', source: 'register' })
      expect(other.audit.portableOfCase('desk')).toEqual(ws.audit.portableOfCase('desk'))
      const common = ws.audit.portableOfCase('desk').at(-1)!
      // each side records an act of its own: diverged
      ws.review('desk', 'submit', ws.identities.actorFor(annOpened))
      expect(await call('register:push', 'desk')).toMatchObject({ outcome: 'fast-forward' })
      other.decide(
        {
          caseId: 'desk',
          criterion: ws.caseReview('desk').findings[0]!.criterion,
          subject: ws.caseReview('desk').findings[0]!.subject,
          decision: 'reject',
          comment: 'seen otherwise'
        },
        other.identities.actorFor(annOpened)
      )
      const mine = other.audit.portableOfCase('desk')
      const push = await callOn(h, 'register:push', 'desk')
      expect(push).toMatchObject({
        outcome: 'diverged',
        commonHead: { seq: common.caseSeq, key: common.caseHash },
        conflict: {
          outcome: 'diverged',
          source: 'register',
          conflict: { commonHead: { seq: common.caseSeq } }
        }
      })
      const pull = await callOn(h, 'register:pull', 'desk')
      expect(pull).toMatchObject({ outcome: 'diverged', conflict: { commonHead: { hash: common.caseHash } } })
      expect(pull.conflict!.rows.flatMap((r) => r.bundle.map((e) => e.action))).toContain('review.submit')
      expect(other.audit.portableOfCase('desk')).toEqual(mine)
    } finally {
      other.close()
    }
  })

  it('queued pushes go out in the background: a backing-off timer, at start, when a key opens, when the register answers', async () => {
    const w = createTestWorkspace()
    try {
      w.identities.register('Ann Auditor', annKey.publicKey, null)
      for (const id of ['bg-1', 'bg-2', 'bg-3']) await caseWithEvidence(w, id)
      const timers = manualScheduler()
      const sent: string[][] = []
      let onSent: (() => void) | null = null
      const announced = (): Promise<void> => new Promise((resolve) => (onSent = resolve))
      const make = () =>
        handlersFor(w, timers.schedule, (results) => {
          sent.push(results.map((r) => `${r.caseId} ${r.outcome}`))
          onSent?.()
        })
      const offline = `http://127.0.0.1:${await closedPort()}`

      // a timer, not a loop: one wait at a time, longer after each failed attempt, none once the queue is empty
      let h = make()
      await unlock(h)
      await callOn(h, 'register:configure', offline)
      expect(await callOn(h, 'register:push', 'bg-1')).toMatchObject({ outcome: 'queued' })
      expect(timers.pending()).toEqual([RETRY_DELAYS_MS[0]])
      let again = timers.next()
      timers.fire()
      expect(await again).toBe(RETRY_DELAYS_MS[1])
      expect(timers.pending()).toEqual([RETRY_DELAYS_MS[1]])
      await callOn(h, 'register:configure', reg.urls[0]!) // the register is reachable again
      let told = announced()
      timers.fire()
      await told
      expect(sent.at(-1)).toEqual(['bg-1 created'])
      expect(timers.pending()).toEqual([])
      expect((await callOn(h, 'register:settings')).queued).toEqual([])

      // the app starts with a queue, before any key is open: it waits; opening the key sends it
      await callOn(h, 'register:configure', offline)
      await callOn(h, 'register:push', 'bg-2')
      timers.clear() // the app quits
      await callOn(h, 'register:configure', reg.urls[0]!)
      again = timers.next()
      h = make() // a new start of the app on the same workspace: no key is open yet
      expect(await again).toBe(RETRY_DELAYS_MS[0])
      expect(sent).toHaveLength(1)
      told = announced()
      await unlock(h)
      await told
      expect(sent.at(-1)).toEqual(['bg-2 created'])
      expect(timers.pending()).toEqual([])

      // any answer from the register sends the queue at once
      await callOn(h, 'register:configure', offline)
      await callOn(h, 'register:push', 'bg-3')
      await callOn(h, 'register:configure', reg.urls[0]!)
      told = announced()
      expect((await callOn(h, 'register:overview')).online).toBe(true)
      await told
      expect(sent.at(-1)).toEqual(['bg-3 created'])
      expect(timers.pending()).toEqual([])
    } finally {
      w.close()
    }
  })
})
