import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import { call } from '../api'
import type { SchemeSummary } from '../../../shared/domain/types'

export interface SchemesSlice {
  schemes: readonly SchemeSummary[]
  schemesStatus: 'idle' | 'loading' | 'ready' | 'error'
  loadSchemes: () => Promise<void>
}

export const createSchemesSlice: StateCreator<AppState, [], [], SchemesSlice> = (set, get) => ({
  schemes: [],
  schemesStatus: 'idle',
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
