import { useEffect, useRef } from 'react'
import { useAppStore, type AppState } from './stores'
import { hashToPlace, placeToHash, samePage, type Place } from './route'

function apply(p: Place): void {
  const s = useAppStore.getState()
  if (p.view === 'case' && p.caseId) void s.selectCase(p.caseId, { tab: p.tab, rowKey: p.rowKey })
  else s.showView(p.view === 'case' ? 'welcome' : p.view)
}

const placeOf = (s: AppState): Place => ({
  view: s.view,
  caseId: s.selectedCaseId ?? undefined,
  tab: s.tab,
  rowKey: s.selectedRowKey
})

function write(place: Place): void {
  const hash = placeToHash(place)
  if (hash === location.hash) return
  const url = hash || location.pathname + location.search
  if (samePage(hashToPlace(location.hash), place)) history.replaceState(null, '', url)
  else history.pushState(null, '', url)
}

/**
 * Keeps the URL hash and the store in step once the workspace is loaded: the hash opens its place (at start and
 * on back/forward), and every move writes the place back (a new history entry for another view, case or tab).
 * A move the auditor made while the workspace was loading (a click on Schemes, say) is newer than the address
 * the app was started with: it stays, and the address follows it.
 */
export function useHashRoute(ready: boolean): void {
  const start = useRef<Place | null>(null)
  start.current ??= placeOf(useAppStore.getState())
  useEffect(() => {
    if (!ready) return
    const now = placeOf(useAppStore.getState())
    const moved = start.current !== null && placeToHash(now) !== placeToHash(start.current)
    if (moved) write(now)
    else apply(hashToPlace(location.hash))
    const onPop = (): void => apply(hashToPlace(location.hash))
    window.addEventListener('popstate', onPop)
    const unsubscribe = useAppStore.subscribe((s) => write(placeOf(s)))
    return () => {
      window.removeEventListener('popstate', onPop)
      unsubscribe()
    }
  }, [ready])
}
