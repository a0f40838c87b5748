import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import { call } from '../api'
import { bundleNotice } from './bundle.slice'
import type { RegisterOverview, RegisterPushResult } from '../../../shared/register/desk'

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
  /** queued pushes the main process sent in the background (event `register:sent`) */
  registerSent: (results: readonly RegisterPushResult[]) => Promise<void>
}

/** what sending queued pushes did, whoever sent them (the panel, or the background retry) */
const sentText = (sent: readonly RegisterPushResult[]): string =>
  `Sent ${sent.length} queued push${sent.length === 1 ? '' : 'es'}: ${sent.map((r) => `${r.caseId} ${r.outcome}`).join(', ')}.`

export const createRegisterSlice: StateCreator<AppState, [], [], RegisterSlice> = (set, get) => {
  /** the register's calls: a refusal is the notice, and the register's state is 'error' */
  const tryRegister = async (fn: () => Promise<void>): Promise<void> => {
    try {
      await fn()
    } catch (error) {
      set({ registerStatus: 'error' })
      get().showError(error)
    }
  }
  /** counts the refreshes started */
  let refreshing = 0
  /** The register's state; once it is reachable again, the queued pushes go out first. */
  const refresh = async (): Promise<void> => {
    // the register answers over HTTP, so two refreshes may end out of order: only the newest one shows
    const mine = ++refreshing
    set({ registerStatus: 'loading' })
    try {
      let register = await call('register:overview')
      if (register.online && register.settings.queued.length > 0) {
        const sent = await call('register:flush')
        register = await call('register:overview')
        if (sent.length && mine === refreshing) get().showSuccess(sentText(sent))
      }
      if (mine === refreshing) set({ register, registerStatus: 'ready' })
    } catch (error) {
      // a refresh overtaken by a newer one has nothing to say, not even its failure
      if (mine === refreshing) throw error
    }
  }
  return {
    register: null,
    registerStatus: 'idle',
    loadRegister: () => tryRegister(refresh),
    configureRegister: (url) =>
      tryRegister(async () => {
        await call('register:configure', url)
        // before the refresh, whose message (queued pushes sent) is the newer news
        get().showSuccess(url ? `Register set to ${url}.` : 'No register is configured.')
        await refresh()
      }),
    pushCase: (caseId) =>
      tryRegister(async () => {
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
        // diverged: the conflict view shows the register's copy against this one, per criterion
        if (r.outcome === 'diverged' && r.conflict) set({ conflict: r.conflict })
        if (r.outcome === 'diverged' || r.outcome === 'behind')
          set({ notice: { kind: 'error', text, items: [] } })
        else get().showSuccess(text)
      }),
    flushRegister: () =>
      tryRegister(async () => {
        const sent = await call('register:flush')
        await refresh()
        get().showSuccess(`Sent ${sent.length} queued push${sent.length === 1 ? '' : 'es'}.`)
      }),
    holdCase: (caseId, action) =>
      tryRegister(async () => {
        const holder = await call('register:hold', caseId, action)
        await refresh()
        get().showSuccess(holder ? `${caseId} is checked out by ${holder}.` : `${caseId} is checked in.`)
      }),
    pullCase: (caseId) =>
      tryRegister(async () => {
        // opened in the workspace as a bundle file is: created, fast-forward, or refused with the conflict
        const r = await call('register:pull', caseId)
        set({ cases: await call('cases:list'), conflict: r.outcome === 'diverged' ? r : null })
        await refresh()
        const notice = bundleNotice(r)
        // the case on screen and the pull's notice change together
        if (get().selectedCaseId === r.caseId) await get().refreshCase({ notice })
        else set({ notice })
      }),
    registerSent: (results) =>
      tryRegister(async () => {
        // sent in the background: the same news as a flush the panel made, told before the refresh, whose
        // own news (more pushes sent) and whatever the user does meanwhile are newer
        get().showSuccess(sentText(results))
        if (get().register) await refresh()
      })
  }
}
