// @vitest-environment jsdom
/**
 * WCAG 2.5.3, label in name: a control's accessible name contains the label it shows, so that a user of
 * voice control can say what they see ("click Passphrase"). An aria-label replaces the visible label as the
 * name; where one is set, it must contain the visible words.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render } from '@testing-library/react'
import { stubApi } from '../fixtures'

const { api } = stubApi({})
;(window as unknown as { api: unknown }).api = api
const { useAppStore } = await import('../../../../src/renderer/src/stores')
const { IdentityPanel } = await import('../../../../src/renderer/src/features/identity/IdentityPanel')

afterEach(cleanup)

/** every control wrapped by a label, with the label's visible words and the name an aria-label gives it */
function labelledControls(root: HTMLElement): { visible: string; ariaLabel: string | null }[] {
  return [...root.querySelectorAll('label')].flatMap((label) => {
    const control = label.querySelector('input, select, textarea')
    if (!control) return []
    const visible = [...label.childNodes]
      .filter((n) => n !== control)
      .map((n) => n.textContent ?? '')
      .join('')
      .trim()
    return [{ visible, ariaLabel: control.getAttribute('aria-label') }]
  })
}

describe('the identity panel', () => {
  it('names each field by the words its label shows', () => {
    useAppStore.setState(useAppStore.getInitialState(), true)
    useAppStore.setState({ identity: { current: null, keychain: true } })
    const { container } = render(<IdentityPanel onClose={() => undefined} />)
    const controls = labelledControls(container)
    expect(controls.map((c) => c.visible)).toEqual(
      expect.arrayContaining(['Passphrase (if it has one)', 'Passphrase for the key file'])
    )
    for (const c of controls)
      if (c.ariaLabel !== null) expect(c.ariaLabel.toLowerCase()).toContain(c.visible.toLowerCase())
  })
})
