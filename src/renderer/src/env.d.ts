/// <reference types="vite/client" />
import type { Api } from '../../shared/ipc/contract'

declare global {
  interface Window {
    /** present in Electron (from the preload); absent in the browser, where api.ts uses the bridge */
    api?: Api
  }
}
export {}
