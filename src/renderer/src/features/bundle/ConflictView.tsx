import { usePick } from '../../stores'
import { formatDateTime } from '../../format'
import type { ConflictEntry } from '../../../../shared/ipc/contract'

function Entries({ entries }: { entries: readonly ConflictEntry[] }): React.JSX.Element {
  if (entries.length === 0) return <span className="dim">—</span>
  return (
    <ul className="conflict-entries">
      {entries.map((e) => (
        <li key={e.caseSeq}>
          <strong>{e.actor}</strong>{' '}
          <span className="dim small">
            #{e.caseSeq} · {formatDateTime(e.at)}
          </span>
          <div>{e.what}</div>
        </li>
      ))}
    </ul>
  )
}

/**
 * A diverged bundle (issue 15 §2), or the register's copy of the case that diverged from this one (a register
 * pull, or a push refused as diverged; issue 17): both sides acted since their common head. Nothing was merged; the local
 * entries and the bundle's are shown side by side per criterion, with their authors. The auditor keeps one
 * side's acts and records their own again on top (each a new signed entry).
 */
export function ConflictView(): React.JSX.Element | null {
  const {
    conflict,
    selectedCaseId: caseId,
    closeConflict: close
  } = usePick('conflict', 'selectedCaseId', 'closeConflict')
  if (!conflict?.conflict || conflict.caseId !== caseId) return null
  const c = conflict.conflict
  const exporter = conflict.summary.exporter.name
  // a register pull or a diverged push shows the register's copy; a file shows the bundle
  const fromRegister = conflict.source === 'register'
  return (
    <section
      className="panel conflict"
      aria-label="Conflict of a diverged bundle"
      data-testid="conflict-view"
    >
      <div className="panel-head">
        <h3>
          {fromRegister ? `The register's copy (pushed by ${exporter})` : `The bundle from ${exporter}`}{' '}
          diverged after entry {c.commonHead.seq}: nothing was merged
        </h3>
        <button className="link small" onClick={close}>
          Close
        </button>
      </div>
      <p className="small">
        Both sides acted since their common head{fromRegister ? ' with the register' : ''} (entry{' '}
        {c.commonHead.seq}, <span className="mono">{c.commonHead.hash.slice(0, 16)}…</span>). Keep one
        side&apos;s acts: record the other side&apos;s decisions again here on top, or take this side&apos;s
        bundle to them.
      </p>
      <table className="conflict-table">
        <thead>
          <tr>
            <th>Criterion</th>
            <th>Here (this workspace)</th>
            <th>
              {fromRegister ? 'In the register' : 'In the bundle'} ({exporter}, exported{' '}
              {formatDateTime(conflict.summary.exportedAt)})
            </th>
          </tr>
        </thead>
        <tbody>
          {c.rows.map((r) => (
            <tr key={r.about}>
              <td className="mono small">{r.about}</td>
              <td>
                <Entries entries={r.local} />
              </td>
              <td>
                <Entries entries={r.bundle} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
