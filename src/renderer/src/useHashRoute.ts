import { useEffect } from 'react'
import { useAppStore } from './stores'
import { hashToPlace, placeToHash, samePage, type Place } from './route'

function apply(p: Place): void {
  const s = useAppStore.getState()
  if (p.view === 'case' && p.caseId) void s.selectCase(p.caseId, { tab: p.tab, rowKey: p.rowKey })
  else s.showView(p.view === 'case' ? 'welcome' : p.view)
}

/**
 * Keeps the URL hash and the store in step once the workspace is loaded: the hash opens its place (at start and
 * on back/forward), and every move writes the place back (a new history entry for another view, case or tab).
 */
export function useHashRoute(ready: boolean): void {
  useEffect(() => {
    if (!ready) return
    apply(hashToPlace(location.hash))
    const onPop = (): void => apply(hashToPlace(location.hash))
    window.addEventListener('popstate', onPop)
    const unsubscribe = useAppStore.subscribe((s) => {
      const place: Place = {
        view: s.view,
        caseId: s.selectedCaseId ?? undefined,
        tab: s.tab,
        rowKey: s.selectedRowKey
      }
      const hash = placeToHash(place)
      if (hash === location.hash) return
      const url = hash || location.pathname + location.search
      if (samePage(hashToPlace(location.hash), place)) history.replaceState(null, '', url)
      else history.pushState(null, '', url)
    })
    return () => {
      window.removeEventListener('popstate', onPop)
      unsubscribe()
    }
  }, [ready])
}
