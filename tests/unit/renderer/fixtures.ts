/** Small, typed stand-ins for what main sends the renderer, and a window.api stub that answers from a table. */
import { vi } from 'vitest'
import type {
  Api,
  CaseReview,
  InvokeChannel,
  ReviewFinding,
  ReviewRow
} from '../../../src/shared/ipc/contract'
import type { CaseDetail, CaseSummary } from '../../../src/shared/domain/types'
import type { Verdict } from '../../../src/shared/domain/verdict-types'
import type { Severity } from '../../../src/shared/domain/reconcile'

export const CASE: CaseSummary = {
  id: 'acme',
  title: 'ACME Cloud',
  schemeId: 'scs-compatible-iaas',
  schemeVersion: 'v5.1',
  status: 'open',
  submittedBy: null,
  acceptedBy: null,
  createdAt: '2026-11-20T08:00:00.000Z',
  round: 1,
  previousCaseId: null,
  fileCount: 1,
  resultCount: 2
} as CaseSummary

export function finding(
  id: string,
  criterion: string,
  subject: string,
  severity: Severity,
  state: ReviewFinding['state'] = 'open'
): ReviewFinding {
  return {
    id,
    type: criterion ? 'claim-contradicted' : 'version-mismatch',
    severity,
    criterion,
    subject,
    claim: null,
    evidence: '',
    msg: { code: 'finding.signature-invalid', params: { file: `${id}.yaml` } },
    message: `${id} message`,
    state
  }
}

export function row(criterion: string, subject: string, extra: Partial<ReviewRow> = {}): ReviewRow {
  return {
    criterion,
    name: `${criterion} name`,
    url: '',
    manual: false,
    subject,
    claim: { claim: 'met', statement: 'we do', evidence: [], figures: {} },
    testcases: [],
    outcome: null,
    findingIds: [],
    worst: null,
    decision: null,
    ...extra
  }
}

/** A review with a case-level blocker on dr-cloud (first in the queue), and two criteria of acme-cloud. */
export function review(over: Partial<CaseReview> = {}): CaseReview {
  const findings = [
    finding('f-case', '', 'dr-cloud', 'blocker'),
    finding('f-0101', 'scs-0101-v1', 'acme-cloud', 'major'),
    finding('f-0102', 'scs-0102-v1', 'acme-cloud', 'minor')
  ]
  return {
    caseId: 'acme',
    decisionDate: '2026-11-24',
    subjects: ['acme-cloud', 'dr-cloud'],
    rows: [
      row('scs-0101-v1', 'acme-cloud', { worst: 'major', findingIds: ['f-0101'] }),
      row('scs-0102-v1', 'acme-cloud', { worst: 'minor', findingIds: ['f-0102'] }),
      row('scs-0103-v1', 'acme-cloud')
    ],
    findings,
    decisions: [],
    counts: { bySeverity: { blocker: 1, major: 1, minor: 1, info: 0 }, byType: {}, open: 3 },
    ...over
  }
}

export function detail(status: CaseSummary['status'] = 'open'): CaseDetail {
  return {
    case: { ...CASE, status, acceptedBy: status === 'accepted' ? 'Bob Reviewer' : null },
    scheme: { id: 'scs-compatible-iaas', name: 'SCS-compatible IaaS', versions: ['v5.1'] },
    versions: [],
    files: [],
    reports: [],
    evaluations: [],
    decisionDate: '2026-11-24',
    audit: { entries: 3, head: 'ab'.repeat(32), broken: null }
  } as unknown as CaseDetail
}

export function verdict(over: Partial<Verdict> = {}): Verdict {
  return {
    caseId: 'acme',
    title: 'ACME Cloud',
    round: 1,
    scheme: 'scs-integrator-iaas',
    schemeName: 'Certified SCS IaaS Integrator',
    schemeVersion: 'v2',
    model: 'points',
    decisionDate: '2026-11-24',
    outcome: 'not-granted',
    outcomeName: 'Not granted',
    points: 0,
    validUntil: null,
    why: { rule: 'tiers: bronze at ≥ 2 points', facts: ['0 points'] },
    applicant: null,
    partners: [],
    subjects: [{ id: 'acme-cloud', name: '', outcome: 'not-counted', why: { rule: 'r', facts: [] } }],
    criteria: [],
    findings: [],
    waivers: [],
    files: [],
    review: { status: 'open', submittedBy: null, acceptedBy: null },
    audit: { head: 'cd'.repeat(32), entries: 3 },
    rules: { file: 'scs-integrator-iaas.rules.yaml', sha256: 'ef'.repeat(32) },
    blocking: [
      'scs-0101-v1 / acme-cloud: fail (scs-0101-fips-test FAIL)',
      'the score reaches no tier (lowest: 2 points)'
    ],
    ...over
  } as unknown as Verdict
}

/** What main answers while the store opens the acme case (its detail, results, the case list and its review). */
export function openCaseAnswers(): Partial<Record<InvokeChannel, unknown>> {
  return { 'cases:get': detail(), 'cases:results': [], 'cases:list': [], 'cases:review': review() }
}

/** window.api whose invoke answers each channel from `answers` (a function or a value), ok or failed. */
export function stubApi(answers: Partial<Record<InvokeChannel, unknown>>): {
  invoke: ReturnType<typeof vi.fn>
  api: Api
} {
  // what main answers for a case without any, where a test stubs nothing else
  const defaults: Partial<Record<InvokeChannel, unknown>> = { 'documents:list': [] }
  const invoke = vi.fn(async (channel: InvokeChannel, ...args: unknown[]) => {
    const a = channel in answers ? answers[channel] : defaults[channel]
    const value = await (typeof a === 'function' ? (a as (...x: unknown[]) => unknown)(...args) : a)
    if (value instanceof Error) return { ok: false, error: { code: 'USAGE', message: value.message } }
    return { ok: true, value }
  })
  const api = { invoke, on: vi.fn(() => () => undefined) } as unknown as Api
  return { invoke, api }
}

/**
 * The next answer on `channel` waits until released; `asked` resolves once it was asked for. A store action
 * that reloads over IPC is stopped there, so a test can act on what the screen already shows (an explicit
 * gate, never a sleep).
 */
export function holdAnswer(
  answers: Partial<Record<InvokeChannel, unknown>>,
  channel: InvokeChannel,
  value: unknown
): { asked: Promise<void>; release: () => void } {
  let release!: () => void
  const held = new Promise<void>((r) => (release = r))
  let asked!: () => void
  const wasAsked = new Promise<void>((r) => (asked = r))
  answers[channel] = async () => {
    asked()
    await held
    return value
  }
  return { asked: wasAsked, release }
}
