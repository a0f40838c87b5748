/** The ONLY file that touches window.api. Unwraps the Result envelope or throws AppError. */
import type {
  EventChannel,
  EventContract,
  InvokeChannel,
  InvokeContract,
  Api
} from '../../shared/ipc/contract'
import type { AppErrorData } from '../../shared/result'
import { createBridgeApi } from './transport'

export class AppError extends Error {
  constructor(readonly data: AppErrorData) {
    super(data.message)
  }
}

let cached: Api | null = null
function api(): Api {
  if (cached) return cached
  if (window.api) return (cached = window.api)
  const token = document.querySelector<HTMLMetaElement>('meta[name="aw-token"]')?.content
  if (!token)
    throw new AppError({
      code: 'FORBIDDEN',
      message: 'No connection to the workbench: open the URL that `npm start` printed.'
    })
  return (cached = createBridgeApi(token))
}

export async function call<C extends InvokeChannel>(
  channel: C,
  ...args: Parameters<InvokeContract[C]>
): Promise<ReturnType<InvokeContract[C]>> {
  const result = await api().invoke(channel, ...args)
  if (!result.ok) throw new AppError(result.error)
  return result.value
}

export function subscribe<E extends EventChannel>(channel: E, listener: EventContract[E]): () => void {
  return api().on(channel, listener)
}
