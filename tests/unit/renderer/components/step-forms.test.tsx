// @vitest-environment jsdom
/**
 * A step's result is on screen before its store action returns: the case reloads, then its review and holder
 * load over IPC. A form the user opens on that result must not be closed by the step's late end (the CI
 * race of review.spec: "Accept (second auditor)" opened on the freshly submitted case, then closed under the
 * user's hand). The review load is held back by an explicit gate, so the window is staged, not waited for.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import type { InvokeChannel } from '../../../../src/shared/ipc/contract'
import { detail, holdAnswer, review, stubApi } from '../fixtures'

const answers: Partial<Record<InvokeChannel, unknown>> = {}
const { api } = stubApi(answers)
;(window as unknown as { api: unknown }).api = api
const { useAppStore } = await import('../../../../src/renderer/src/stores')
const { ReviewFlowBar } = await import('../../../../src/renderer/src/features/cases/ReviewFlowBar')
const { HolderBar } = await import('../../../../src/renderer/src/features/bundle/HolderBar')

afterEach(cleanup)

const holdReview = () => holdAnswer(answers, 'cases:review', review())

const holder = (handedOver: boolean) => ({
  handedOver,
  head: {
    caseSeq: 3,
    caseHash: 'ab'.repeat(32),
    at: '2026-11-24T09:00:00Z',
    actor: 'Ann Auditor',
    action: 'x'
  },
  received: null
})

beforeEach(() => {
  useAppStore.setState(useAppStore.getInitialState(), true)
  answers['cases:results'] = []
  answers['cases:list'] = []
  answers['cases:reviewFlow'] = undefined
  answers['bundle:holder'] = holder(false)
})

describe('a step form and the step before it', () => {
  it('the four-eyes bar: the reviewer’s form, opened on the submitted case, stays open when submitting ends', async () => {
    useAppStore.setState({ selectedCaseId: 'acme', view: 'case', detail: detail('open'), review: review() })
    render(<ReviewFlowBar />)
    fireEvent.click(screen.getByRole('button', { name: 'Submit for review' }))
    const gate = holdReview()
    answers['cases:get'] = detail('submitted')
    const submitForm = screen.getByRole('form', { name: 'Submit for review' })
    fireEvent.submit(submitForm)
    await act(() => gate.asked)
    // the case shows as submitted, its submit form is gone, and the reviewer opens the accept form
    expect(screen.getByTestId('case-status').textContent).toBe('submitted')
    expect(screen.queryByRole('form', { name: 'Submit for review' })).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Accept (second auditor)' }))
    expect(screen.getByRole('form', { name: 'Accept (second auditor)' })).toBeTruthy()
    await act(async () => gate.release())
    expect(useAppStore.getState().notice?.text).toContain('submitted for review')
    expect(screen.getByRole('form', { name: 'Accept (second auditor)' })).toBeTruthy()
  })

  it('a form for a step the case no longer offers closes, and never comes back filled in on another case', async () => {
    useAppStore.setState({
      selectedCaseId: 'acme',
      view: 'case',
      detail: detail('submitted'),
      review: review()
    })
    render(<ReviewFlowBar />)
    fireEvent.click(screen.getByRole('button', { name: 'Return with comments' }))
    fireEvent.change(screen.getByLabelText(/Review comment/), { target: { value: 'claims 0101 twice' } })
    // the auditor opens another case, submitted too, without sending the comment
    answers['cases:get'] = { ...detail('submitted'), case: { ...detail('submitted').case, id: 'other' } }
    await act(() => useAppStore.getState().selectCase('other'))
    expect(screen.getByTestId('case-status').textContent).toBe('submitted')
    expect(screen.queryByRole('form')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Return with comments' }))
    expect((screen.getByLabelText(/Review comment/) as HTMLInputElement).value).toBe('')
  })

  it('the holder bar: the take-back form, opened on the handed-over case, stays open when handing over ends', async () => {
    useAppStore.setState({
      selectedCaseId: 'acme',
      view: 'case',
      detail: detail('open'),
      review: review(),
      holder: holder(false)
    })
    render(<HolderBar />)
    fireEvent.click(screen.getByRole('button', { name: 'Hand over…' }))
    const gate = holdReview()
    answers['bundle:export'] = { fileName: 'acme.awcase', base64: '', entries: 3, files: 1, documents: 0 }
    answers['bundle:holder'] = holder(true)
    // the bundle's download: jsdom has no files to save
    URL.createObjectURL = () => 'blob:x'
    URL.revokeObjectURL = () => undefined
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    fireEvent.submit(screen.getByRole('form', { name: 'Hand over' }))
    await act(() => gate.asked)
    // the holder loads beside the review: once it says "handed over", Take back is offered
    const takeBack = await screen.findByRole('button', { name: 'Take back…' })
    fireEvent.click(takeBack)
    expect(screen.getByRole('form', { name: 'Take back' })).toBeTruthy()
    await act(async () => gate.release())
    expect(useAppStore.getState().notice?.text).toContain('handed over as acme.awcase')
    expect(screen.getByRole('form', { name: 'Take back' })).toBeTruthy()
  })
})
