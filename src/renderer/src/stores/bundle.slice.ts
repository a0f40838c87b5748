import type { StateCreator } from 'zustand'
import type { AppState } from './index'
import type { BundleImportResult, CaseHolder } from '../../../shared/ipc/contract'
import { call } from '../api'
import { attempt, success, type Notice } from './ui.slice'
import { downloadBase64, toBase64 } from '../files'

/** Case bundles (issue 15): hand a case over, open a bundle, who holds the case, the conflict of a diverged one. */
export interface BundleSlice {
  /** who holds the selected case */
  holder: CaseHolder | null
  /** the last bundle opened that was refused as diverged: its conflict per criterion */
  conflict: BundleImportResult | null
  loadHolder: () => Promise<void>
  handOver: (comment: string) => Promise<boolean>
  takeBack: (reason: string) => Promise<boolean>
  openBundle: (file: File) => Promise<void>
  closeConflict: () => void
  /** another case was selected: its holder is not known yet; a conflict stays only with its own case */
  forgetHolder: (caseId: string | null) => void
}

export const isBundleFile = (f: File): boolean => /\.awcase$/i.test(f.name)

/** a bundle opened here (a file, or the register's copy pulled): refused when diverged or behind, else applied */
export const bundleNotice = (r: Pick<BundleImportResult, 'outcome' | 'message'>): Notice => ({
  kind: r.outcome === 'diverged' || r.outcome === 'behind' ? 'error' : 'success',
  text: r.message,
  items: []
})

export const createBundleSlice: StateCreator<AppState, [], [], BundleSlice> = (set, get) => {
  /** counts the bundles opened: a call ends its own work only, never a newer one's */
  let opening = 0
  return {
    holder: null,
    conflict: null,
    loadHolder: async () => {
      const id = get().selectedCaseId
      if (!id) return set({ holder: null })
      await attempt(
        get,
        async () => {
          const holder = await call('bundle:holder', id)
          if (get().selectedCaseId === id) set({ holder })
        },
        undefined
      )
    },
    handOver: async (comment) => {
      const id = get().selectedCaseId
      if (!id) return false
      return attempt(
        get,
        async () => {
          const b = await call('bundle:export', id, { handOver: true, comment })
          downloadBase64(b.fileName, b.base64, 'application/zip')
          await get().refreshCase({
            notice: success(
              `Case ${id} handed over as ${b.fileName} (${b.entries} log entries, ${b.files} input files, ${b.documents} documents). It is read-only here until its bundle comes back or you take it back.`
            )
          })
          return true
        },
        false
      )
    },
    takeBack: async (reason) => {
      const id = get().selectedCaseId
      if (!id) return false
      return attempt(
        get,
        async () => {
          await call('bundle:take-back', id, reason)
          await get().refreshCase({
            notice: success(
              `Case ${id} taken back: acts are recorded here again. The other auditor will see a divergence.`
            )
          })
          return true
        },
        false
      )
    },
    openBundle: async (file) => {
      if (get().busy) return
      const mine = ++opening
      const work = `Opening the bundle ${file.name}: checking every signature, hash and link…`
      set({ busy: work, notice: null })
      try {
        const r = await call('bundle:import', { name: file.name, base64: toBase64(await file.arrayBuffer()) })
        set({ cases: await call('cases:list'), conflict: r.outcome === 'diverged' ? r : null })
        // the case may be the one on screen: read it again either way
        await get().selectCase(r.caseId)
        // its outcome and the end of the work show with the case: a bundle dropped from then on is opened
        await get().refreshCase({ notice: bundleNotice(r), busy: null })
      } catch (error) {
        get().showError(error)
      } finally {
        // the case's reload ends the work (busy off, above); by now a newer task may be busy: it is not ours
        if (mine === opening && get().busy === work) set({ busy: null })
      }
    },
    closeConflict: () => set({ conflict: null }),
    forgetHolder: (caseId) =>
      // a conflict is shown with its case
      set({ holder: null, ...(get().conflict?.caseId === caseId ? {} : { conflict: null }) })
  }
}
