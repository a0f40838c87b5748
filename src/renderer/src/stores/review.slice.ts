import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import type { CaseReview, ExportVerdictInput, ReviewFinding, ReviewRow } from '../../../shared/ipc/contract'
import type { DecisionKind, DecisionRequest } from '../../../shared/domain/decisions'
import { worstOf, type FindingType, type Severity } from '../../../shared/domain/reconcile'
import type { LogExcerpt } from '../../../shared/domain/types'
import type { RoundDiff } from '../../../shared/domain/rounds'
import { AppError, call } from '../api'
import { attempt } from './ui.slice'
import { downloadBase64, toBase64 } from '../files'
import type { Verdict, VerdictCheck } from '../../../shared/domain/verdict-types'

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
  /** the decision form open on the selected row, and its kind */
  deciding: DecisionKind | null
  roundDiff: RoundDiff | null
  verifyCheck: VerdictCheck | null
  exporting: boolean
  loadReview: () => Promise<void>
  /** forgets the review, verdict, round diff and logs of the case left behind; stands on `rowKey` */
  clearReview: (rowKey: string | null) => void
  setFilters: (f: Partial<ReviewFilters>) => void
  /** selects a row, and the queue with it: its first open finding (or first finding, or none) */
  selectRow: (key: string | null) => void
  /** selects a finding, and the row it belongs to (a case-level finding's row for a case-level one) */
  selectFinding: (id: string | null) => void
  /** a, r, w: opens the decision form on the selected row, or says why nothing can be decided */
  startDecision: (kind: DecisionKind) => void
  cancelDecision: () => void
  loadLog: (reportId: number, testcase: string) => Promise<void>
  recordDecision: (input: DecisionRequest) => Promise<boolean>
  loadRoundDiff: () => Promise<void>
  carryForward: () => Promise<boolean>
  exportVerdict: (
    input: Omit<ExportVerdictInput, 'p12Base64' | 'caseId'>,
    key: File | null
  ) => Promise<boolean>
  verifyPdf: (file: File) => Promise<void>
}

export const rowKey = (criterion: string, subject: string): string => `${criterion}\u0000${subject}`
export const splitRowKey = (key: string): { criterion: string; subject: string } => {
  const [criterion = '', subject = ''] = key.split('\u0000')
  return { criterion, subject }
}

/**
 * The rows of the desk: one per subject with case-level findings (criterion '', decided like any other row),
 * then the criteria of the review.
 */
export function deskRows(review: CaseReview | null): ReviewRow[] {
  if (!review) return []
  const bySubject = new Map<string, ReviewFinding[]>()
  for (const f of review.findings)
    if (!f.criterion) bySubject.set(f.subject, [...(bySubject.get(f.subject) ?? []), f])
  const caseLevel = [...bySubject].map(([subject, fs]): ReviewRow => ({
    criterion: '',
    name: 'Case-level findings',
    url: '',
    manual: false,
    subject,
    claim: null,
    testcases: [],
    outcome: null,
    findingIds: fs.map((f) => f.id),
    worst: worstOf(fs.filter((f) => f.state === 'open').map((f) => f.severity)),
    decision: review.decisions.find((d) => d.criterion === '' && d.subject === subject) ?? null
  }))
  return [...caseLevel, ...review.rows]
}

/** "scs-0101-v1 · contra-cloud", or "case-level · dr-cloud" */
export const rowLabel = (criterion: string, subject: string): string =>
  `${criterion || 'case-level'}${subject ? ` · ${subject}` : ''}`

const DECIDED: Record<DecisionKind, string> = { accept: 'Accepted', reject: 'Rejected', waive: 'Waived' }

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

