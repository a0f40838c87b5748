import { describe, expect, it, vi } from 'vitest'
import { openCaseAnswers, stubApi } from '../fixtures'
import type { BundleImportResult } from '../../../../src/shared/ipc/contract'

let next: Partial<BundleImportResult> = {}
const { api, invoke } = stubApi({
  'bundle:import': () => ({
    caseId: 'acme',
    applied: 0,
    localHead: { seq: 3, hash: 'h' },
    conflict: null,
    summary: { exporter: { name: 'Ann', fingerprint: 'f' }, exportedAt: '2026-11-24T09:00:00.000Z' },
    ...next
  }),
  'bundle:holder': { handedOver: false, head: null, received: null },
  ...openCaseAnswers()
})
vi.stubGlobal('window', { api })
const { useAppStore } = await import('../../../../src/renderer/src/stores')
const { isBundleFile } = await import('../../../../src/renderer/src/stores/bundle.slice')
const file = (name: string) => ({ name, arrayBuffer: async () => new ArrayBuffer(4) }) as unknown as File

describe('opening a case bundle in the app', () => {
  it('routes .awcase files to the bundle, any case of the extension', () => {
    expect([file('a.awcase'), file('B.AWCASE'), file('r.yaml')].map(isBundleFile)).toEqual([
      true,
      true,
      false
    ])
  })

  it('a diverged bundle: the conflict is kept for the case and the refusal said, nothing else', async () => {
    const conflict = {
      commonHead: { seq: 3, hash: 'h' },
      rows: [{ about: 'k / s', local: [], bundle: [] }]
    }
    next = { outcome: 'diverged', message: 'Refused: case acme diverged after case entry 3', conflict }
    await useAppStore.getState().openBundle(file('acme.awcase'))
    const s = useAppStore.getState()
    expect(invoke).toHaveBeenCalledWith('bundle:import', { name: 'acme.awcase', base64: 'AAAAAA==' })
    expect(s.selectedCaseId).toBe('acme')
    expect(s.conflict?.conflict).toEqual(conflict)
    expect(s.notice).toEqual({ kind: 'error', text: next.message, items: [] })
    expect(s.holder).toEqual({ handedOver: false, head: null, received: null })
  })

  it('a bundle that fast-forwards: said as done, and an older conflict is cleared', async () => {
    next = { outcome: 'fast-forward', message: 'Case acme fast-forwarded by 2 entries', applied: 2 }
    await useAppStore.getState().openBundle(file('acme.awcase'))
    const s = useAppStore.getState()
    expect(s.conflict).toBeNull()
    expect(s.notice).toEqual({ kind: 'success', text: next.message, items: [] })
  })
})
