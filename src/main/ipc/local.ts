/**
 * The channels only the CLI calls. They name a path on this machine, which no window may do, so they are not
 * in the shared contract; `dispatchLocal` checks their arguments and maps their errors as `dispatch` does.
 */
import type { Workspace } from '../workspace'

export interface BackupReport {
  readonly file: string
  readonly bytes: number
  readonly auditEntries: number
}

export interface LocalContract {
  /** a consistent copy of the workspace written to `out` (a new file), then checked */
  'workspace:backup': (out: string) => BackupReport
}
export type LocalChannel = keyof LocalContract
export type LocalHandlers = {
  [C in LocalChannel]: (
    ...args: Parameters<LocalContract[C]>
  ) => ReturnType<LocalContract[C]> | Promise<ReturnType<LocalContract[C]>>
}

/** the first argument problem in plain words, or null */
export const LOCAL_ARG_CHECKS: { [C in LocalChannel]: (args: readonly unknown[]) => string | null } = {
  'workspace:backup': (a) =>
    a.length === 1 && typeof a[0] === 'string' && a[0].length > 0 && a[0].length <= 4096
      ? null
      : 'out is missing or of the wrong kind'
}

export function createLocalHandlers(ws: Workspace): LocalHandlers {
  return { 'workspace:backup': (out) => ws.backup(out) }
}
