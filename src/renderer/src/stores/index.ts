import { create } from 'zustand'
import { createCasesSlice, type CasesSlice } from './cases.slice'
import { createImportSlice, type ImportSlice } from './import.slice'
import { createUiSlice, type UiSlice } from './ui.slice'
import { createReviewSlice, type ReviewSlice } from './review.slice'

export type AppState = CasesSlice & ImportSlice & UiSlice & ReviewSlice

export const useAppStore = create<AppState>()((...a) => ({
  ...createCasesSlice(...a),
  ...createImportSlice(...a),
  ...createUiSlice(...a),
  ...createReviewSlice(...a)
}))
