import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import {
  MAX_DOCUMENT_BYTES,
  type DocumentContent,
  type EvidenceDocument
} from '../../../shared/domain/documents'
import type { ImportOutcome } from '../../../shared/ipc/contract'
import { call } from '../api'
import { attempt } from './ui.slice'
import { toBase64 } from '../files'

export interface DocumentsSlice {
  /** the evidence documents of the selected case */
  documents: readonly EvidenceDocument[]
  documentsCaseId: string | null
  /** the refusals of the last attach, one line per file */
  documentRefusals: readonly string[]
  /** the document shown in the preview dialog */
  preview: { readonly document: EvidenceDocument; readonly content: DocumentContent | null } | null
  loadDocuments: () => Promise<void>
  attachDocuments: (files: readonly File[]) => Promise<readonly ImportOutcome[]>
  openPreview: (document: EvidenceDocument) => Promise<void>
  closePreview: () => void
}

export const createDocumentsSlice: StateCreator<AppState, [], [], DocumentsSlice> = (set, get) => ({
  documents: [],
  documentsCaseId: null,
  documentRefusals: [],
  preview: null,
  loadDocuments: async () => {
    const id = get().selectedCaseId
    if (!id) return
    await attempt(
      get,
      async () => {
        const documents = await call('documents:list', id)
        if (get().selectedCaseId === id) set({ documents, documentsCaseId: id })
      },
      undefined
    )
  },
  attachDocuments: async (files) => {
    const id = get().selectedCaseId
    if (!id || files.length === 0) return []
    return attempt(get, async () => {
      // one document per call (a call stays under the bridge's body cap); one over the cap is never sent
      const outcomes: ImportOutcome[] = []
      for (const f of files) {
        if (f.size > MAX_DOCUMENT_BYTES) {
          const reason = `the file is ${f.size} bytes; the limit for an evidence document is ${MAX_DOCUMENT_BYTES} bytes (100 MiB)`
          outcomes.push({
            file: f.name,
            ok: false,
            error: {
              code: 'INPUT_REJECTED',
              message: reason,
              details: { file: f.name, place: '(whole file)', reason }
            }
          })
          continue
        }
        const base64 = toBase64(await f.arrayBuffer())
        outcomes.push(...(await call('documents:attach', id, [{ name: f.name, base64 }])))
      }
      set({
        documentRefusals: outcomes.flatMap((o) =>
          o.ok ? [] : [`${o.file}: refused, nothing stored: ${o.error.details?.reason ?? o.error.message}`]
        )
      })
      await get().loadDocuments()
      await get().loadReview()
      return outcomes
    }, [])
  },
  openPreview: async (document) => {
    const id = get().selectedCaseId
    if (!id) return
    set({ preview: { document, content: null } })
    try {
      const content = await call('documents:get', id, document.sha256)
      if (get().preview?.document.sha256 === document.sha256) set({ preview: { document, content } })
    } catch (error) {
      set({ preview: null })
      get().showError(error)
    }
  },
  closePreview: () => set({ preview: null })
})
