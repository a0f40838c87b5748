import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import { call } from '../api'
import { attempt } from './ui.slice'
import type { AuditorIdentity, CreatedIdentity, IdentityState } from '../../../shared/ipc/contract'

/** The auditor this session signs as: their key, opened once (or kept by the OS keychain in the desktop app). */
export interface IdentitySlice {
  identity: IdentityState | null
  roster: readonly AuditorIdentity[]
  loadIdentity: () => Promise<void>
  unlockIdentity: (keyBase64: string, passphrase: string, remember: boolean) => Promise<boolean>
  createIdentity: (name: string, passphrase: string, remember: boolean) => Promise<CreatedIdentity | null>
  addColleague: (name: string, publicKey: string) => Promise<boolean>
  lockIdentity: (forget: boolean) => Promise<void>
}

export const createIdentitySlice: StateCreator<AppState, [], [], IdentitySlice> = (set, get) => {
  const refresh = async (): Promise<void> => {
    const [identity, roster] = await Promise.all([call('identity:current'), call('identity:list')])
    set({ identity, roster })
  }
  return {
    identity: null,
    roster: [],
    loadIdentity: () => attempt(get, refresh, undefined),
    unlockIdentity: (keyBase64, passphrase, remember) =>
      attempt(
        get,
        async () => {
          await call('identity:unlock', { keyBase64, passphrase, remember })
          await refresh()
          return true
        },
        false
      ),
    createIdentity: (name, passphrase, remember) =>
      attempt(
        get,
        async () => {
          const created = await call('identity:create', {
            name,
            ...(passphrase ? { passphrase } : {}),
            remember
          })
          await refresh()
          return created
        },
        null as CreatedIdentity | null
      ),
    addColleague: (name, publicKey) =>
      attempt(
        get,
        async () => {
          await call('identity:add', name, publicKey)
          await refresh()
          return true
        },
        false
      ),
    lockIdentity: (forget) =>
      attempt(
        get,
        async () => {
          set({ identity: await call('identity:lock', forget) })
        },
        undefined
      )
  }
}
