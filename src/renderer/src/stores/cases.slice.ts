import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import type { CaseTab } from './ui.slice'
import type { CaseDetail, CaseSummary, ResultRow } from '../../../shared/domain/types'
import type { AppInfo, CreateCaseInput } from '../../../shared/ipc/contract'
import { call } from '../api'
import { attempt, success, type Notice } from './ui.slice'
import { downloadBase64 } from '../files'
import type { ReviewAction } from '../../../shared/domain/review-flow'

export type Status = 'idle' | 'loading' | 'ready' | 'error'

const DONE: Record<ReviewAction, string> = {
  submit: 'submitted for review',
  accept: 'accepted: the case is locked',
  return: 'returned with comments',
  reopen: 'reopened'
}

/** what an action that changed the case shows with it, in the same update: its notice, its end of work */
export type Done = { readonly notice?: Notice; readonly busy?: null }

export interface CasesSlice {
  info: AppInfo | null
  cases: readonly CaseSummary[]
  casesStatus: Status
  selectedCaseId: string | null
  detail: CaseDetail | null
  results: readonly ResultRow[]
  detailStatus: Status
  loadWorkspace: () => Promise<void>
  /** opens a case (null: none), on a tab and a row (`rowKey`) when given, as a link or back/forward does */
  selectCase: (
    id: string | null,
    at?: { tab?: CaseTab; rowKey?: string | null; done?: Done }
  ) => Promise<void>
  /**
   * reloads the open case; `done` is the notice of the action that changed it, shown in the same update as the
   * changed case, so a notice raised in the meantime (a key pressed on the new state) is never overwritten
   */
  refreshCase: (done?: Done) => Promise<void>
  createCase: (input: CreateCaseInput) => Promise<boolean>
  openDemo: () => Promise<void>
  downloadTemplate: () => Promise<void>
  runReviewAction: (action: ReviewAction, comment: string) => Promise<boolean>
}

export const createCasesSlice: StateCreator<AppState, [], [], CasesSlice> = (set, get) => ({
  info: null,
  cases: [],
  casesStatus: 'idle',
  selectedCaseId: null,
  detail: null,
  results: [],
  detailStatus: 'idle',
  loadWorkspace: async () => {
    set({ casesStatus: 'loading' })
    try {
      // the schemes are the schemes slice's own: it loads them (and says so if it cannot)
      const [info, cases] = await Promise.all([call('app:info'), call('cases:list'), get().loadSchemes()])
      set({ info, cases, casesStatus: 'ready' })
    } catch (error) {
      set({ casesStatus: 'error' })
      get().showError(error)
    }
  },
  selectCase: async (id, at = {}) => {
    const same = id !== null && id === get().selectedCaseId
    if (same) {
      if (at.tab) get().setTab(at.tab)
      if (at.rowKey !== undefined && at.rowKey !== get().selectedRowKey) get().selectRow(at.rowKey)
      return
    }
    // this slice's own keys; every other slice forgets the case left behind through its own action
    set({ selectedCaseId: id, detail: null, results: [], detailStatus: id ? 'loading' : 'idle' })
    if (id) get().showCase(at.tab ?? 'review')
    // a message about the case left behind is no message about this one
    get().dismissNotice()
    get().clearImport()
    get().clearReview(at.rowKey ?? null)
    get().forgetHolder(id)
    if (id) await get().refreshCase(at.done)
  },
  refreshCase: async (done) => {
    const id = get().selectedCaseId
    if (!id) return
    try {
      const [detail, results, cases] = await Promise.all([
        call('cases:get', id),
        call('cases:results', id),
        call('cases:list')
      ])
      if (get().selectedCaseId === id)
        set({
          detail,
          results,
          cases,
          detailStatus: 'ready',
          ...done
        })
      await Promise.all([get().loadReview(), get().loadHolder()])
    } catch (error) {
      if (get().selectedCaseId !== id) return
      set({ detailStatus: 'error' })
      get().showError(error)
    }
  },
  createCase: async (input) => {
    return attempt(
      get,
      async () => {
        const created = await call('cases:create', input)
        set({ cases: await call('cases:list') })
        await get().selectCase(created.id, {
          done: { notice: success(`Case ${created.id} created. Drop its files on the import bar.`) }
        })
        return true
      },
      false
    )
  },
  runReviewAction: async (action, comment) => {
    const id = get().selectedCaseId
    if (!id) return false
    return attempt(
      get,
      async () => {
        const signer = get().identity?.current?.name
        await call('cases:reviewFlow', id, action, comment)
        await get().refreshCase({
          notice: success(`Case ${id} ${DONE[action]}${signer ? ` (${signer})` : ''}.`)
        })
        return true
      },
      false
    )
  },
  downloadTemplate: async () => {
    const id = get().selectedCaseId
    if (!id) return
    await attempt(
      get,
      async () => {
        const file = await call('cases:exportTemplate', id)
        downloadBase64(
          file.fileName,
          file.base64,
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        )
        get().showSuccess(`Questionnaire template saved as ${file.fileName}.`)
      },
      undefined
    )
  },
  openDemo: async () => {
    if (get().busy) return
    set({ busy: 'Opening the demo case: importing its report and self-assessment…', notice: null })
    try {
      const demo = await call('demo:open')
      set({ cases: await call('cases:list') })
      await get().selectCase(demo.id)
    } catch (error) {
      get().showError(error)
    } finally {
      set({ busy: null })
    }
  }
})
