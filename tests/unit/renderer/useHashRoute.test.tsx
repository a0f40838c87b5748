// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { act, cleanup, render } from '@testing-library/react'
import { stubApi } from './fixtures'

const { api } = stubApi({ 'schemes:list': [] })
;(window as unknown as { api: unknown }).api = api
const { useAppStore } = await import('../../../src/renderer/src/stores')
const { useHashRoute } = await import('../../../src/renderer/src/useHashRoute')

function Route({ ready }: { ready: boolean }): null {
  useHashRoute(ready)
  return null
}

beforeEach(() => {
  useAppStore.setState(useAppStore.getInitialState(), true)
  history.replaceState(null, '', '/')
})
afterEach(cleanup)

describe('the place in the address, at start', () => {
  it('opens the place the address names once the workspace is loaded', () => {
    history.replaceState(null, '', '/#/verify')
    const { rerender } = render(<Route ready={false} />)
    expect(useAppStore.getState().view).toBe('welcome')
    rerender(<Route ready />)
    expect(useAppStore.getState().view).toBe('verify')
  })

  it('keeps a move made while the workspace was loading, and the address follows it', () => {
    // the CI failure of 2026-12-01: Schemes clicked before the case list arrived, then the empty address of
    // the start page sent the app back to the welcome page
    const { rerender } = render(<Route ready={false} />)
    act(() => useAppStore.getState().showView('schemes'))
    rerender(<Route ready />)
    expect(useAppStore.getState().view).toBe('schemes')
    expect(location.hash).toBe('#/schemes')
  })

  it('a move made while loading wins over a place in the address as well', () => {
    history.replaceState(null, '', '/#/verify')
    const { rerender } = render(<Route ready={false} />)
    act(() => useAppStore.getState().showView('new'))
    rerender(<Route ready />)
    expect(useAppStore.getState().view).toBe('new')
    expect(location.hash).toBe('#/new')
  })
})
