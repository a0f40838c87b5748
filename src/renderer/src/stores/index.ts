import { create } from 'zustand'
import { createCasesSlice, type CasesSlice } from './cases.slice'
import { createImportSlice, type ImportSlice } from './import.slice'
import { createUiSlice, type UiSlice } from './ui.slice'
import { createReviewSlice, type ReviewSlice } from './review.slice'
import { createSchemesSlice, type SchemesSlice } from './schemes.slice'
import { createIdentitySlice, type IdentitySlice } from './identity.slice'
import { createDocumentsSlice, type DocumentsSlice } from './documents.slice'
import { createBundleSlice, type BundleSlice } from './bundle.slice'
import { createRegisterSlice, type RegisterSlice } from './register.slice'
import { createTrustSlice, type TrustSlice } from './trust.slice'

export type AppState = CasesSlice &
  ImportSlice &
  UiSlice &
  ReviewSlice &
  SchemesSlice &
  IdentitySlice &
  DocumentsSlice &
  BundleSlice &
  RegisterSlice &
  TrustSlice

export const useAppStore = create<AppState>()((...a) => ({
  ...createCasesSlice(...a),
  ...createImportSlice(...a),
  ...createUiSlice(...a),
  ...createReviewSlice(...a),
  ...createSchemesSlice(...a),
  ...createIdentitySlice(...a),
  ...createDocumentsSlice(...a),
  ...createBundleSlice(...a),
  ...createRegisterSlice(...a),
  ...createTrustSlice(...a)
}))
