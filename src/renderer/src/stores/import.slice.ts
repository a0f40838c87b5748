import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import type { ImportReceipt } from '../../../shared/domain/types'
import type { ImportProgress } from '../../../shared/ipc/contract'
import type { AppErrorData } from '../../../shared/result'
import { call, subscribe } from '../api'
import { toBase64 } from '../files'

export interface ImportSlice {
  importing: boolean
  /** 0..1 over the whole batch: reading the files in the page, then main's per-file progress */
  importProgress: number
  importLabel: string
  receipts: readonly ImportReceipt[]
  rejections: readonly { file: string; error: AppErrorData }[]
  importFiles: (files: readonly File[]) => Promise<void>
}

export const createImportSlice: StateCreator<AppState, [], [], ImportSlice> = (set, get) => ({
  importing: false,
  importProgress: 0,
  importLabel: '',
  receipts: [],
  rejections: [],
  importFiles: async (files) => {
    const caseId = get().selectedCaseId
    if (!caseId || files.length === 0 || get().importing) return
    const batchId = `${Date.now()}-${Math.random().toString(36).slice(2)}`
    set({
      importing: true,
      importProgress: 0,
      importLabel: `Reading ${files.length} file(s)…`,
      receipts: [],
      rejections: []
    })
    const unsubscribe = subscribe('import:progress', (p: ImportProgress) => {
      if (p.batchId !== batchId) return
      const done = p.stage === 'done' || p.stage === 'failed' ? 1 : 0.5
      set({
        importProgress: 0.2 + (0.8 * (p.index + done)) / p.total,
        importLabel: `${p.stage === 'parsing' ? 'Checking' : p.stage === 'failed' ? 'Rejected' : 'Stored'} ${p.file} (${p.index + 1} of ${p.total})`
      })
    })
    try {
      const uploads = []
      for (const [i, f] of files.entries()) {
        uploads.push({ name: f.name, base64: toBase64(await f.arrayBuffer()) })
        set({ importProgress: (0.2 * (i + 1)) / files.length })
      }
      const outcomes = await call('import:files', caseId, uploads, batchId)
      set({
        receipts: outcomes.flatMap((o) => (o.ok ? [o.receipt] : [])),
        rejections: outcomes.flatMap((o) => (o.ok ? [] : [{ file: o.file, error: o.error }])),
        importProgress: 1,
        importLabel: 'Import finished'
      })
      await get().refreshCase()
    } catch (error) {
      get().showError(error)
    } finally {
      unsubscribe()
      set({ importing: false })
    }
  }
})
