// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { detail, holdAnswer, review, stubApi, verdict } from './fixtures'
import type { InvokeChannel } from '../../../src/shared/ipc/contract'

const answers: Partial<Record<InvokeChannel, unknown>> = {}
const { api } = stubApi(answers)
;(window as unknown as { api: unknown }).api = api
const { useAppStore } = await import('../../../src/renderer/src/stores')
const { VerdictView } = await import('../../../src/renderer/src/features/verdict/VerdictView')
const { rowKey } = await import('../../../src/renderer/src/stores/review.slice')

beforeEach(() => {
  useAppStore.setState(useAppStore.getInitialState(), true)
  useAppStore.setState({
    selectedCaseId: 'acme',
    view: 'case',
    tab: 'verdict',
    detail: detail(),
    review: review()
  })
  answers['cases:verdict'] = verdict()
})
afterEach(cleanup)

describe('the verdict tab', () => {
  it('names outcomes instead of showing their ids (Not granted, not NOT-GRANTED)', async () => {
    render(<VerdictView />)
    const badge = await screen.findByTestId('verdict-outcome')
    expect(badge.textContent).toBe('Not granted')
    expect(screen.getByRole('region', { name: 'Subjects' }).textContent).toContain('Not counted')
    expect(document.body.textContent).not.toMatch(/\bnot-granted\b|\bnot-counted\b/i)
  })

  it('lists what blocks a certificate, each criterion a link to its review row', async () => {
    render(<VerdictView />)
    const list = await screen.findByRole('list', { name: 'Blocking items' })
    const items = within(list).getAllByRole('listitem')
    expect(items.map((i) => i.textContent)).toEqual([
      'scs-0101-v1 · acme-cloud: fail (scs-0101-fips-test FAIL)',
      'the score reaches no tier (lowest: 2 points)'
    ])
    // only the line about a criterion of this case is a link
    expect(within(items[1]!).queryByRole('button')).toBeNull()
    act(
      () => void fireEvent.click(within(items[0]!).getByRole('button', { name: 'scs-0101-v1 · acme-cloud' }))
    )
    expect(useAppStore.getState().tab).toBe('review')
    expect(useAppStore.getState().selectedRowKey).toBe(rowKey('scs-0101-v1', 'acme-cloud'))
    expect(useAppStore.getState().selectedFindingId).toBe('f-0101')
  })

  it('lists the manual checks the verdict rests on, with when each is due again; none, no panel', async () => {
    answers['cases:verdict'] = verdict({
      manualChecks: [
        {
          criterion: 'scs-0121-v1',
          subject: 'acme-cloud',
          decidedAt: '2026-11-24T09:00:00.000Z',
          lifetime: 'quarter',
          freshUntil: '2027-04-01'
        }
      ]
    })
    render(<VerdictView />)
    const panel = await screen.findByRole('region', { name: 'Manual checks' })
    const row = within(panel).getAllByRole('row')[1]!
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent)
    ).toEqual(['scs-0121-v1 / acme-cloud', '2026-11-24', 'quarterly', '2027-04-01'])
    cleanup()
    answers['cases:verdict'] = verdict({ manualChecks: [] })
    render(<VerdictView />)
    await screen.findByTestId('verdict-outcome')
    expect(screen.queryByRole('region', { name: 'Manual checks' })).toBeNull()
  })

  it('dates in one format, and an export in progress says so', async () => {
    answers['cases:verdict'] = verdict({ outcome: 'bronze', outcomeName: 'Bronze', validUntil: '2027-11-24' })
    const gate = holdAnswer(answers, 'verdict:export', new Error('no'))
    render(<VerdictView />)
    expect((await screen.findByTestId('verdict-outcome')).textContent).toBe('Bronze')
    expect(screen.getByText(/valid until/).textContent).toContain('valid until 2027-11-24')
    fireEvent.submit(screen.getByRole('form', { name: 'Export the verdict' }))
    await screen.findByRole('button', { name: 'Exporting…' })
    expect(useAppStore.getState().busy).toBe('Writing the pre-audit report…')
    await act(async () => gate.release())
  })

  it.each([
    [
      'a tier of another scheme’s rule file',
      { outcome: 'platin', outcomeName: 'Platin', validUntil: '2027-11-24' },
      'ok'
    ],
    ['no tier reached', { outcome: 'not-granted', validUntil: null }, 'no'],
    ['tentative', { outcome: 'tentative', validUntil: null }, 'tentative']
  ] as const)(
    'the headline says whether the outcome certifies from the verdict, not from tier ids: %s',
    async (_n, over, head) => {
      answers['cases:verdict'] = verdict(over)
      render(<VerdictView />)
      await screen.findByTestId('verdict-outcome')
      expect(document.querySelector('.verdict-head')!.classList.contains(head)).toBe(true)
    }
  )
})
