/**
 * The place in the app as a URL hash, so reload and back/forward return there:
 *   #/case/<id>/<tab>?criterion=<c>&subject=<s>   #/verify   #/schemes   #/new   (none: the welcome page)
 *   (criterion '' is the case-level row)
 */
import type { CaseTab, View } from './stores/ui.slice'

export interface Place {
  readonly view: View
  readonly caseId?: string
  readonly tab?: CaseTab
  /** `criterion\0subject` of the selected row */
  readonly rowKey?: string | null
}

const TABS: readonly CaseTab[] = ['review', 'evidence', 'verdict', 'rounds']

export function placeToHash(p: Place): string {
  if (p.view === 'verify') return '#/verify'
  if (p.view === 'schemes') return '#/schemes'
  if (p.view === 'new') return '#/new'
  // the welcome page has no hash: the address stays as the bridge left it
  if (p.view !== 'case' || !p.caseId) return ''
  const base = `#/case/${encodeURIComponent(p.caseId)}/${p.tab ?? 'review'}`
  if (!p.rowKey) return base
  const [criterion = '', subject = ''] = p.rowKey.split('\u0000')
  return `${base}?${new URLSearchParams({ criterion, subject }).toString()}`
}

export function hashToPlace(hash: string): Place {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?')
  const parts = path.split('/').filter(Boolean)
  if (parts[0] === 'verify') return { view: 'verify' }
  if (parts[0] === 'schemes') return { view: 'schemes' }
  if (parts[0] === 'new') return { view: 'new' }
  if (parts[0] !== 'case' || !parts[1]) return { view: 'welcome' }
  let caseId: string
  try {
    caseId = decodeURIComponent(parts[1])
  } catch {
    return { view: 'welcome' }
  }
  const tab = TABS.find((t) => t === parts[2]) ?? 'review'
  const q = new URLSearchParams(query)
  const criterion = q.get('criterion')
  return {
    view: 'case',
    caseId,
    tab,
    rowKey: criterion === null ? null : `${criterion}\u0000${q.get('subject') ?? ''}`
  }
}

/** Where a history entry is one step: another view, case or tab; a row changes the current entry. */
export const samePage = (a: Place, b: Place): boolean =>
  a.view === b.view && a.caseId === b.caseId && (a.tab ?? 'review') === (b.tab ?? 'review')
