import { describe, expect, it, vi } from 'vitest'
import { openCaseAnswers, stubApi } from '../fixtures'

const { api } = stubApi({
  'import:files': [
    { file: 'a.yaml', ok: true, receipt: { file: 'a.yaml', sha256: 'x' } },
    ...Array.from({ length: 6 }, (_, i) => ({
      file: `bad-${i}.png`,
      ok: false,
      error: { code: 'VALIDATION', message: 'this is a PNG image, not a report' }
    }))
  ],
  ...openCaseAnswers()
})
vi.stubGlobal('window', { api })
const { useAppStore } = await import('../../../../src/renderer/src/stores')
const { importCounts } = await import('../../../../src/renderer/src/stores/import.slice')

describe('the import bar gives counts, never just "finished"', () => {
  it.each([
    [4, 4, 0, '4 of 4 files stored'],
    [1, 1, 0, '1 of 1 file stored'],
    [7, 1, 6, '6 of 7 files refused (1 stored)'],
    [2, 0, 2, '2 of 2 files refused; nothing was stored']
  ])('%i files, %i stored, %i refused', (total, stored, refused, text) => {
    expect(importCounts(total, stored, refused)).toBe(text)
  })
  it('a batch with refusals ends with its counts and clears an older message', async () => {
    useAppStore.setState({
      selectedCaseId: 'acme',
      notice: { kind: 'success', text: 'Case acme created.', items: [] }
    })
    const file = (name: string) => ({ name, arrayBuffer: async () => new ArrayBuffer(4) }) as unknown as File
    await useAppStore
      .getState()
      .importFiles(['a.yaml', ...Array.from({ length: 6 }, (_, i) => `bad-${i}.png`)].map(file))
    const s = useAppStore.getState()
    expect(s.importLabel).toBe('6 of 7 files refused (1 stored)')
    expect(s.importSummary).toEqual({ total: 7, stored: 1, refused: 6 })
    expect(s.rejections).toHaveLength(6)
    expect(s.notice).toBeNull()
  })
})
