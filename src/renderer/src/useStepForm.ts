import { useRef, useState } from 'react'

export interface StepForm<A extends string> {
  /** the step whose form is open, if the case still offers it */
  readonly open: A | null
  /** opens the step's form, or closes it when it is the open one */
  readonly toggle: (step: A) => void
  readonly text: string
  readonly setText: (text: string) => void
  /**
   * Runs the open step with the text. Its form closes once the step succeeded, unless another form was opened
   * meanwhile: the step's result is on screen before its store action returns, and a form opened on that
   * result is the user's newer wish.
   */
  readonly submit: (run: (step: A, text: string) => Promise<boolean>) => void
}

/**
 * The form of one step at a time (the four-eyes steps, hand-over and take-back), with its text. A form for a
 * step the case no longer offers (it moved on when the step succeeded) closes.
 */
export function useStepForm<A extends string>(offered: readonly A[]): StepForm<A> {
  const [step, setStep] = useState<A | null>(null)
  const [text, setText] = useState('')
  /** counts the forms opened and closed by hand: a step's success closes its form only if none was since */
  const opened = useRef(0)
  const open = step !== null && offered.includes(step) ? step : null
  // a step the case no longer offers (it moved on, or another case is shown) closes its form and forgets its
  // text, so that it never comes back, filled in, on a later state or another case
  if (step !== null && open === null) {
    setStep(null)
    setText('')
  }
  return {
    open,
    toggle: (s) => {
      opened.current += 1
      if (open !== s) setText('')
      setStep(open === s ? null : s)
    },
    text,
    setText,
    submit: (run) => {
      if (open === null) return
      const at = opened.current
      void run(open, text).then((ok) => {
        if (!ok || opened.current !== at) return
        setStep(null)
        setText('')
      })
    }
  }
}
