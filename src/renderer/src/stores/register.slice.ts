import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import { call } from '../api'
import type { RegisterOverview } from '../../../shared/register/desk'

/** The body's register: its URL, the case's push/pull/hold, the queued pushes and the body's lists. */
export interface RegisterSlice {
  register: RegisterOverview | null
  registerStatus: 'idle' | 'loading' | 'ready' | 'error'
  loadRegister: () => Promise<void>
  configureRegister: (url: string | null) => Promise<void>
  pushCase: (caseId: string) => Promise<void>
  flushRegister: () => Promise<void>
  holdCase: (caseId: string, action: 'checkout' | 'checkin') => Promise<void>
  pullCase: (caseId: string) => Promise<void>
}

export const createRegisterSlice: StateCreator<AppState, [], [], RegisterSlice> = (set, get) => {
  const attempt = async (fn: () => Promise<void>): Promise<void> => {
    try {
      await fn()
    } catch (error) {
      set({ registerStatus: 'error' })
      get().showError(error)
    }
  }
  /** The register's state; once it is reachable again, the queued pushes go out first. */
  const refresh = async (): Promise<void> => {
    set({ registerStatus: 'loading' })
    let register = await call('register:overview')
    if (register.online && register.settings.queued.length > 0) {
      const sent = await call('register:flush')
      register = await call('register:overview')
      if (sent.length)
        get().showSuccess(
          `Sent ${sent.length} queued push${sent.length === 1 ? '' : 'es'}: ${sent.map((r) => `${r.caseId} ${r.outcome}`).join(', ')}.`
        )
    }
    set({ register, registerStatus: 'ready' })
  }
  return {
    register: null,
    registerStatus: 'idle',
    loadRegister: () => attempt(refresh),
    configureRegister: (url) =>
      attempt(async () => {
        await call('register:configure', url)
        // before the refresh, whose message (queued pushes sent) is the newer news
        get().showSuccess(url ? `Register set to ${url}.` : 'No register is configured.')
        await refresh()
      }),
    pushCase: (caseId) =>
      attempt(async () => {
        const r = await call('register:push', caseId)
        await refresh()
        const text =
          r.outcome === 'queued'
            ? `Offline: the push of ${caseId} is queued. ${r.message}`
            : r.outcome === 'diverged'
              ? `Case ${caseId} has diverged from the register's copy (common head: ${r.commonHead ? `entry ${r.commonHead.seq}` : 'none'}). ${r.message}`
              : r.outcome === 'behind'
                ? `The register has newer entries of ${caseId}: pull first. ${r.message}`
                : `Pushed ${caseId}: ${r.outcome}. ${r.message}`
        if (r.outcome === 'diverged' || r.outcome === 'behind')
          set({ notice: { kind: 'error', text, items: [] } })
        else get().showSuccess(text)
      }),
    flushRegister: () =>
      attempt(async () => {
        const sent = await call('register:flush')
        await refresh()
        get().showSuccess(`Sent ${sent.length} queued push${sent.length === 1 ? '' : 'es'}.`)
      }),
    holdCase: (caseId, action) =>
      attempt(async () => {
        const holder = await call('register:hold', caseId, action)
        await refresh()
        get().showSuccess(holder ? `${caseId} is checked out by ${holder}.` : `${caseId} is checked in.`)
      }),
    pullCase: (caseId) =>
      attempt(async () => {
        const b = await call('register:pull', caseId)
        get().showSuccess(
          `The register's copy of ${caseId} verified: ${b.entries} entries up to entry ${b.head.seq}, handed over by ${b.exporter.name}. (Importing it needs bundle import.)`
        )
      })
  }
}
