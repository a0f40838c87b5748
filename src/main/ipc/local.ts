/**
 * The channels only the CLI calls. They name a path on this machine, which no window may do, so they are not
 * in the shared contract; `dispatchLocal` checks their arguments and maps their errors as `dispatch` does.
 * `pdf:timestamp` needs no workspace: its handler (`fileHandlers`) works on the files it names alone.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { Workspace } from '../workspace'
import { InputError } from '../../shared/format/input-error'

export interface BackupReport {
  readonly file: string
  readonly bytes: number
  readonly auditEntries: number
}

export interface TimestampReport {
  readonly file: string
  readonly bytes: number
}

export interface LocalContract {
  /** a consistent copy of the workspace written to `out` (a new file), then checked */
  'workspace:backup': (out: string) => BackupReport
  /**
   * a document timestamp from the TSA at `tsaUrl` added to the signed PDF `file`, written to `out`; the
   * authority must chain to the trust list in the file `trust` (none: the list is empty)
   */
  'pdf:timestamp': (file: string, tsaUrl: string, out: string, trust: string) => TimestampReport
}
export type LocalChannel = keyof LocalContract
export type LocalHandlers = {
  [C in LocalChannel]: (
    ...args: Parameters<LocalContract[C]>
  ) => ReturnType<LocalContract[C]> | Promise<ReturnType<LocalContract[C]>>
}

const isPath = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && v.length <= 4096

/** the first argument problem in plain words, or null */
export const LOCAL_ARG_CHECKS: { [C in LocalChannel]: (args: readonly unknown[]) => string | null } = {
  'workspace:backup': (a) => (a.length === 1 && isPath(a[0]) ? null : 'out is missing or of the wrong kind'),
  'pdf:timestamp': (a) =>
    a.length !== 4
      ? 'its arguments are not valid'
      : !isPath(a[0])
        ? 'file is missing or of the wrong kind'
        : typeof a[1] !== 'string' || a[1].length > 2000 || !/^https?:\/\//.test(a[1])
          ? 'tsaUrl is not valid (expected an http(s) URL)'
          : !isPath(a[2])
            ? 'out is missing or of the wrong kind'
            : typeof a[3] !== 'string' || a[3].length > 4096
              ? 'trust is not a file path'
              : null
}

/** the channels that need no workspace */
export const fileHandlers: Pick<LocalHandlers, 'pdf:timestamp'> = {
  'pdf:timestamp': async (file, tsaUrl, out, trust) => {
    const { addDocumentTimestamp } = await import('../pdf/doc-timestamp')
    const { loadTrustList } = await import('../pdf/trust')
    const list = loadTrustList(trust)
    let pdf: Buffer
    try {
      pdf = readFileSync(file)
    } catch (error) {
      // a file the user named that cannot be read is theirs to fix, not a failure of the workbench
      throw new InputError(
        file,
        '(whole file)',
        `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`
      )
    }
    // a real-world act, like signing: the system clock, not the workbench's fixed one
    const stamped = await addDocumentTimestamp(pdf, tsaUrl, new Date(), list)
    const tmp = `${out}.tmp-${process.pid}`
    writeFileSync(tmp, stamped)
    renameSync(tmp, out)
    return { file: out, bytes: stamped.length }
  }
}

export function createLocalHandlers(ws: Workspace): LocalHandlers {
  return { ...fileHandlers, 'workspace:backup': (out) => ws.backup(out) }
}
