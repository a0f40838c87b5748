import { useEffect, useMemo, useRef, useState } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useAppStore } from '../../stores'
import { NO_FILTERS, rowKey, visibleFindings } from '../../stores/review.slice'
import { CriterionDetail } from './CriterionDetail'
import { DecisionForm } from './DecisionForm'
import type { DecisionKind } from '../../../../shared/domain/decisions'
import { FINDING_TYPES, SEVERITIES, type FindingType } from '../../../../shared/domain/reconcile'
import { say } from '../../../../shared/text/messages'

const ROW = 42
const KEYS: readonly [string, string][] = [
  ['j  or  ↓', 'next open finding'],
  ['k  or  ↑', 'previous open finding'],
  ['Enter', 'open the finding: its criterion in three columns'],
  ['a  r  w', 'accept, reject or waive the current criterion (Ctrl+Enter records)'],
  ['/', 'search'],
  ['Esc', 'close this help, leave a field'],
  ['?', 'show or hide these keys']
]

export function ReviewView(): React.JSX.Element {
  const {
    review,
    reviewStatus,
    filters,
    setFilters,
    selectedRowKey,
    selectRow,
    selectedFindingId,
    selectFinding,
    detail
  } = useAppStore()
  const [help, setHelp] = useState(false)
  const [opened, setOpened] = useState<string | null>(null)
  const [deciding, setDeciding] = useState<DecisionKind | null>(null)
  const search = useRef<HTMLInputElement>(null)
  const detailRef = useRef<HTMLDivElement>(null)

  const queue = useMemo(() => visibleFindings(review, filters), [review, filters])
  const reportFiles = useMemo(
    () =>
      new Map(
        (detail?.reports ?? []).map((r) => [r.id, detail?.files.find((f) => f.id === r.fileId)?.file ?? ''])
      ),
    [detail]
  )
  const findingsByRow = useMemo(() => {
    const m = new Map<string, typeof queue>()
    for (const f of review?.findings ?? []) {
      if (!f.criterion) continue
      const k = rowKey(f.criterion, f.subject)
      m.set(k, [...(m.get(k) ?? []), f])
    }
    return m
  }, [review])
  const rows = useMemo(() => {
    if (!review) return []
    const findingFilter = filters.severities.length > 0 || !!filters.type
    const visible = new Set(queue.map((f) => rowKey(f.criterion, f.subject)))
    const q = filters.search.trim().toLowerCase()
    const c = filters.criterion.trim().toLowerCase()
    return review.rows.filter(
      (r) =>
        (!findingFilter || visible.has(rowKey(r.criterion, r.subject))) &&
        (!filters.subject || r.subject === filters.subject) &&
        (!c || r.criterion.toLowerCase().includes(c) || r.name.toLowerCase().includes(c)) &&
        (!q ||
          visible.has(rowKey(r.criterion, r.subject)) ||
          `${r.criterion} ${r.name} ${r.subject} ${r.claim?.statement ?? ''}`.toLowerCase().includes(q))
    )
  }, [review, filters, queue])
  const caseLevel = queue.filter((f) => !f.criterion)

  const listRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer re-renders this component itself
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW,
    overscan: 10
  })

  const selectedIndex = rows.findIndex((r) => rowKey(r.criterion, r.subject) === selectedRowKey)
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, virtualizer])

  // the keyboard-first triage queue
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const inField =
        e.target instanceof HTMLInputElement ||
        e.target instanceof HTMLSelectElement ||
        e.target instanceof HTMLTextAreaElement
      if (e.key === 'Escape') {
        setHelp(false)
        if (inField) {
          e.preventDefault() // leave the field but keep the filter (a search box would clear itself on Esc)
          ;(e.target as HTMLElement).blur()
        }
        return
      }
      if (inField || e.ctrlKey || e.metaKey || e.altKey) return
      const at = queue.findIndex((f) => f.id === selectedFindingId)
      if (e.key === 'j' || e.key === 'ArrowDown') {
        e.preventDefault()
        const next = queue[Math.min(queue.length - 1, at + 1)]
        if (next) selectFinding(next.id)
      } else if (e.key === 'k' || e.key === 'ArrowUp') {
        e.preventDefault()
        const prev = queue[Math.max(0, at - 1)]
        if (prev) selectFinding(prev.id)
      } else if (e.key === 'Enter' && selectedFindingId) {
        e.preventDefault()
        setOpened(selectedFindingId)
        detailRef.current?.focus()
      } else if ((e.key === 'a' || e.key === 'r' || e.key === 'w') && selectedRowKey) {
        e.preventDefault()
        setDeciding(e.key === 'a' ? 'accept' : e.key === 'r' ? 'reject' : 'waive')
      } else if (e.key === '?') {
        setHelp((h) => !h)
      } else if (e.key === '/') {
        e.preventDefault()
        search.current?.focus()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [queue, selectedFindingId, selectFinding, selectedRowKey])

  if (!review)
    return (
      <p className="loading">
        {reviewStatus === 'error'
          ? 'The review could not be computed.'
          : 'Holding every claim against the evidence…'}
      </p>
    )
  const selectedRow =
    rows[selectedIndex] ?? review.rows.find((r) => rowKey(r.criterion, r.subject) === selectedRowKey) ?? null
  const current = review.findings.find((f) => f.id === selectedFindingId) ?? null
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS)

  return (
    <div className="review" data-testid="review">
      <section className="panel overview" aria-label="Case overview">
        <div className="panel-head">
          <h3>
            Review at {review.decisionDate}: {review.counts.open} open of {review.findings.length} finding(s)
          </h3>
          <button className="link small" onClick={() => setHelp(true)} aria-keyshortcuts="?">
            Keys (?)
          </button>
        </div>
        <div className="sev-chips" role="group" aria-label="Filter by severity">
          {SEVERITIES.map((s) => {
            const on = filters.severities.includes(s)
            return (
              <button
                key={s}
                className={`chip sev-${s} ${on ? 'on' : ''}`}
                aria-pressed={on}
                onClick={() =>
                  setFilters({
                    severities: on ? filters.severities.filter((x) => x !== s) : [...filters.severities, s]
                  })
                }
              >
                {s} <span className="count">{review.counts.bySeverity[s]}</span>
              </button>
            )
          })}
        </div>
        <div className="filter-row">
          <label>
            Type
            <select
              value={filters.type}
              onChange={(e) => setFilters({ type: e.target.value as FindingType | '' })}
              aria-label="Filter by type"
            >
              <option value="">all types</option>
              {(Object.keys(FINDING_TYPES) as FindingType[]).map((t) => (
                <option key={t} value={t} disabled={!review.counts.byType[t]}>
                  {t} ({review.counts.byType[t] ?? 0})
                </option>
              ))}
            </select>
          </label>
          <label>
            Subject
            <select
              value={filters.subject}
              onChange={(e) => setFilters({ subject: e.target.value })}
              aria-label="Filter by subject"
            >
              <option value="">all subjects</option>
              {[
                ...new Set([...review.subjects, ...review.findings.map((f) => f.subject).filter(Boolean)])
              ].map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Criterion
            <input
              value={filters.criterion}
              onChange={(e) => setFilters({ criterion: e.target.value })}
              placeholder="scs-0101"
              aria-label="Filter by criterion"
            />
          </label>
          <label className="grow">
            Search
            <input
              ref={search}
              type="search"
              value={filters.search}
              onChange={(e) => setFilters({ search: e.target.value })}
              placeholder="words in findings, claims, subjects (/)"
              aria-label="Search the review"
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={filters.showDecided}
              onChange={(e) => setFilters({ showDecided: e.target.checked })}
            />{' '}
            show decided
          </label>
          {filtered && (
            <button className="link small" onClick={() => setFilters(NO_FILTERS)}>
              clear filters
            </button>
          )}
        </div>
        {detail && detail.evaluations.length > 0 && (
          <p className="small">
            {[...new Set(detail.evaluations.map((e) => e.subject))].map((s) => (
              <span key={s} className="subject-status">
                <strong>{s}</strong>:{' '}
                {detail.evaluations
                  .filter((e) => e.subject === s)
                  .map((e) => (
                    <span
                      key={e.version}
                      className={`badge r-${e.outcome}`}
                      title={`${e.version} is ${e.status}`}
                    >
                      {e.version} {e.outcome}
                    </span>
                  ))}
              </span>
            ))}
          </p>
        )}
        {caseLevel.length > 0 && (
          <ul className="findings case-level" aria-label="Case-level findings">
            {caseLevel.map((f) => (
              <li key={f.id}>
                <button
                  className={`finding sev-${f.severity} ${f.id === selectedFindingId ? 'on' : ''}`}
                  onClick={() => selectFinding(f.id)}
                  aria-current={f.id === selectedFindingId}
                >
                  <span className={`badge sev-${f.severity}`}>{f.severity}</span> <strong>{f.type}</strong>{' '}
                  {f.subject && <span className="dim">{f.subject}</span>}
                  <span className="msg">{say(f.msg)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      {current && (
        <div
          className={`queue-bar sev-${current.severity}`}
          role="status"
          aria-live="polite"
          data-testid="queue-current"
        >
          Finding {queue.findIndex((f) => f.id === current.id) + 1} of {queue.length}:{' '}
          <strong>{current.type}</strong> {current.criterion && `· ${current.criterion}`}{' '}
          {current.subject && `· ${current.subject}`}
          {opened === current.id && <div className="msg">{say(current.msg)}</div>}
        </div>
      )}

      <div className="review-main">
        <div
          ref={listRef}
          className="criteria-list"
          role="listbox"
          aria-label="Criteria"
          data-testid="criteria-list"
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const r = rows[item.index]!
              const k = rowKey(r.criterion, r.subject)
              const n = findingsByRow.get(k)?.length ?? 0
              return (
                <div
                  key={k}
                  role="option"
                  aria-selected={k === selectedRowKey}
                  className={`criterion-row ${r.worst ? `sev-${r.worst}` : 'sev-none'} ${k === selectedRowKey ? 'on' : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW }}
                  onClick={() => selectRow(k)}
                >
                  <span className="who">
                    <span className="mono">{r.criterion}</span>
                    <span className="dim small">{r.subject}</span>
                  </span>
                  <span className={`badge claim-${r.claim?.claim ?? 'none'}`}>
                    {r.claim?.claim ?? 'no claim'}
                  </span>
                  <span className="small">{n > 0 ? `${n} finding${n > 1 ? 's' : ''}` : '✓'}</span>
                </div>
              )
            })}
          </div>
        </div>
        <div ref={detailRef} tabIndex={-1} className="detail" aria-label="Claim, evidence and findings">
          {selectedRow ? (
            <>
              <h3>
                {selectedRow.criterion} <span className="dim">{selectedRow.name}</span>
              </h3>
              {deciding ? (
                <DecisionForm
                  key={`${selectedRow.criterion}-${selectedRow.subject}-${deciding}`}
                  criterion={selectedRow.criterion}
                  subject={selectedRow.subject}
                  kind={deciding}
                  onDone={() => {
                    setDeciding(null)
                    detailRef.current?.focus()
                  }}
                />
              ) : (
                <p className="decision-line small">
                  {selectedRow.decision ? (
                    <>
                      <span className={`badge d-${selectedRow.decision.decision}`}>
                        {selectedRow.decision.decision}
                      </span>{' '}
                      by {selectedRow.decision.auditor} on {selectedRow.decision.decidedAt.slice(0, 10)}
                      {selectedRow.decision.comment && `: ${selectedRow.decision.comment}`}
                      {selectedRow.decision.waiverExpires &&
                        ` (waived until ${selectedRow.decision.waiverExpires}, owner ${selectedRow.decision.waiverOwner})`}
                    </>
                  ) : (
                    <span className="dim">No decision yet: press a, r or w.</span>
                  )}{' '}
                  <button className="link small" onClick={() => setDeciding('accept')}>
                    decide…
                  </button>
                </p>
              )}
              <CriterionDetail
                row={selectedRow}
                findings={findingsByRow.get(rowKey(selectedRow.criterion, selectedRow.subject)) ?? []}
                reportFiles={reportFiles}
              />
            </>
          ) : (
            <p className="dim">Choose a criterion, or press j to walk the open findings.</p>
          )}
        </div>
      </div>

      {help && (
        <div
          className="help-overlay"
          role="dialog"
          aria-label="Keyboard shortcuts"
          onClick={() => setHelp(false)}
        >
          <div className="panel">
            <h3>Keys</h3>
            <dl>
              {KEYS.map(([k, what]) => (
                <div key={k}>
                  <dt className="mono">{k}</dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
            <p className="dim small">Decisions (accept, reject, waive) will join this queue.</p>
          </div>
        </div>
      )}
    </div>
  )
}
