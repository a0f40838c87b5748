import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import { call } from '../api'
import { attempt } from './ui.slice'
import type { TrustListView } from '../../../shared/ipc/contract'

/** The trust list of assessment bodies: which certificates make a verdict VALID rather than UNTRUSTED. */
export interface TrustSlice {
  trustList: TrustListView | null
  loadTrustList: () => Promise<void>
  /** adds a body's certificate (PEM); false when main refused it (the notice says why) */
  addTrust: (pem: string) => Promise<boolean>
  removeTrust: (fingerprint: string) => Promise<boolean>
}

export const createTrustSlice: StateCreator<AppState, [], [], TrustSlice> = (set, get) => {
  const change = (p: Promise<TrustListView>): Promise<boolean> =>
    attempt(
      get,
      async () => {
        set({ trustList: await p })
        return true
      },
      false
    )
  return {
    trustList: null,
    loadTrustList: async () => void (await change(call('trust:list'))),
    addTrust: (pem) => change(call('trust:add', pem)),
    removeTrust: (fingerprint) => change(call('trust:remove', fingerprint))
  }
}
