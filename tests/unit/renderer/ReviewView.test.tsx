// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { detail, review, stubApi } from './fixtures'
import type { InvokeChannel } from '../../../src/shared/ipc/contract'

const answers: Partial<Record<InvokeChannel, unknown>> = {}
const { invoke, api } = stubApi(answers)
;(window as unknown as { api: unknown }).api = api
const { useAppStore } = await import('../../../src/renderer/src/stores')
const { ReviewView } = await import('../../../src/renderer/src/features/review/ReviewView')
const { rowKey } = await import('../../../src/renderer/src/stores/review.slice')

beforeAll(() => {
  // jsdom lays nothing out: give the virtualized criteria list a size so that it renders its rows
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 })
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 300 })
})
beforeEach(() => {
  invoke.mockClear()
  useAppStore.setState(useAppStore.getInitialState(), true)
  useAppStore.setState({ selectedCaseId: 'acme', view: 'case', detail: detail(), review: review() })
  useAppStore.getState().selectFinding('f-case')
})
afterEach(cleanup)

const key = (k: string, target: Element = document.body) =>
  act(() => void fireEvent.keyDown(target, { key: k, bubbles: true }))

describe('the review desk', () => {
  it('shows the head of the queue, and r opens the form on exactly that row (a case-level one)', () => {
    render(<ReviewView />)
    expect(screen.getByTestId('queue-current').textContent).toContain(
      'version-mismatch · case-level · dr-cloud'
    )
    key('r')
    const form = screen.getByRole('form', { name: 'Decision' })
    expect(form.textContent).toContain('case-level · dr-cloud')
    expect(within(form).getByRole('radio', { name: 'reject' })).toHaveProperty('checked', true)
  })

  it('shows validation problems in plain words next to their fields, and sends nothing', async () => {
    render(<ReviewView />)
    key('w')
    const form = screen.getByRole('form', { name: 'Decision' })
    await act(async () => void fireEvent.submit(form))
    const comment = within(form).getByLabelText(/Comment/)
    expect(comment.getAttribute('aria-invalid')).toBe('true')
    expect(document.getElementById(comment.getAttribute('aria-describedby')!)!.textContent).toBe(
      'A waive needs a comment that says why.'
    )
    const owner = within(form).getByLabelText('Waiver owner')
    expect(document.getElementById(owner.getAttribute('aria-describedby')!)!.textContent).toBe(
      'A waiver needs an owner (who must resolve it).'
    )
    // no auditor key is open: the decision cannot be signed, said where the signer is named
    expect(within(form).getByTestId('decision-signer').textContent).toMatch(/No auditor key is open/)
    expect(within(form).getByTestId('decision-signer').getAttribute('role')).toBe('alert')
    fireEvent.change(within(form).getByLabelText(/Waiver expires/), { target: { value: '2026-11-01' } })
    await act(async () => void fireEvent.submit(form))
    const expires = within(form).getByLabelText(/Waiver expires/)
    expect(document.getElementById(expires.getAttribute('aria-describedby')!)!.textContent).toBe(
      "The waiver's expiry 2026-11-01 is not after today (2026-11-24)."
    )
    expect(invoke).not.toHaveBeenCalledWith('decisions:record', expect.anything())
    expect(screen.queryByText(/Bad arguments|Too small/)).toBeNull()
  })

  it('on a locked case, a says why nothing can be decided and opens no form', () => {
    useAppStore.setState({ detail: detail('accepted') })
    render(<ReviewView />)
    key('a')
    expect(screen.queryByRole('form', { name: 'Decision' })).toBeNull()
    expect(useAppStore.getState().notice?.text).toMatch(/^Nothing can be decided: case acme was accepted/)
    expect(screen.getByTestId('queue-current').textContent).toContain('read-only')
  })

  it('a decided row looks decided: its decision instead of its claim, and no open count', async () => {
    const decided = review()
    const rows = decided.rows.map((r) =>
      r.criterion === 'scs-0101-v1'
        ? {
            ...r,
            decision: {
              id: 1,
              caseId: 'acme',
              criterion: 'scs-0101-v1',
              subject: 'acme-cloud',
              decision: 'reject' as const,
              comment: 'no',
              auditor: 'Ann',
              waiverOwner: null,
              waiverExpires: null,
              decidedAt: '2026-11-24T09:00:00.000Z'
            }
          }
        : r
    )
    const findings = decided.findings.map((f) =>
      f.id === 'f-0101' ? { ...f, state: 'resolved' as const } : f
    )
    useAppStore.setState({ review: { ...decided, rows, findings } })
    render(<ReviewView />)
    const option = await screen.findByRole('option', { name: /scs-0101-v1/ })
    expect(option.className).toContain('decided')
    expect(option.textContent).toContain('rejected')
    expect(option.textContent).toContain('1 decided')
    act(() => useAppStore.getState().selectRow(rowKey('scs-0101-v1', 'acme-cloud')))
    expect(screen.getByTestId('decision-line').textContent).toMatch(/^rejected by Ann on 2026-11-24: no\b/)
  })

  it('a waiver says the day it expires, as the verdict does, not "waived until" the day it no longer counts', async () => {
    const r = review()
    const rows = r.rows.map((x) =>
      x.criterion === 'scs-0101-v1'
        ? {
            ...x,
            decision: {
              id: 2,
              caseId: 'acme',
              criterion: 'scs-0101-v1',
              subject: 'acme-cloud',
              decision: 'waive' as const,
              comment: 'fix booked',
              auditor: 'Ann',
              waiverOwner: 'K. Kühl',
              waiverExpires: '2026-12-15',
              decidedAt: '2026-11-24T09:00:00.000Z'
            }
          }
        : x
    )
    useAppStore.setState({ review: { ...r, rows } })
    render(<ReviewView />)
    await screen.findByRole('option', { name: /scs-0101-v1/ })
    act(() => useAppStore.getState().selectRow(rowKey('scs-0101-v1', 'acme-cloud')))
    // on 2026-12-15 the waiver no longer counts (the verdict of that day, the certificate's last day 12-14)
    const line = screen.getByTestId('decision-line').textContent
    expect(line).toContain('waiver expires 2026-12-15')
    expect(line).not.toMatch(/waived until/)
  })

  it('a decision made before a finding arose says so: it does not decide that finding', async () => {
    const r = review()
    const target = r.rows.find((x) => x.criterion === 'scs-0101-v1')!
    const rows = r.rows.map((x) =>
      x === target
        ? {
            ...x,
            decision: {
              id: 3,
              caseId: 'acme',
              criterion: 'scs-0101-v1',
              subject: 'acme-cloud',
              decision: 'accept' as const,
              comment: 'checked',
              auditor: 'Ann',
              waiverOwner: null,
              waiverExpires: null,
              decidedAt: '2026-11-20T09:00:00.000Z',
              findings: []
            }
          }
        : x
    )
    useAppStore.setState({ review: { ...r, rows } })
    render(<ReviewView />)
    await screen.findByRole('option', { name: /scs-0101-v1/ })
    act(() => useAppStore.getState().selectRow(rowKey('scs-0101-v1', 'acme-cloud')))
    expect(target.findingIds.length).toBeGreaterThan(0)
    expect(screen.getByTestId('decision-line').textContent).toMatch(
      new RegExp(
        `accepted by Ann on 2026-11-20: checked · ${target.findingIds.length} findings? arose after this decision`
      )
    )
  })

  it('the ? dialog takes the focus and gives it back on Esc', () => {
    render(<ReviewView />)
    const list = screen.getByRole('listbox', { name: 'Criteria' })
    list.focus()
    key('?', list)
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' })
    expect(dialog.contains(document.activeElement)).toBe(true)
    key('Escape', document.activeElement!)
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(list)
  })
})
