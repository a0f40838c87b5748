import { create } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
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
import type { CurrentIdentity } from '../../../shared/ipc/contract'

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

/**
 * The named keys of the store, for a component: it re-renders only when one of them changes (compared
 * shallowly), never on another slice's tick. A value derived from the store takes its own
 * `useAppStore((s) => …)`, which returns a primitive or a stored reference.
 */
export function usePick<K extends keyof AppState>(...keys: readonly K[]): Pick<AppState, K> {
  return useAppStore(
    useShallow((s) => {
      const picked = {} as Pick<AppState, K>
      for (const key of keys) picked[key] = s[key]
      return picked
    })
  )
}

/** The auditor key this session signs with, or null while none is open. */
export const useSigner = (): CurrentIdentity | null => useAppStore((s) => s.identity?.current ?? null)
