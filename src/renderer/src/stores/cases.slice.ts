import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import type { CaseDetail, CaseSummary, ResultRow, SchemeSummary } from '../../../shared/domain/types'
import type { AppInfo, CreateCaseInput } from '../../../shared/ipc/contract'
import { call } from '../api'
import { downloadBase64 } from '../files'
import type { ReviewAction } from '../../../shared/domain/review-flow'

export type Status = 'idle' | 'loading' | 'ready' | 'error'

export interface CasesSlice {
  info: AppInfo | null
  schemes: readonly SchemeSummary[]
  cases: readonly CaseSummary[]
  casesStatus: Status
  selectedCaseId: string | null
  detail: CaseDetail | null
  results: readonly ResultRow[]
  detailStatus: Status
  loadWorkspace: () => Promise<void>
  selectCase: (id: string | null) => Promise<void>
  refreshCase: () => Promise<void>
  createCase: (input: CreateCaseInput) => Promise<boolean>
  openDemo: () => Promise<void>
  downloadTemplate: () => Promise<void>
  runReviewAction: (action: ReviewAction, comment: string) => Promise<boolean>
}

export const createCasesSlice: StateCreator<AppState, [], [], CasesSlice> = (set, get) => ({
  info: null,
  schemes: [],
  cases: [],
  casesStatus: 'idle',
  selectedCaseId: null,
  detail: null,
  results: [],
  detailStatus: 'idle',
  loadWorkspace: async () => {
    set({ casesStatus: 'loading' })
    try {
      const [info, schemes, cases] = await Promise.all([
        call('app:info'),
        call('schemes:list'),
        call('cases:list')
      ])
      set({ info, schemes, cases, casesStatus: 'ready' })
    } catch (error) {
      set({ casesStatus: 'error' })
      get().showError(error)
    }
  },
  selectCase: async (id) => {
    set({
      selectedCaseId: id,
      detail: null,
      results: [],
      detailStatus: id ? 'loading' : 'idle',
      receipts: [],
      rejections: [],
      review: null,
      reviewStatus: 'idle',
      verdict: null,
      verdictStatus: 'idle',
      selectedRowKey: null,
      selectedFindingId: null,
      logs: {}
    })
    if (id) await get().refreshCase()
  },
  refreshCase: async () => {
    const id = get().selectedCaseId
    if (!id) return
    try {
      const [detail, results, cases] = await Promise.all([
        call('cases:get', id),
        call('cases:results', id),
        call('cases:list')
      ])
      if (get().selectedCaseId === id) set({ detail, results, cases, detailStatus: 'ready' })
      await get().loadReview()
    } catch (error) {
      set({ detailStatus: 'error' })
      get().showError(error)
    }
  },
  createCase: async (input) => {
    try {
      const created = await call('cases:create', input)
      set({ cases: await call('cases:list') })
      await get().selectCase(created.id)
      return true
    } catch (error) {
      get().showError(error)
      return false
    }
  },
  runReviewAction: async (action, comment) => {
    const id = get().selectedCaseId
    if (!id) return false
    try {
      await call('cases:reviewFlow', id, action, comment)
      await get().refreshCase()
      return true
    } catch (error) {
      get().showError(error)
      return false
    }
  },
  downloadTemplate: async () => {
    const id = get().selectedCaseId
    if (!id) return
    try {
      const file = await call('cases:exportTemplate', id)
      downloadBase64(
        file.fileName,
        file.base64,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      )
    } catch (error) {
      get().showError(error)
    }
  },
  openDemo: async () => {
    try {
      const demo = await call('demo:open')
      set({ cases: await call('cases:list') })
      await get().selectCase(demo.id)
    } catch (error) {
      get().showError(error)
    }
  }
})
