import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import { AppError } from '../api'

/** One message at a time, success as visible as failure. A refusal with several reasons carries them as items. */
export interface Notice {
  readonly kind: 'error' | 'success'
  readonly text: string
  readonly items: readonly string[]
}

export type View = 'welcome' | 'new' | 'verify' | 'schemes' | 'case'
export type CaseTab = 'review' | 'evidence' | 'verdict' | 'rounds'

export interface UiSlice {
  notice: Notice | null
  /** long work in progress (opening the demo, exporting a PDF): what it is, for the progress line */
  busy: string | null
  view: View
  tab: CaseTab
  showError: (error: unknown) => void
  showSuccess: (text: string) => void
  dismissNotice: () => void
  showView: (view: Exclude<View, 'case'>) => void
  /** the case view, on one of its tabs (the case itself is the cases slice's selection) */
  showCase: (tab: CaseTab) => void
  setTab: (tab: CaseTab) => void
}

/**
 * An error message as a notice: main's refusals list their reasons as "headline:\n- reason\n- reason", which
 * become items; anything that is not an AppError is a bug, named as such.
 */
export function noticeOf(error: unknown): Notice {
  if (!(error instanceof AppError))
    return { kind: 'error', text: 'Something went wrong. Details are in the log.', items: [] }
  const [head = '', ...rest] = error.message.split(/\n- /)
  return { kind: 'error', text: head.trim(), items: rest.map((r) => r.trim()) }
}

/** a success notice */
export const success = (text: string): Notice => ({ kind: 'success', text, items: [] })

/**
 * A store action's work: its value, or, when it throws (main refused it), the error as the notice and `failed`.
 * Actions that answer whether they succeeded (a form clears itself only then) use it with `false`.
 */
export async function attempt<T>(get: () => AppState, work: () => Promise<T>, failed: T): Promise<T> {
  try {
    return await work()
  } catch (error) {
    get().showError(error)
    return failed
  }
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  notice: null,
  busy: null,
  view: 'welcome',
  tab: 'review',
  showError: (error) => set({ notice: noticeOf(error) }),
  showSuccess: (text) => set({ notice: success(text) }),
  dismissNotice: () => set({ notice: null }),
  showView: (view) => {
    if (get().selectedCaseId) void get().selectCase(null)
    set({ view, notice: null })
  },
  showCase: (tab) => set({ view: 'case', tab }),
  setTab: (tab) => set({ tab })
})
