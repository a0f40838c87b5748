/**
 * The form fields of the app: a label that wraps its control (so the label names it), the control's value, and a
 * setter for that value. Any other attribute (name, placeholder, required, aria-label, data-testid…) goes to the
 * control as it is.
 */
import { useRef } from 'react'

type ControlProps<E> = Omit<React.InputHTMLAttributes<E>, 'value' | 'checked' | 'onChange'>
/** what a text input and a choice share: the label, the value as text, and its setter */
interface TextValue {
  label: React.ReactNode
  value: string
  onValue: (value: string) => void
}

/** A labelled text input (or password, url, search: `type`). */
export function TextField({
  label,
  value,
  onValue,
  ...input
}: ControlProps<HTMLInputElement> & TextValue): React.JSX.Element {
  return (
    <label>
      {label}
      <input value={value} onChange={(e) => onValue(e.target.value)} {...input} />
    </label>
  )
}

/**
 * A passphrase: hidden, never offered for autofill; `isNew` (a key being made) lets a password manager
 * propose one instead.
 */
export function PassphraseField({
  isNew = false,
  ...field
}: Omit<ControlProps<HTMLInputElement>, 'type' | 'autoComplete'> &
  TextValue & { isNew?: boolean }): React.JSX.Element {
  return <TextField type="password" autoComplete={isNew ? 'new-password' : 'off'} {...field} />
}

/** A labelled choice; the options are its children. */
export function SelectField({
  label,
  value,
  onValue,
  children,
  ...select
}: Omit<React.SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> & TextValue): React.JSX.Element {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onValue(e.target.value)} {...select}>
        {children}
      </select>
    </label>
  )
}

/** A checkbox before its label; `className` is the label's (`check` lines it up in a form). */
export function CheckField({
  label,
  checked,
  onChecked,
  className
}: {
  label: React.ReactNode
  checked: boolean
  onChecked: (checked: boolean) => void
  className?: string
}): React.JSX.Element {
  return (
    <label className={className}>
      <input type="checkbox" checked={checked} onChange={(e) => onChecked(e.target.checked)} /> {label}
    </label>
  )
}

/** A labelled file input that keeps one file: the chosen one, or null when the choice is cleared. */
export function FileField({
  label,
  onFile,
  ...input
}: Omit<ControlProps<HTMLInputElement>, 'type'> & {
  label: React.ReactNode
  onFile: (file: File | null) => void
}): React.JSX.Element {
  return (
    <label>
      {label}
      <input type="file" onChange={(e) => onFile(e.target.files?.[0] ?? null)} {...input} />
    </label>
  )
}

/** one file (`onFile`), or with `multiple` every file chosen at once (`onFiles`) */
type Chosen =
  | { readonly multiple?: false; readonly onFile: (file: File) => void }
  | { readonly multiple: true; readonly onFiles: (files: File[]) => void }

/**
 * A link-styled button that chooses a file ("Open a bundle…"), or several with `multiple` ("choose files…").
 * It is a button, so the keyboard reaches it and a screen reader names it; it opens the hidden file input's
 * chooser. The input is emptied after each choice, so that choosing the same file again acts again. What the
 * user meets goes to the button (`title`, `disabled` and every `aria-*`); what chooses the file goes to the
 * input (`accept`, `data-testid` and the rest).
 */
export function FileLink(
  props: Omit<ControlProps<HTMLInputElement>, 'type' | 'hidden' | 'multiple'> & {
    label: React.ReactNode
  } & Chosen
): React.JSX.Element {
  const { label, className = 'link', title, disabled, ...others } = props
  const {
    multiple: _multiple,
    onFile: _onFile,
    onFiles: _onFiles,
    ...rest
  } = others as typeof others & { onFile?: unknown; onFiles?: unknown }
  const chooser = useRef<HTMLInputElement>(null)
  const aria = Object.fromEntries(Object.entries(rest).filter(([k]) => k.startsWith('aria-')))
  const input = Object.fromEntries(Object.entries(rest).filter(([k]) => !k.startsWith('aria-')))
  return (
    <>
      <button
        type="button"
        className={className}
        title={title}
        disabled={disabled}
        {...aria}
        onClick={() => chooser.current?.click()}
      >
        {label}
      </button>
      <input
        ref={chooser}
        type="file"
        hidden
        tabIndex={-1}
        disabled={disabled}
        multiple={props.multiple}
        {...input}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])]
          e.target.value = ''
          if (props.multiple) props.onFiles(files)
          else if (files[0]) props.onFile(files[0])
        }}
      />
    </>
  )
}
