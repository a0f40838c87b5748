/**
 * A diverged case as text (pure): the conflict per criterion, the local entries and the other side's side by
 * side with their authors. `bundle import` and `register pull|push` print it; the app shows ConflictView.
 */
import type { BundleConflict } from '../ipc/contract'

export function conflictLines(conflict: BundleConflict | null, other = 'bundle'): string[] {
  if (!conflict) return []
  const pad = ' '.repeat(Math.max(1, other.length - 3))
  const out: string[] = []
  for (const row of conflict.rows) {
    out.push(`  ${row.about}`)
    for (const e of row.local) out.push(`    here:${pad}#${e.caseSeq} ${e.at} ${e.actor}: ${e.what}`)
    for (const e of row.bundle) out.push(`    ${other}: #${e.caseSeq} ${e.at} ${e.actor}: ${e.what}`)
  }
  return out
}
