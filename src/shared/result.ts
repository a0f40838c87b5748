/**
 * The Result envelope every transport (Electron IPC, loopback bridge, CLI) returns.
 * Expected failures carry a code the UI and the CLI can act on; anything else is INTERNAL.
 */
export type AppErrorCode =
  | 'USAGE' // bad arguments
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INPUT_REJECTED' // an imported file was refused; nothing was stored
  | 'DB_FROM_FUTURE'
  | 'FORBIDDEN'
  | 'INTERNAL'

export interface AppErrorData {
  readonly code: AppErrorCode
  readonly message: string
  /** Optional structured detail, for example the file, place and reason of a rejected import. */
  readonly details?: ImportErrorDetail
}

/** Where and why an input file was rejected. `place` is a path (`run.invocations.x.results`) or `line 4, column 2`. */
export interface ImportErrorDetail {
  readonly file: string
  readonly place: string
  readonly reason: string
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppErrorData }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (code: AppErrorCode, message: string, details?: ImportErrorDetail): Result<never> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message }
})
