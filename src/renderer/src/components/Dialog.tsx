import { useEffect, useRef } from 'react'

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])'

/** Tab and Shift+Tab go round the dialog's own controls: the focus never leaves a modal dialog. */
function keepFocusInside(e: React.KeyboardEvent, box: HTMLElement): void {
  const controls = [...box.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((c) => !c.matches(':disabled'))
  const at = controls.indexOf(document.activeElement as HTMLElement)
  const next =
    at < 0
      ? controls[e.shiftKey ? controls.length - 1 : 0]
      : controls[(at + (e.shiftKey ? controls.length - 1 : 1)) % controls.length]
  e.preventDefault()
  next?.focus()
}

/**
 * A modal dialog over a backdrop. A click on the backdrop closes it, a click inside does not; so do the
 * `closeKeys` (Esc). It takes the focus when it opens (`initialFocus`, else the dialog itself), keeps Tab inside,
 * and gives the focus back to where it was when it closes.
 */
export function Dialog({
  backdropClassName,
  className,
  label,
  labelledBy,
  initialFocus,
  closeKeys = ['Escape'],
  onClose,
  children
}: {
  backdropClassName: string
  className: string
  /** the dialog's name: `label` as text, or `labelledBy` the id of its heading */
  label?: string
  labelledBy?: string
  initialFocus?: React.RefObject<HTMLElement | null>
  closeKeys?: readonly string[]
  onClose: () => void
  children: React.ReactNode
}): React.JSX.Element {
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    ;(initialFocus?.current ?? box.current)?.focus()
    return () => before?.focus?.()
  }, [initialFocus])
  return (
    <div className={backdropClassName} onClick={onClose}>
      <div
        ref={box}
        className={className}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        aria-labelledby={labelledBy}
        tabIndex={-1}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (closeKeys.includes(e.key)) {
            e.preventDefault()
            e.stopPropagation()
            onClose()
          } else if (e.key === 'Tab' && box.current) keepFocusInside(e, box.current)
        }}
      >
        {children}
      </div>
    </div>
  )
}
