// @vitest-environment jsdom
/**
 * "Open a bundle…", "choose a file…": the keyboard must reach them. A label around a hidden file input takes no
 * focus and has no role, so these are buttons that open the input's chooser.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { FileLink } from '../../../../src/renderer/src/components/FormFields'

afterEach(cleanup)

describe('FileLink', () => {
  it('is a button the keyboard reaches, named by its text, and it opens the file chooser', () => {
    const onFile = vi.fn()
    render(<FileLink label="Open a bundle…" accept=".awcase" data-testid="open-bundle" onFile={onFile} />)
    const button = screen.getByRole('button', { name: 'Open a bundle…' })
    button.focus()
    expect(document.activeElement).toBe(button)
    const input = screen.getByTestId<HTMLInputElement>('open-bundle')
    const opened = vi.spyOn(input, 'click')
    fireEvent.click(button)
    expect(opened).toHaveBeenCalledOnce()
    expect(input.accept).toBe('.awcase')
    expect(input.tabIndex).toBe(-1)
  })

  it('hands on the chosen file and empties the input, so that the same file can be chosen again', () => {
    const onFile = vi.fn()
    render(<FileLink label="choose a file…" data-testid="pick" onFile={onFile} />)
    const input = screen.getByTestId<HTMLInputElement>('pick')
    const file = new File(['%PDF-1.7'], 'verdict.pdf', { type: 'application/pdf' })
    fireEvent.change(input, { target: { files: [file] } })
    expect(onFile).toHaveBeenCalledWith(file)
    expect(input.value).toBe('')
  })

  it('a disabled link is a disabled button, and what it says to a screen reader is on the button', () => {
    const onFile = vi.fn()
    render(
      <FileLink
        label="Open a bundle…"
        disabled
        aria-describedby="why"
        data-testid="open-bundle"
        onFile={onFile}
      />
    )
    const button = screen.getByRole('button', { name: 'Open a bundle…' })
    expect(button).toHaveProperty('disabled', true)
    expect(button.getAttribute('aria-describedby')).toBe('why')
    const input = screen.getByTestId<HTMLInputElement>('open-bundle')
    expect(input.getAttribute('aria-describedby')).toBeNull()
    const opened = vi.spyOn(input, 'click')
    fireEvent.click(button)
    expect(opened).not.toHaveBeenCalled()
  })

  it('with multiple, hands on every chosen file at once (choose files…, Add evidence documents)', () => {
    const onFiles = vi.fn()
    render(<FileLink label="choose files…" multiple data-testid="many" onFiles={onFiles} />)
    const input = screen.getByTestId<HTMLInputElement>('many')
    expect(input.multiple).toBe(true)
    const a = new File(['a: 1'], 'a.yaml')
    const b = new File(['b: 1'], 'b.yaml')
    fireEvent.change(input, { target: { files: [a, b] } })
    expect(onFiles).toHaveBeenCalledExactlyOnceWith([a, b])
    expect(input.value).toBe('')
  })
})
