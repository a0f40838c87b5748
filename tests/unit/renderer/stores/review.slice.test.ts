import { beforeEach, describe, expect, it, vi } from 'vitest'
import { detail, holdAnswer, review, stubApi } from '../fixtures'
import type { InvokeChannel } from '../../../../src/shared/ipc/contract'

const answers: Partial<Record<InvokeChannel, unknown>> = {}
const { invoke, api } = stubApi(answers)
vi.stubGlobal('window', { api })
const { useAppStore } = await import('../../../../src/renderer/src/stores')
const { deskRows, rowKey } = await import('../../../../src/renderer/src/stores/review.slice')

beforeEach(() => {
  invoke.mockClear()
  for (const k of Object.keys(answers)) delete answers[k as InvokeChannel]
  useAppStore.setState(useAppStore.getInitialState(), true)
  useAppStore.setState({ selectedCaseId: 'acme', view: 'case', detail: detail(), review: review() })
})

describe('deskRows', () => {
  it('puts one decidable row per subject with case-level findings before the criteria', () => {
    const rows = deskRows(review())
    expect(rows.map((r) => rowKey(r.criterion, r.subject))).toEqual([
      rowKey('', 'dr-cloud'),
      rowKey('scs-0101-v1', 'acme-cloud'),
      rowKey('scs-0102-v1', 'acme-cloud'),
      rowKey('scs-0103-v1', 'acme-cloud')
    ])
    expect(rows[0]).toMatchObject({ worst: 'blocker', findingIds: ['f-case'], decision: null })
  })
})

describe('the queue and the decision point at the same row', () => {
  it('loading a review stands on the head of the queue, a case-level finding included', async () => {
    answers['cases:review'] = review()
    useAppStore.setState({ review: null, selectedRowKey: null })
    await useAppStore.getState().loadReview()
    expect(useAppStore.getState().selectedFindingId).toBe('f-case')
    expect(useAppStore.getState().selectedRowKey).toBe(rowKey('', 'dr-cloud'))
  })
  it('selecting a finding selects its row; selecting a row selects its first open finding', () => {
    const s = useAppStore.getState()
    s.selectFinding('f-0102')
    expect(useAppStore.getState().selectedRowKey).toBe(rowKey('scs-0102-v1', 'acme-cloud'))
    s.selectRow(rowKey('scs-0101-v1', 'acme-cloud'))
    expect(useAppStore.getState().selectedFindingId).toBe('f-0101')
    s.selectRow(rowKey('scs-0103-v1', 'acme-cloud'))
    expect(useAppStore.getState().selectedFindingId).toBeNull()
  })
  it('a, r, w on an open case open the form on the selected row', () => {
    useAppStore.getState().selectFinding('f-case')
    useAppStore.getState().startDecision('reject')
    expect(useAppStore.getState().deciding).toBe('reject')
    expect(useAppStore.getState().notice).toBeNull()
  })
  it('a, r, w on a locked case say why nothing can be decided, and open no form', () => {
    useAppStore.setState({ detail: detail('accepted') })
    useAppStore.getState().selectFinding('f-0101')
    useAppStore.getState().startDecision('accept')
    expect(useAppStore.getState().deciding).toBeNull()
    expect(useAppStore.getState().notice).toMatchObject({ kind: 'error' })
    expect(useAppStore.getState().notice?.text).toMatch(
      /Nothing can be decided: case acme was accepted by Bob Reviewer/
    )
  })
})

describe('messages', () => {
  it('a recorded decision replaces an earlier error with a success that names the row', async () => {
    useAppStore.setState({ notice: { kind: 'error', text: 'old trouble', items: [] }, deciding: 'reject' })
    answers['decisions:record'] = (input: { criterion: string; subject: string }) => ({
      ...input,
      id: 1,
      decision: 'reject',
      auditor: 'Ann',
      comment: 'no',
      waiverOwner: null,
      waiverExpires: null,
      decidedAt: '2026-11-24T09:00:00.000Z'
    })
    answers['cases:review'] = review()
    const ok = await useAppStore.getState().recordDecision({
      caseId: 'acme',
      criterion: '',
      subject: 'dr-cloud',
      decision: 'reject',
      comment: 'no'
    })
    expect(ok).toBe(true)
    expect(useAppStore.getState().notice).toEqual({
      kind: 'success',
      text: 'Rejected: case-level · dr-cloud by Ann.',
      items: []
    })
    expect(useAppStore.getState().deciding).toBeNull()
  })
  it("a refusal's reasons become items of the notice", async () => {
    answers['verdict:export'] = new Error(
      'The verdict of case acme cannot be signed:\n- case acme is open: …\n- scs-0101-v1 / acme-cloud: stale'
    )
    const ok = await useAppStore.getState().exportVerdict({ lang: 'en', preAudit: true }, null)
    expect(ok).toBe(false)
    expect(useAppStore.getState().notice).toEqual({
      kind: 'error',
      text: 'The verdict of case acme cannot be signed:',
      items: ['case acme is open: …', 'scs-0101-v1 / acme-cloud: stale']
    })
    expect(useAppStore.getState().exporting).toBe(false)
    expect(useAppStore.getState().busy).toBeNull()
  })
  it('opening another case clears the message about the last one', async () => {
    useAppStore.setState({ notice: { kind: 'error', text: 'about acme', items: [] } })
    answers['cases:get'] = detail()
    answers['cases:results'] = []
    answers['cases:list'] = []
    answers['cases:review'] = review()
    const opening = useAppStore.getState().selectCase('other')
    expect(useAppStore.getState().notice).toBeNull()
    await opening
  })
  it('opening the demo shows that work is in progress until it is open', async () => {
    const gate = holdAnswer(answers, 'demo:open', { id: 'demo-cloud' })
    answers['cases:list'] = []
    answers['cases:get'] = detail()
    answers['cases:results'] = []
    answers['cases:review'] = review()
    const opening = useAppStore.getState().openDemo()
    await gate.asked
    expect(useAppStore.getState().busy).toMatch(/Opening the demo case/)
    gate.release()
    await opening
    expect(useAppStore.getState().busy).toBeNull()
  })
})

describe('IPC only inside store actions', () => {
  it('rounds, carrying forward and verifying go through the store', async () => {
    answers['cases:roundDiff'] = { round: 2, rows: [], counts: { changed: 0, unchanged: 0 } }
    await useAppStore.getState().loadRoundDiff()
    expect(useAppStore.getState().roundDiff).toMatchObject({ round: 2 })
    answers['cases:carryForward'] = [{}, {}]
    answers['cases:review'] = review()
    expect(await useAppStore.getState().carryForward()).toBe(true)
    expect(useAppStore.getState().notice?.text).toBe(
      'Carried forward 2 accepted decision(s) of the earlier round.'
    )
    expect(invoke).toHaveBeenCalledWith('cases:carryForward', 'acme')
  })
})
