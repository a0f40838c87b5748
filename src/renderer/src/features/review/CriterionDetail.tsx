import { Fragment } from 'react'
import { usePick } from '../../stores'
import { formatDate, formatExpiry } from '../../format'
import { TestcaseWrapping } from '../../components/TestcaseId'
import { say } from '../../../../shared/text/messages'
import type { CriterionRow } from '../../../../shared/domain/reconcile'
import type { ReviewFinding } from '../../../../shared/ipc/contract'
import type { Decision } from '../../../../shared/domain/decisions'
import { ClaimDocuments } from '../documents/ClaimDocuments'

// an expired result counts as MISSING from the instant it expires (no grace period)
const FRESHNESS: Record<string, string> = { stale: 'expired', fresh: '', none: '' }

/** The three columns of one row, each its own scroll area: the claim, the check results, the findings. */
export function CriterionDetail({
  row,
  findings,
  reportFiles
}: {
  row: CriterionRow & { decision?: Decision | null }
  findings: readonly ReviewFinding[]
  reportFiles: ReadonlyMap<number, string>
}): React.JSX.Element {
  const { selectedFindingId, selectFinding, logs, loadLog } = usePick(
    'selectedFindingId',
    'selectFinding',
    'logs',
    'loadLog'
  )
  const claim = row.claim
  const flagged = new Set(findings.flatMap((f) => f.evidence.split(/[,:]\s*/)))
  const caseLevel = !row.criterion
  return (
    <div className={`three-cols ${row.worst ? `sev-${row.worst}` : ''}`} data-testid="criterion-detail">
      <section className="col" aria-label="Claim" tabIndex={0}>
        <h4>
          Claim <span className="dim small">{row.subject}</span>
        </h4>
        {caseLevel ? (
          <p className="dim small">
            These findings concern {row.subject ? `the cloud “${row.subject}” as a whole` : 'the whole case'},
            not one criterion. Decide them here like any row.
          </p>
        ) : claim ? (
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
                    {e.date && <span className="dim small nowrap">({formatDate(e.date)})</span>}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <p className="dim">No answer in the self-assessment.</p>
        )}
        {!caseLevel && <ClaimDocuments row={row} />}
      </section>
      <section className="col" aria-label="Check results" tabIndex={0}>
        <h4>Check results {row.manual && <span className="badge info">manual criterion</span>}</h4>
        {row.testcases.length === 0 ? (
          <p className="dim small">
            {caseLevel
              ? 'No check results belong to case-level findings.'
              : 'No automated checks: this standard needs evidence and an auditor’s decision.'}
          </p>
        ) : (
          <table className="checks">
            <thead>
              <tr>
                <th>Testcase</th>
                <th>Result</th>
                <th>
                  Checked
                  <br />
                  Expires
                </th>
              </tr>
            </thead>
            <tbody>
              {row.testcases.map((t) => {
                const key = `${t.reportId}\u0000${t.testcase}`
                const log = logs[key]
                return (
                  <Fragment key={t.testcase + t.target}>
                    <tr className={flagged.has(t.testcase) ? 'flagged' : ''}>
                      <td className="mono small testcase">
                        <TestcaseWrapping id={t.testcase} />
                        {t.target !== 'main' && <span className="dim"> ({t.target})</span>}
                        {t.reportId !== null && (
                          <div className="dim small from">
                            <button
                              className="link small"
                              onClick={() => void loadLog(t.reportId!, t.testcase)}
                              aria-label={`Show the log: ${t.testcase}`}
                            >
                              log
                            </button>{' '}
                            <span
                              className="file"
                              title={`from ${reportFiles.get(t.reportId) ?? `report ${t.reportId}`}`}
                            >
                              from {reportFiles.get(t.reportId) ?? `report ${t.reportId}`}
                            </span>
                          </div>
                        )}
                      </td>
                      <td>
                        {/* what counts at the decision date (an expired result is MISSING), and what was reported */}
                        <span className={`badge r-${t.effective}`}>{t.effective}</span>
                        {t.effective !== t.result && (
                          <div className="dim small nowrap">reported {t.result}</div>
                        )}
                      </td>
                      <td className="small nowrap dates">
                        <span className="dim" title="checked at">
                          {formatDate(t.checkedAt)}
                        </span>
                        <br />
                        <span
                          className={FRESHNESS[t.freshness] ? 'stale' : 'dim'}
                          title={
                            FRESHNESS[t.freshness]
                              ? 'expired at the decision date'
                              : t.checkedAt && !t.expiresAt
                                ? 'the scheme lets no result expire'
                                : 'expires at'
                          }
                        >
                          {formatExpiry(t.expiresAt, t.checkedAt)}
                          {FRESHNESS[t.freshness] && ` ${FRESHNESS[t.freshness]}: MISSING`}
                        </span>
                      </td>
                    </tr>
                    {log && (
                      <tr className="log-row">
                        <td colSpan={3}>
                          {log === 'loading' ? (
                            <span className="dim small">loading…</span>
                          ) : (
                            <pre className="log" aria-label={`Log of ${t.testcase}`} tabIndex={0}>
                              {`$ ${log.cmd.slice(0, 200)}${log.cmd.length > 200 ? '…' : ''}\nrc ${log.rc ?? '-'}\n${log.lines.join('\n') || '(no log lines for this testcase)'}`}
                            </pre>
                          )}
                        </td>
                      </tr>
                    )}
                  </Fragment>
                )
              })}
            </tbody>
          </table>
        )}
      </section>
      <section className="col" aria-label="Findings" tabIndex={0}>
        <h4>Findings</h4>
        {findings.length === 0 ? (
          <p className="dim">Claim and evidence agree.</p>
        ) : (
          <ul className="findings">
            {findings.map((f) => (
              <li key={f.id}>
                <button
                  className={`finding sev-${f.severity} ${f.id === selectedFindingId ? 'on' : ''} ${f.state !== 'open' ? 'decided' : ''}`}
                  onClick={() => selectFinding(f.id)}
                  aria-current={f.id === selectedFindingId}
                >
                  <span className={`badge sev-${f.severity}`}>{f.severity}</span> <strong>{f.type}</strong>
                  {f.state !== 'open' && <span className="badge decided">{f.state}</span>}
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
