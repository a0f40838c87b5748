// Sandboxed CJS preload: exposes exactly `invoke` and `on` for the channels of the contract, nothing else.
import { contextBridge, ipcRenderer } from 'electron'
import { EVENT_CHANNELS, INVOKE_CHANNELS, type Api } from '../shared/ipc/contract'

const invokable = new Set<string>(INVOKE_CHANNELS)
const listenable = new Set<string>(EVENT_CHANNELS)

const api: Api = {
  invoke(channel, ...args) {
    if (!invokable.has(channel)) return Promise.reject(new Error(`Unknown channel: ${channel}`))
    return ipcRenderer.invoke(channel, ...args)
  },
  on(channel, listener) {
    if (!listenable.has(channel)) throw new Error(`Unknown event: ${channel}`)
    const wrapped = (_event: Electron.IpcRendererEvent, ...args: unknown[]): void =>
      (listener as (...a: unknown[]) => void)(...args)
    ipcRenderer.on(channel, wrapped)
    return () => void ipcRenderer.removeListener(channel, wrapped)
  }
}

contextBridge.exposeInMainWorld('api', api)
