import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { INVOKE_CHANNELS } from '../../shared/ipc/contract'
import { fail, type Result } from '../../shared/result'
import { dispatch, type InvokeHandlers, type Logger } from './dispatch'

export interface RegisterOptions {
  readonly isTrustedSender: (event: IpcMainInvokeEvent) => boolean
  readonly log: Logger
}

/** Registers every channel of the contract on ipcMain; returns an unregister function. */
export function registerInvokeHandlers(
  handlers: InvokeHandlers,
  { isTrustedSender, log }: RegisterOptions
): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event, ...args): Promise<Result<unknown>> => {
      if (!isTrustedSender(event)) return fail('FORBIDDEN', 'Untrusted IPC sender')
      return dispatch(handlers, channel, args, log)
    })
  }
  return () => INVOKE_CHANNELS.forEach((channel) => ipcMain.removeHandler(channel))
}
