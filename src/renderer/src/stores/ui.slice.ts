import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import { AppError } from '../api'

export interface UiSlice {
  errorBanner: string | null
  showError: (error: unknown) => void
  dismissError: () => void
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  errorBanner: null,
  showError: (error) =>
    set({
      errorBanner: error instanceof AppError ? error.message : 'Something went wrong. Details are in the log.'
    }),
  dismissError: () => set({ errorBanner: null })
})
