import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import type { ImportReceipt } from '../../../shared/domain/types'
import type { ImportProgress } from '../../../shared/ipc/contract'
import type { AppErrorData } from '../../../shared/result'
import { call, subscribe } from '../api'
import { toBase64 } from '../files'
import { uploadBatches } from '../../../shared/ipc/upload'

export interface ImportSlice {
  importing: boolean
  /** 0..1 over the whole batch: reading the files in the page, then main's per-file progress */
  importProgress: number
  importLabel: string
  receipts: readonly ImportReceipt[]
  rejections: readonly { file: string; error: AppErrorData }[]
  /** the counts of the last batch, for the import bar */
  importSummary: { readonly total: number; readonly stored: number; readonly refused: number } | null
  importFiles: (files: readonly File[]) => Promise<void>
  /** forgets the last batch's receipts and counts (another case was selected) */
  clearImport: () => void
}

/** "4 of 4 files stored", "6 of 7 files refused (1 stored)": the counts, never just "finished". */
export function importCounts(total: number, stored: number, refused: number): string {
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`
  if (refused === 0) return `${stored} of ${files(total)} stored`
  if (stored === 0) return `${refused} of ${files(total)} refused; nothing was stored`
  return `${refused} of ${files(total)} refused (${stored} stored)`
}

export const createImportSlice: StateCreator<AppState, [], [], ImportSlice> = (set, get) => ({
  importing: false,
  importProgress: 0,
  importLabel: '',
  receipts: [],
  rejections: [],
  importSummary: null,
  clearImport: () => set({ receipts: [], rejections: [], importSummary: null, importProgress: 0 }),
  importFiles: async (files) => {
    const caseId = get().selectedCaseId
    if (!caseId || files.length === 0 || get().importing) return
    const batchId = `${Date.now()}-${Math.random().toString(36).slice(2)}`
    set({
      importing: true,
      importProgress: 0,
      importLabel: `Reading ${files.length} file(s)…`,
      receipts: [],
      rejections: [],
      importSummary: null
    })
    // a drop of many files goes as several calls, each under the bridge's body cap; a file over the
    // import's cap is refused here, without reading it
    const { batches, refused } = uploadBatches(files)
    const receipts: ImportReceipt[] = []
    const rejections = refused.map(({ file, reason }): { file: string; error: AppErrorData } => ({
      file: file.name,
      error: {
        code: 'INPUT_REJECTED',
        message: `${file.name}: (whole file): ${reason}`,
        details: { file: file.name, place: '(whole file)', reason }
      }
    }))
    const total = batches.flat().filter((f) => !/\.sig$/i.test(f.name)).length
    // each call has its own batch id, and main counts within it; its events may come after its answer
    const offsets = new Map<string, number>()
    let offset = 0
    // the bar never runs backwards, though the page reads each call's files before main checks them
    const advance = (progress: number, label?: string): void =>
      set({
        importProgress: Math.max(get().importProgress, progress),
        ...(label ? { importLabel: label } : {})
      })
    // once the counts are on the bar, the events stop: a late one of the last call does not overwrite them
    const unsubscribe = subscribe('import:progress', (p: ImportProgress) => {
      const offset = offsets.get(p.batchId)
      if (offset === undefined) return
      const done = p.stage === 'done' || p.stage === 'failed' ? 1 : 0.5
      const index = offset + p.index
      advance(
        0.2 + (0.8 * (index + done)) / total,
        `${p.stage === 'parsing' ? 'Checking' : p.stage === 'failed' ? 'Rejected' : 'Stored'} ${p.file} (${index + 1} of ${total})`
      )
    })
    try {
      let read = 0
      for (const batch of batches) {
        const uploads = []
        for (const f of batch) {
          uploads.push({ name: f.name, base64: toBase64(await f.arrayBuffer()) })
          advance((0.2 * ++read) / files.length)
        }
        const callId = `${batchId}-${offsets.size}`
        offsets.set(callId, offset)
        offset += batch.filter((f) => !/\.sig$/i.test(f.name)).length
        const outcomes = await call('import:files', caseId, uploads, callId)
        for (const o of outcomes) {
          if (o.ok) receipts.push(o.receipt)
          else rejections.push({ file: o.file, error: o.error })
        }
      }
    } catch (error) {
      unsubscribe()
      set({ receipts, rejections, importing: false })
      get().showError(error)
      return
    }
    unsubscribe()
    const stored = receipts.length
    const count = receipts.length + rejections.length
    // the counts and the end of the import in one update: the next drop is taken from the moment they show
    set({
      receipts,
      rejections,
      importSummary: { total: count, stored, refused: rejections.length },
      importProgress: 1,
      importLabel: importCounts(count, stored, rejections.length),
      importing: false
    })
    // the batch's outcome is on the import bar; an older message would contradict it
    get().dismissNotice()
    await get().refreshCase()
  }
})
