/** The ONLY file that touches window.api. Unwraps the Result envelope or throws AppError. */
import type {
  EventChannel,
  EventContract,
  InvokeChannel,
  InvokeContract,
  Api
} from '../../shared/ipc/contract'
import type { AppErrorData } from '../../shared/result'
import { createBridgeApi, NoSessionError, openBridgeSession } from './transport'

export class AppError extends Error {
  constructor(readonly data: AppErrorData) {
    super(data.message)
  }
}

let cached: Api | null = null
function api(): Api {
  if (cached) return cached
  if (window.api) return (cached = window.api)
  return (cached = createBridgeApi(openBridgeSession()))
}

/** Opens the bridge session at once (browser mode), so the one-time code leaves the address bar on load. */
export function connect(): void {
  api()
}

export async function call<C extends InvokeChannel>(
  channel: C,
  ...args: Parameters<InvokeContract[C]>
): Promise<ReturnType<InvokeContract[C]>> {
  let result
  try {
    result = await api().invoke(channel, ...args)
  } catch (error) {
    if (!(error instanceof NoSessionError)) throw error
    throw new AppError({
      code: 'FORBIDDEN',
      message:
        'No connection to the workbench: this link was used already or has expired. Press Enter in the terminal that runs `npm start` for a new one.'
    })
  }
  if (!result.ok) throw new AppError(result.error)
  return result.value
}

export function subscribe<E extends EventChannel>(channel: E, listener: EventContract[E]): () => void {
  return api().on(channel, listener)
}
