import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import type { DocumentContent, EvidenceDocument } from '../../../shared/domain/documents'
import type { ImportOutcome } from '../../../shared/ipc/contract'
import { call } from '../api'
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
    try {
      const documents = await call('documents:list', id)
      if (get().selectedCaseId === id) set({ documents, documentsCaseId: id })
    } catch (error) {
      get().showError(error)
    }
  },
  attachDocuments: async (files) => {
    const id = get().selectedCaseId
    if (!id || files.length === 0) return []
    try {
      const uploads = await Promise.all(
        files.map(async (f) => ({ name: f.name, base64: toBase64(await f.arrayBuffer()) }))
      )
      const outcomes = await call('documents:attach', id, uploads)
      set({
        documentRefusals: outcomes.flatMap((o) =>
          o.ok ? [] : [`${o.file}: refused, nothing stored: ${o.error.details?.reason ?? o.error.message}`]
        )
      })
      await get().loadDocuments()
      await get().loadReview()
      return outcomes
    } catch (error) {
      get().showError(error)
      return []
    }
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
