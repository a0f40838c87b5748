import { useAppStore } from '../../stores'
import type { CriterionRow } from '../../../../shared/domain/reconcile'
import type { ReviewFinding } from '../../../../shared/ipc/contract'
import { say } from '../../../../shared/text/messages'
import type { Decision } from '../../../../shared/domain/decisions'
import { ClaimDocuments } from '../documents/ClaimDocuments'

/** The three columns of one criterion and subject: the claim, the check results, the findings. */
export function CriterionDetail({
  row,
  findings,
  reportFiles
}: {
  row: CriterionRow & { decision?: Decision | null }
  findings: readonly ReviewFinding[]
  reportFiles: ReadonlyMap<number, string>
}): React.JSX.Element {
  const { selectedFindingId, selectFinding, logs, loadLog } = useAppStore()
  const claim = row.claim
  const flagged = new Set(findings.flatMap((f) => f.evidence.split(/[,:]\s*/)))
  return (
    <div className={`three-cols ${row.worst ? `sev-${row.worst}` : ''}`} data-testid="criterion-detail">
      <section className="col" aria-label="Claim">
        <h4>
          Claim <span className="dim small">{row.subject}</span>
        </h4>
        {claim ? (
          <>
            <p>
              <span className={`badge claim-${claim.claim}`}>{claim.claim}</span>
            </p>
            <p className="statement">{claim.statement || <span className="dim">No statement.</span>}</p>
            {Object.keys(claim.figures).length > 0 && (
              <p className="small">
                {Object.entries(claim.figures)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join(' · ')}
              </p>
            )}
            <h5>Evidence</h5>
            {claim.evidence.length === 0 ? (
              <p className="dim small">No evidence links.</p>
            ) : (
              <ul className="evidence">
                {claim.evidence.map((e, i) => (
                  <li key={i}>
                    {e.title} <span className="mono small dim">{e.ref}</span>{' '}
                    {e.date && <span className="dim small">({e.date})</span>}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <p className="dim">No answer in the self-assessment.</p>
        )}
        <ClaimDocuments row={row} />
      </section>
      <section className="col" aria-label="Check results">
        <h4>Check results {row.manual && <span className="badge info">manual criterion</span>}</h4>
        {row.testcases.length === 0 ? (
          <p className="dim small">
            No automated checks: this standard needs evidence and an auditor's decision.
          </p>
        ) : (
          <table className="checks">
            <thead>
              <tr>
                <th>Testcase</th>
                <th>Result</th>
                <th>Checked</th>
                <th>Expires</th>
              </tr>
            </thead>
            <tbody>
              {row.testcases.map((t) => {
                const key = `${t.reportId}\u0000${t.testcase}`
                const log = logs[key]
                return (
                  <tr key={t.testcase + t.target} className={flagged.has(t.testcase) ? 'flagged' : ''}>
                    <td className="mono small">
                      {t.testcase}
                      {t.target !== 'main' && <span className="dim"> ({t.target})</span>}
                      {t.reportId !== null && (
                        <div className="dim small">
                          from {reportFiles.get(t.reportId) ?? `report ${t.reportId}`}{' '}
                          <button
                            className="link small"
                            onClick={() => void loadLog(t.reportId!, t.testcase)}
                          >
                            log
                          </button>
                        </div>
                      )}
                      {log === 'loading' && <div className="dim small">loading…</div>}
                      {log && log !== 'loading' && (
                        <pre className="log" aria-label={`Log of ${t.testcase}`}>
                          {`$ ${log.cmd.slice(0, 200)}${log.cmd.length > 200 ? '…' : ''}\nrc ${log.rc ?? '-'}\n${log.lines.join('\n') || '(no log lines for this testcase)'}`}
                        </pre>
                      )}
                    </td>
                    <td>
                      {/* what counts at the decision date (an expired result is MISSING), and what was reported */}
                      <span className={`badge r-${t.effective}`}>{t.effective}</span>
                      {t.effective !== t.result && <span className="dim small"> (reported {t.result})</span>}
                    </td>
                    <td className="dim small">{t.checkedAt?.slice(0, 10) ?? '—'}</td>
                    <td className={`small ${t.freshness === 'stale' ? 'stale' : 'dim'}`}>
                      {t.expiresAt ?? '—'}
                      {t.freshness === 'stale' ? ' (expired: MISSING)' : ''}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        )}
      </section>
      <section className="col" aria-label="Findings">
        <h4>Findings</h4>
        {findings.length === 0 ? (
          <p className="dim">Claim and evidence agree.</p>
        ) : (
          <ul className="findings">
            {findings.map((f) => (
              <li key={f.id}>
                <button
                  className={`finding sev-${f.severity} ${f.id === selectedFindingId ? 'on' : ''}`}
                  onClick={() => selectFinding(f.id)}
                  aria-current={f.id === selectedFindingId}
                >
                  <span className={`badge sev-${f.severity}`}>{f.severity}</span> <strong>{f.type}</strong>
                  {f.state !== 'open' && <span className="badge info">{f.state}</span>}
                  <span className="msg">{say(f.msg)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
