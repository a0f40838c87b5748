import { beforeEach, describe, expect, it, vi } from 'vitest'
import { stubApi } from '../fixtures'
import type { RegisterOverview } from '../../../../src/shared/register/desk'

const overview = (online: boolean, queued: string[]): RegisterOverview => ({
  online,
  message: online ? 'Connected.' : 'Offline: the register cannot be reached.',
  cases: [],
  certificates: [],
  settings: {
    url: 'https://register.test',
    queued: queued.map((caseId) => ({ caseId, queuedAt: '2026-11-24T09:00:00.000Z' }))
  }
})
let online = false
let queue: string[] = []
/** the register's copy opened here, diverged: what register:pull and a diverged push carry */
const diverged = (caseId: string) => ({
  outcome: 'diverged',
  caseId,
  source: 'register',
  applied: 0,
  localHead: { seq: 9, hash: 'h9' },
  message: `Refused: case ${caseId} diverged after case entry 7.`,
  summary: {
    caseId,
    exporter: { name: 'Bob', fingerprint: 'SHA256:b' },
    exportedAt: '2026-11-24T09:00:00.000Z'
  },
  conflict: {
    commonHead: { seq: 7, hash: 'k' },
    rows: [
      {
        about: 'c / s',
        local: [],
        bundle: [{ caseSeq: 8, at: '', actor: 'Bob', action: 'decision', what: 'reject' }]
      }
    ]
  }
})
const { api, invoke } = stubApi({
  'register:overview': () => overview(online, queue),
  'register:push': (caseId: string) =>
    online
      ? {
          caseId,
          outcome: 'diverged',
          message: 'diverged',
          commonHead: { seq: 7, key: 'k' },
          conflict: diverged(caseId)
        }
      : ((queue = [...queue, caseId]), { caseId, outcome: 'queued', message: 'unreachable' }),
  'register:pull': (caseId: string) => diverged(caseId),
  'cases:list': () => [],
  'register:flush': () => {
    const sent = queue.map((caseId) => ({ caseId, outcome: 'fast-forward', message: '' }))
    queue = []
    return sent
  }
})
vi.stubGlobal('window', { api })
const { useAppStore } = await import('../../../../src/renderer/src/stores')

beforeEach(() => {
  online = false
  queue = []
  invoke.mockClear()
})

describe('the register slice', () => {
  it('offline: a push is queued and says so; back online, loading the register sends the queue first', async () => {
    await useAppStore.getState().pushCase('acme')
    expect(useAppStore.getState().notice?.text).toMatch(/^Offline: the push of acme is queued/)
    expect(useAppStore.getState().register?.settings.queued).toHaveLength(1)
    online = true
    await useAppStore.getState().loadRegister()
    expect(invoke.mock.calls.map((c) => c[0])).toContain('register:flush')
    expect(useAppStore.getState().register?.settings.queued).toEqual([])
    expect(useAppStore.getState().notice?.text).toBe('Sent 1 queued push: acme fast-forward.')
  })
  it('a diverged push is an error notice naming the common head', async () => {
    online = true
    await useAppStore.getState().pushCase('acme')
    expect(useAppStore.getState().notice).toMatchObject({
      kind: 'error',
      text: expect.stringMatching(/diverged .*common head: entry 7/)
    })
  })
  it("a diverged push and a diverged pull open the conflict view with the register's copy", async () => {
    online = true
    useAppStore.setState({ conflict: null })
    await useAppStore.getState().pushCase('acme')
    expect(useAppStore.getState().conflict).toMatchObject({
      caseId: 'acme',
      source: 'register',
      conflict: { commonHead: { seq: 7 } }
    })
    useAppStore.setState({ conflict: null })
    await useAppStore.getState().pullCase('acme')
    expect(useAppStore.getState().conflict).toMatchObject({ caseId: 'acme', source: 'register' })
    expect(useAppStore.getState().notice).toMatchObject({
      kind: 'error',
      text: expect.stringMatching(/diverged/)
    })
  })
  it('pushes sent in the background are announced', async () => {
    await useAppStore.getState().registerSent([{ caseId: 'acme', outcome: 'created', message: '' }])
    expect(useAppStore.getState().notice?.text).toBe('Sent 1 queued push: acme created.')
  })
})