export const createReviewSlice: StateCreator<AppState, [], [], ReviewSlice> = (set, get) => {
  /** counts the PDF checks started: only the newest one's end shows */
  let verifying = 0
  return {
    review: null,
    reviewStatus: 'idle',
    verdict: null,
    verdictStatus: 'idle',
    clearReview: (key) =>
      set({
        review: null,
        reviewStatus: 'idle',
        verdict: null,
        verdictStatus: 'idle',
        roundDiff: null,
        selectedRowKey: key,
        selectedFindingId: null,
        deciding: null,
        logs: {}
      }),
    loadVerdict: async () => {
      const id = get().selectedCaseId
      if (!id) return
      set({ verdictStatus: 'loading' })
      try {
        const verdict = await call('cases:verdict', id)
        if (get().selectedCaseId === id) set({ verdict, verdictStatus: 'ready' })
      } catch (error) {
        // a failure about a case left behind is no news about this one
        if (get().selectedCaseId !== id) return
        set({ verdict: null, verdictStatus: 'error' })
        get().showError(error)
      }
    },
    filters: NO_FILTERS,
    selectedFindingId: null,
    selectedRowKey: null,
    logs: {},
    deciding: null,
    roundDiff: null,
    verifyCheck: null,
    exporting: false,
    loadReview: async () => {
      const id = get().selectedCaseId
      if (!id) return
      set({ reviewStatus: 'loading' })
      try {
        const review = await call('cases:review', id)
        if (get().selectedCaseId !== id) return
        // a case opens on the head of the queue: its first open finding (findings come worst first)
        const head = review.findings.find((f) => f.state === 'open')
        const first = deskRows(review)[0]
        const fallback = head
          ? rowKey(head.criterion, head.subject)
          : first
            ? rowKey(first.criterion, first.subject)
            : null
        set({ review, reviewStatus: 'ready', selectedRowKey: get().selectedRowKey ?? fallback })
        const current = review.findings.find((f) => f.id === get().selectedFindingId)
        if (!current || rowKey(current.criterion, current.subject) !== get().selectedRowKey)
          get().selectRow(get().selectedRowKey)
      } catch (error) {
        if (get().selectedCaseId !== id) return
        set({ reviewStatus: 'error' })
        get().showError(error)
      }
    },
    setFilters: (f) => set({ filters: { ...get().filters, ...f } }),
    selectRow: (key) => {
      const mine = (get().review?.findings ?? []).filter(
        (f) => key !== null && rowKey(f.criterion, f.subject) === key
      )
      const f = mine.find((x) => x.state === 'open') ?? mine[0]
      // a decision being written stays open while its own row is picked again (a review reloaded under it)
      set({
        selectedRowKey: key,
        selectedFindingId: f?.id ?? null,
        ...(key !== get().selectedRowKey ? { deciding: null } : {})
      })
    },
    selectFinding: (id) => {
      const f = get().review?.findings.find((x) => x.id === id)
      const key = f ? rowKey(f.criterion, f.subject) : get().selectedRowKey
      set({
        selectedFindingId: id,
        selectedRowKey: key,
        ...(key !== get().selectedRowKey ? { deciding: null } : {})
      })
    },
    startDecision: (kind) => {
      const c = get().detail?.case
      if (!c || !get().selectedRowKey) return
      if (c.status !== 'open') {
        get().showError(
          new AppError({
            code: 'CONFLICT',
            message:
              c.status === 'accepted'
                ? `Nothing can be decided: case ${c.id} was accepted by ${c.acceptedBy ?? 'a second auditor'} and is locked. Reopen it (Four-eyes review, above) to change a decision.`
                : `Nothing can be decided: case ${c.id} is submitted for review by ${c.submittedBy ?? 'an auditor'}. The reviewer returns it to make it editable again.`
          })
        )
        return
      }
      set({ deciding: kind })
    },
    cancelDecision: () => set({ deciding: null }),
    recordDecision: async (input) => {
      return attempt(
        get,
        async () => {
          const d = await call('decisions:record', input)
          await get().loadReview()
          // the form closes on its own row; a decision the user began meanwhile on another row stays open
          if (get().selectedRowKey === rowKey(input.criterion, input.subject)) set({ deciding: null })
          get().showSuccess(
            `${DECIDED[d.decision]}: ${rowLabel(d.criterion, d.subject)} by ${d.auditor}${d.waiverExpires ? `, until ${d.waiverExpires}` : ''}.`
          )
          return true
        },
        false
      )
    },
    loadRoundDiff: async () => {
      const id = get().selectedCaseId
      if (!id) return
      try {
        const diff = await call('cases:roundDiff', id)
        if (get().selectedCaseId === id) set({ roundDiff: diff })
      } catch (error) {
        get().showError(error)
      }
    },
    carryForward: async () => {
      const id = get().selectedCaseId
      if (!id) return false
      return attempt(
        get,
        async () => {
          const list = await call('cases:carryForward', id)
          await get().loadReview()
          // the carried decisions are on screen: their notice comes with them, not after the round diff
          if (get().selectedCaseId === id)
            get().showSuccess(`Carried forward ${list.length} accepted decision(s) of the earlier round.`)
          await get().loadRoundDiff()
          return true
        },
        false
      )
    },
    exportVerdict: async (input, key) => {
      const caseId = get().selectedCaseId
      if (!caseId || get().exporting) return false
      set({
        exporting: true,
        busy: input.preAudit ? 'Writing the pre-audit report…' : 'Signing and writing the verdict PDF…'
      })
      try {
        const p12Base64 = !input.preAudit && key ? toBase64(await key.arrayBuffer()) : undefined
        const r = await call('verdict:export', {
          ...input,
          caseId,
          ...(p12Base64 !== undefined ? { p12Base64 } : {})
        })
        downloadBase64(r.fileName, r.base64, 'application/pdf')
        get().showSuccess(
          `${r.signed ? 'Signed' : 'Pre-audit'} verdict ${r.verdictId} saved as ${r.fileName}.${r.awaitsTimestamp ? ' It carries no timestamp yet (PAdES-B-B): add one when online with "auditor-workbench timestamp FILE --tsa URL".' : ''}`
        )
        void get().loadReview()
        return true
      } catch (error) {
        get().showError(error)
        return false
      } finally {
        set({ exporting: false, busy: null })
      }
    },
    verifyPdf: async (file) => {
      // the newest check is the one on screen; an older one that ends later changes nothing
      const mine = ++verifying
      set({ verifyCheck: null, notice: null, busy: `Checking ${file.name}…` })
      try {
        const check = await call('verdict:verify', {
          name: file.name,
          base64: toBase64(await file.arrayBuffer())
        })
        if (mine === verifying) set({ verifyCheck: check })
      } catch (error) {
        if (mine === verifying) get().showError(error)
      } finally {
        if (mine === verifying) set({ busy: null })
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
  }
}
