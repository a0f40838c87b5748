import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import { call } from '../api'
import { attempt } from './ui.slice'
import type { SchemeImportResult, SchemeSummary } from '../../../shared/domain/types'
import type { UploadedFile } from '../../../shared/ipc/contract'

export interface SchemesSlice {
  schemes: readonly SchemeSummary[]
  schemesStatus: 'idle' | 'loading' | 'ready' | 'error'
  loadSchemes: () => Promise<void>
  /** what importing the picked scheme file would change, or what it changed once imported */
  schemePreview: SchemeImportResult | null
  previewScheme: (file: UploadedFile) => Promise<void>
  /** imports the previewed file (a change to a stable version needs a reason, for the audit log) */
  importScheme: (file: UploadedFile, reason: string | null) => Promise<void>
  /** forgets the preview (the picked file is the screen's own state, gone when it closes) */
  clearSchemePreview: () => void
}

export const createSchemesSlice: StateCreator<AppState, [], [], SchemesSlice> = (set, get) => ({
  schemes: [],
  schemesStatus: 'idle',
  schemePreview: null,
  clearSchemePreview: () => set({ schemePreview: null }),
  previewScheme: async (file) => {
    try {
      set({ schemePreview: await call('schemes:preview', file) })
    } catch (error) {
      set({ schemePreview: null })
      get().showError(error)
    }
  },
  importScheme: (file, reason) =>
    attempt(
      get,
      async () => {
        set({ schemePreview: await call('schemes:import', file, ...(reason !== null ? [{ reason }] : [])) })
        await get().loadSchemes()
      },
      undefined
    ),
  loadSchemes: async () => {
    set({ schemesStatus: 'loading' })
    try {
      set({ schemes: await call('schemes:list'), schemesStatus: 'ready' })
    } catch (error) {
      set({ schemesStatus: 'error' })
      get().showError(error)
    }
  }
})
