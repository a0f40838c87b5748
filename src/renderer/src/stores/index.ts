import { create } from 'zustand'
import { createCasesSlice, type CasesSlice } from './cases.slice'
import { createImportSlice, type ImportSlice } from './import.slice'
import { createUiSlice, type UiSlice } from './ui.slice'

export type AppState = CasesSlice & ImportSlice & UiSlice

export const useAppStore = create<AppState>()((...a) => ({
  ...createCasesSlice(...a),
  ...createImportSlice(...a),
  ...createUiSlice(...a)
}))
