import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import type { CaseReview, ReviewFinding } from '../../../shared/ipc/contract'
import type { DecisionRequest } from '../../../shared/domain/decisions'
import type { FindingType, Severity } from '../../../shared/domain/reconcile'
import type { LogExcerpt } from '../../../shared/domain/types'
import { call } from '../api'
import type { Verdict } from '../../../shared/domain/verdict-types'

export interface ReviewFilters {
  readonly severities: readonly Severity[]
  readonly type: FindingType | ''
  readonly subject: string
  readonly criterion: string
  readonly search: string
  /** also walk findings that a decision resolved or waived */
  readonly showDecided: boolean
}

export const NO_FILTERS: ReviewFilters = {
  severities: [],
  type: '',
  subject: '',
  criterion: '',
  search: '',
  showDecided: false
}

export interface ReviewSlice {
  review: CaseReview | null
  verdict: Verdict | null
  verdictStatus: 'idle' | 'loading' | 'ready' | 'error'
  loadVerdict: () => Promise<void>
  reviewStatus: 'idle' | 'loading' | 'ready' | 'error'
  filters: ReviewFilters
  /** the finding the triage queue stands on */
  selectedFindingId: string | null
  /** `criterion\0subject` of the row shown in the three columns */
  selectedRowKey: string | null
  logs: Readonly<Record<string, LogExcerpt | null | 'loading'>>
  loadReview: () => Promise<void>
  setFilters: (f: Partial<ReviewFilters>) => void
  selectRow: (key: string | null) => void
  selectFinding: (id: string | null) => void
  loadLog: (reportId: number, testcase: string) => Promise<void>
  recordDecision: (input: DecisionRequest) => Promise<boolean>
}

export const rowKey = (criterion: string, subject: string): string => `${criterion}\u0000${subject}`

/** The findings the filters leave, in queue order (severity first, as reconciliation sorts them). */
export function visibleFindings(review: CaseReview | null, f: ReviewFilters): ReviewFinding[] {
  if (!review) return []
  const q = f.search.trim().toLowerCase()
  const c = f.criterion.trim().toLowerCase()
  return review.findings.filter(
    (x) =>
      (f.showDecided || x.state === 'open') &&
      (f.severities.length === 0 || f.severities.includes(x.severity)) &&
      (!f.type || x.type === f.type) &&
      (!f.subject || x.subject === f.subject) &&
      (!c || x.criterion.toLowerCase().includes(c)) &&
      (!q || `${x.message} ${x.criterion} ${x.subject} ${x.evidence} ${x.type}`.toLowerCase().includes(q))
  )
}

export const createReviewSlice: StateCreator<AppState, [], [], ReviewSlice> = (set, get) => ({
  review: null,
  reviewStatus: 'idle',
  verdict: null,
  verdictStatus: 'idle',
  loadVerdict: async () => {
    const id = get().selectedCaseId
    if (!id) return
    set({ verdictStatus: 'loading' })
    try {
      const verdict = await call('cases:verdict', id)
      if (get().selectedCaseId === id) set({ verdict, verdictStatus: 'ready' })
    } catch (error) {
      set({ verdict: null, verdictStatus: 'error' })
      get().showError(error)
    }
  },
  filters: NO_FILTERS,
  selectedFindingId: null,
  selectedRowKey: null,
  logs: {},
  loadReview: async () => {
    const id = get().selectedCaseId
    if (!id) return
    set({ reviewStatus: 'loading' })
    try {
      const review = await call('cases:review', id)
      if (get().selectedCaseId !== id) return
      const first = review.rows.find((r) => r.worst) ?? review.rows[0]
      set({
        review,
        reviewStatus: 'ready',
        selectedRowKey: get().selectedRowKey ?? (first ? rowKey(first.criterion, first.subject) : null)
      })
    } catch (error) {
      set({ reviewStatus: 'error' })
      get().showError(error)
    }
  },
  setFilters: (f) => set({ filters: { ...get().filters, ...f } }),
  selectRow: (key) => set({ selectedRowKey: key }),
  selectFinding: (id) => {
    const f = get().review?.findings.find((x) => x.id === id)
    set({
      selectedFindingId: id,
      ...(f && f.criterion ? { selectedRowKey: rowKey(f.criterion, f.subject) } : {})
    })
  },
  recordDecision: async (input) => {
    try {
      await call('decisions:record', input)
      await get().loadReview()
      return true
    } catch (error) {
      get().showError(error)
      return false
    }
  },
  loadLog: async (reportId, testcase) => {
    const key = `${reportId}\u0000${testcase}`
    if (get().logs[key]) return
    set({ logs: { ...get().logs, [key]: 'loading' } })
    try {
      const log = await call('reports:log', reportId, testcase)
      set({ logs: { ...get().logs, [key]: log } })
    } catch (error) {
      set({ logs: { ...get().logs, [key]: null } })
      get().showError(error)
    }
  }
})
