import { useRef, useState } from 'react'
import { useAppStore, usePick } from '../../stores'
import type { CaseTab } from '../../stores/ui.slice'
import { formatDate, formatDateTime } from '../../format'
import { ReviewView } from '../review/ReviewView'
import { ReviewFlowBar } from './ReviewFlowBar'
import { HolderBar } from '../bundle/HolderBar'
import { ConflictView } from '../bundle/ConflictView'
import { RegisterPanel } from './RegisterPanel'
import { ImportPanel } from '../import/ImportPanel'
import { ResultsTable } from '../results/ResultsTable'
import { VerdictView } from '../verdict/VerdictView'
import { RoundsView } from '../verdict/RoundsView'
import type { CaseDetail, CheckResult } from '../../../../shared/domain/types'

const OUTCOME_TEXT: Record<CheckResult, string> = {
  PASS: 'passes',
  FAIL: 'fails',
  MISSING: 'tentative (results missing)',
  ABORT: 'incomplete (a check did not finish)'
}

function Versions({ detail }: { detail: CaseDetail }): React.JSX.Element {
  const subjects = [...new Set(detail.evaluations.map((e) => e.subject))]
  return (
    <section className="panel" aria-label="Scope versions">
      <div className="panel-head">
        <h3>Scope versions at {formatDate(detail.decisionDate)}</h3>
      </div>
      <table className="versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Status</th>
            <th>Stabilized</th>
            {subjects.map((s) => (
              <th key={s}>Evidence for {s}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {detail.versions.map((v) => (
            <tr key={v.version} className={v.version === detail.case.schemeVersion ? 'claimed' : ''}>
              <td>
                <strong>{v.version}</strong>
                {v.version === detail.case.schemeVersion && <span className="badge info">applied for</span>}
              </td>
              <td>
                <span className={`badge s-${v.status}`}>{v.status}</span>
              </td>
              <td className="dim nowrap">{formatDate(v.stabilizedAt)}</td>
              {subjects.map((s) => {
                const e = detail.evaluations.find((x) => x.subject === s && x.version === v.version)
                if (!e)
                  return (
                    <td key={s} className="dim">
                      —
                    </td>
                  )
                return (
                  <td
                    key={s}
                    title={`PASS ${e.counts.PASS} · FAIL ${e.counts.FAIL} · ABORT ${e.counts.ABORT} · MISSING ${e.counts.MISSING}${e.expired ? ` (${e.expired} expired)` : ''}`}
                  >
                    <span className={`badge r-${e.outcome}`}>{e.outcome}</span>{' '}
                    <span className="dim">{OUTCOME_TEXT[e.outcome]}</span>
                    <div className="small dim">
                      {e.counts.PASS} pass · {e.counts.FAIL} fail · {e.counts.ABORT} abort ·{' '}
                      {e.counts.MISSING} missing
                    </div>
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function Files({ detail }: { detail: CaseDetail }): React.JSX.Element | null {
  if (detail.files.length === 0) return null
  return (
    <section className="panel" aria-label="Imported files">
      <div className="panel-head">
        <h3>Imported files</h3>
      </div>
      <table className="files">
        <thead>
          <tr>
            <th>File</th>
            <th>Kind</th>
            <th>Subjects</th>
            <th>Testcases</th>
            <th>Signature</th>
            <th>SHA-256</th>
            <th>Imported</th>
          </tr>
        </thead>
        <tbody>
          {detail.files.map((f) => (
            <tr key={f.id}>
              <td>{f.file}</td>
              <td>{f.kind}</td>
              <td>{f.receipt.subjects.join(', ') || '—'}</td>
              <td>
                {f.receipt.counts.accepted} accepted, {f.receipt.counts.missing} missing
              </td>
              <td>{f.receipt.signature}</td>
              <td className="mono small" title={f.sha256}>
                {f.sha256.slice(0, 16)}…
              </td>
              <td className="dim nowrap">{formatDateTime(f.importedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

const TAB_LABEL: Record<CaseTab, string> = {
  review: 'Review',
  evidence: 'Evidence',
  verdict: 'Verdict',
  rounds: 'Changes since the earlier round'
}

export function CaseView(): React.JSX.Element {
  const { detail, results, detailStatus, downloadTemplate, tab, setTab } = usePick(
    'detail',
    'results',
    'detailStatus',
    'downloadTemplate',
    'tab',
    'setTab'
  )
  const open = useAppStore((s) => s.review?.counts.open)
  const tabs = useRef<HTMLDivElement>(null)
  const [registerOpen, setRegisterOpen] = useState(false)
  if (!detail)
    return (
      <p className="loading" role="status">
        {detailStatus === 'error' ? 'The case could not be loaded.' : 'Loading case…'}
      </p>
    )
  const shown: CaseTab[] = [
    'review',
    'evidence',
    'verdict',
    ...(detail.case.previousCaseId ? ['rounds' as const] : [])
  ]
  const current = shown.includes(tab) ? tab : 'review'
  return (
    <div className="case">
      <header className="case-head">
        <div className="case-title-row">
          <h2 data-testid="case-title">{detail.case.title}</h2>
          <button
            onClick={() => void downloadTemplate()}
            title="A blank XLSX self-assessment for this case's scheme, for the applicant"
          >
            Questionnaire template (XLSX)
          </button>
          <button
            onClick={() => setRegisterOpen(!registerOpen)}
            aria-expanded={registerOpen}
            className={registerOpen ? 'on' : ''}
            title="The assessment body's register: push, pull, check out"
          >
            Register
          </button>
        </div>
        {registerOpen && <RegisterPanel caseId={detail.case.id} />}
        <p className="dim small case-meta">
          Case <span className="mono">{detail.case.id}</span> · {detail.scheme.name}{' '}
          <strong>{detail.case.schemeVersion}</strong> · round {detail.case.round} · {detail.files.length}{' '}
          file(s) · {results.length.toLocaleString('en')} check result(s) · decision date{' '}
          <span className="nowrap">{formatDate(detail.decisionDate)}</span>
        </p>
        <ReviewFlowBar />
        <HolderBar />
      </header>
      <ConflictView />
      {detail.audit.broken && (
        <div className="banner error" role="alert">
          The audit log is broken at entry {detail.audit.broken.seq} (position {detail.audit.broken.position}
          ): {detail.audit.broken.reason}. Do not issue a verdict from this workspace.
        </div>
      )}
      {!detail.audit.broken && detail.audit.problems.length > 0 && (
        <div className="banner log-problems" role="alert" data-testid="log-problems">
          The workspace's tables differ from the audit log ({detail.audit.problems.length}): signing is
          blocked.
          <ul>
            {detail.audit.problems.slice(0, 8).map((p, i) => (
              <li key={i}>
                {[p.entry ? `entry ${p.entry}` : '', p.row ?? ''].filter(Boolean).join(', ')}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ImportPanel />
      <div
        className="tabs"
        role="tablist"
        aria-label="Case views"
        ref={tabs}
        onKeyDown={(e) => {
          // arrow keys move between tabs (the ARIA tabs pattern)
          if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return
          const i = shown.indexOf(current)
          const next = shown[(i + (e.key === 'ArrowRight' ? 1 : shown.length - 1)) % shown.length]!
          setTab(next)
          tabs.current?.querySelector<HTMLElement>(`#tab-${next}`)?.focus()
        }}
      >
        {shown.map((t) => (
          <button
            key={t}
            id={`tab-${t}`}
            role="tab"
            aria-selected={current === t}
            aria-controls={`panel-${t}`}
            tabIndex={current === t ? 0 : -1}
            className={current === t ? 'on' : ''}
            onClick={() => setTab(t)}
          >
            {t === 'rounds' ? `Changes since round ${detail.case.round - 1}` : TAB_LABEL[t]}
            {t === 'review' && open !== undefined ? ` (${open} open)` : ''}
          </button>
        ))}
      </div>
      <div
        className={`tab-body tab-${current}`}
        role="tabpanel"
        id={`panel-${current}`}
        aria-labelledby={`tab-${current}`}
      >
        {current === 'review' ? (
          <ReviewView />
        ) : current === 'verdict' ? (
          <VerdictView />
        ) : current === 'rounds' ? (
          <RoundsView />
        ) : (
          <>
            <Versions detail={detail} />
            <ResultsTable rows={results} />
            <Files detail={detail} />
          </>
        )}
      </div>
    </div>
  )
}
