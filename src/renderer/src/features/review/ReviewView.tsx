import { useEffect, useMemo, useRef, useState } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { usePick } from '../../stores'
import { deskRows, NO_FILTERS, rowKey, rowLabel, visibleFindings } from '../../stores/review.slice'
import { CriterionDetail } from './CriterionDetail'
import { CheckField, SelectField, TextField } from '../../components/FormFields'
import { DecisionForm } from './DecisionForm'
import { HelpDialog } from './HelpDialog'
import { formatDate } from '../../format'
import { say } from '../../../../shared/text/messages'
import type { ReviewRow } from '../../../../shared/ipc/contract'
import type { DecisionKind } from '../../../../shared/domain/decisions'
import { FINDING_TYPES, SEVERITIES, type FindingType } from '../../../../shared/domain/reconcile'

const ROW = 42
const DECIDED: Record<DecisionKind, string> = { accept: 'accepted', reject: 'rejected', waive: 'waived' }

function DecisionLine({ row }: { row: ReviewRow }): React.JSX.Element {
  const d = row.decision
  // the findings the row has that the decision does not name arose after it: it does not decide them
  const later = d?.findings ? row.findingIds.filter((id) => !d.findings!.includes(id)).length : 0
  return d ? (
    <>
      <span className={`badge d-${d.decision}`}>{DECIDED[d.decision]}</span> by {d.auditor} on{' '}
      <span className="nowrap">{formatDate(d.decidedAt)}</span>
      {d.comment && `: ${d.comment}`}
      {d.waiverExpires && (
        <>
          {' '}
          (waiver expires <span className="nowrap">{formatDate(d.waiverExpires)}</span>, owner {d.waiverOwner}
          )
        </>
      )}
      {later > 0 && (
        <span className="arose-later">
          {' '}
          · {later} finding{later === 1 ? '' : 's'} arose after this decision and {later === 1 ? 'is' : 'are'}{' '}
          open: decide again
        </span>
      )}
    </>
  ) : (
    <span className="dim">No decision yet.</span>
  )
}

export function ReviewView(): React.JSX.Element {
  const s = usePick(
    'review',
    'reviewStatus',
    'filters',
    'setFilters',
    'selectedRowKey',
    'selectRow',
    'selectedFindingId',
    'selectFinding',
    'deciding',
    'startDecision',
    'cancelDecision',
    'detail'
  )
  const { review, filters, setFilters, selectedRowKey, selectRow, selectedFindingId, selectFinding, detail } =
    s
  const [help, setHelp] = useState(false)
  const [opened, setOpened] = useState<string | null>(null)
  const [moreFilters, setMoreFilters] = useState(false)
  const search = useRef<HTMLInputElement>(null)
  const detailRef = useRef<HTMLDivElement>(null)
  const listRef = useRef<HTMLDivElement>(null)

  const queue = useMemo(() => visibleFindings(review, filters), [review, filters])
  const allRows = useMemo(() => deskRows(review), [review])
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
      const k = rowKey(f.criterion, f.subject)
      m.set(k, [...(m.get(k) ?? []), f])
    }
    return m
  }, [review])
  const rows = useMemo(() => {
    const findingFilter = filters.severities.length > 0 || !!filters.type
    const visible = new Set(queue.map((f) => rowKey(f.criterion, f.subject)))
    const q = filters.search.trim().toLowerCase()
    const c = filters.criterion.trim().toLowerCase()
    return allRows.filter(
      (r) =>
        (!findingFilter || visible.has(rowKey(r.criterion, r.subject))) &&
        (!filters.subject || r.subject === filters.subject) &&
        (!c || r.criterion.toLowerCase().includes(c) || r.name.toLowerCase().includes(c)) &&
        (!q ||
          visible.has(rowKey(r.criterion, r.subject)) ||
          `${r.criterion} ${r.name} ${r.subject} ${r.claim?.statement ?? ''}`.toLowerCase().includes(q))
    )
  }, [allRows, filters, queue])

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

  // the keyboard-first triage queue; a, r and w act on what the queue bar shows
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target
      const inField =
        t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement
      if (e.key === 'Escape') {
        if (inField) {
          e.preventDefault() // leave the field but keep the filter (a search box would clear itself on Esc)
          ;(t as HTMLElement).blur()
        }
        return
      }
      if (inField || e.ctrlKey || e.metaKey || e.altKey || help) return
      if (t instanceof HTMLElement && t.closest('[role="tablist"], form, [role="dialog"]')) return
      const inList = t === listRef.current
      const at = queue.findIndex((f) => f.id === selectedFindingId)
      if (inList && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        // the criteria list: arrows move between rows
        e.preventDefault()
        const next =
          rows[Math.max(0, Math.min(rows.length - 1, selectedIndex + (e.key === 'ArrowDown' ? 1 : -1)))]
        if (next) selectRow(rowKey(next.criterion, next.subject))
      } else if (e.key === 'j' || e.key === 'ArrowDown') {
        e.preventDefault()
        const next = queue[Math.min(queue.length - 1, at + 1)]
        if (next) selectFinding(next.id)
      } else if (e.key === 'k' || e.key === 'ArrowUp') {
        e.preventDefault()
        const prev = queue[Math.max(0, at - 1)]
        if (prev) selectFinding(prev.id)
      } else if (e.key === 'Enter' && selectedFindingId && !(t instanceof HTMLButtonElement)) {
        e.preventDefault()
        setOpened(selectedFindingId)
        detailRef.current?.focus()
      } else if (e.key === 'a' || e.key === 'r' || e.key === 'w') {
        e.preventDefault()
        s.startDecision(e.key === 'a' ? 'accept' : e.key === 'r' ? 'reject' : 'waive')
      } else if (e.key === '?') {
        setHelp(true)
      } else if (e.key === '/') {
        e.preventDefault()
        search.current?.focus()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [queue, rows, selectedIndex, selectedFindingId, selectFinding, selectRow, help, s])

  if (!review)
    return (
      <p className="loading" role="status">
        {s.reviewStatus === 'error'
          ? 'The review could not be computed.'
          : 'Holding every claim against the evidence…'}
      </p>
    )
  const selectedRow =
    rows[selectedIndex] ?? allRows.find((r) => rowKey(r.criterion, r.subject) === selectedRowKey) ?? null
  const current = review.findings.find((f) => f.id === selectedFindingId) ?? null
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS)
  const locked = detail?.case.status !== 'open'
  const subjects = [
    ...new Set([...review.subjects, ...review.findings.map((f) => f.subject).filter(Boolean)])
  ]
  const evaluated = [...new Set((detail?.evaluations ?? []).map((e) => e.subject))]

  return (
    <div className="review" data-testid="review">
      <section className="review-toolbar" aria-label="Case overview">
        <div className="toolbar-row">
          <h3>
            {review.counts.open} open of {review.findings.length} finding(s){' '}
            <span className="dim small nowrap">at {formatDate(review.decisionDate)}</span>
          </h3>
          <div className="sev-chips" role="group" aria-label="Filter by severity">
            {SEVERITIES.map((sv) => {
              const on = filters.severities.includes(sv)
              return (
                <button
                  key={sv}
                  className={`chip sev-${sv} ${on ? 'on' : ''}`}
                  aria-pressed={on}
                  onClick={() =>
                    setFilters({
                      severities: on
                        ? filters.severities.filter((x) => x !== sv)
                        : [...filters.severities, sv]
                    })
                  }
                >
                  {sv} <span className="count">{review.counts.bySeverity[sv]}</span>
                </button>
              )
            })}
          </div>
          <label className="grow search-field">
            <span className="sr-only">Search</span>
            <input
              ref={search}
              type="search"
              value={filters.search}
              onChange={(e) => setFilters({ search: e.target.value })}
              placeholder="Search findings, claims, subjects (/)"
              aria-label="Search the review"
            />
          </label>
          <button
            className="link small"
            aria-expanded={moreFilters || filtered}
            onClick={() => setMoreFilters((m) => !m)}
          >
            Filters{filtered ? ' (on)' : ''}
          </button>
          <button className="link small" onClick={() => setHelp(true)} aria-keyshortcuts="?">
            Keys (?)
          </button>
        </div>
        {(moreFilters || (filtered && filters.search === '')) && (
          <div className="filter-row">
            <SelectField
              label="Type"
              value={filters.type}
              onValue={(v) => setFilters({ type: v as FindingType | '' })}
              aria-label="Filter by type"
            >
              <option value="">all types</option>
              {(Object.keys(FINDING_TYPES) as FindingType[]).map((t) => (
                <option key={t} value={t} disabled={!review.counts.byType[t]}>
                  {t} ({review.counts.byType[t] ?? 0})
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Subject"
              value={filters.subject}
              onValue={(subject) => setFilters({ subject })}
              aria-label="Filter by subject"
            >
              <option value="">all subjects</option>
              {subjects.map((x) => (
                <option key={x}>{x}</option>
              ))}
            </SelectField>
            <TextField
              label="Criterion"
              value={filters.criterion}
              onValue={(criterion) => setFilters({ criterion })}
              placeholder="scs-0101"
              aria-label="Filter by criterion"
            />
            <CheckField
              className="check"
              label="show decided"
              checked={filters.showDecided}
              onChecked={(showDecided) => setFilters({ showDecided })}
            />
            {filtered && (
              <button className="link small" onClick={() => setFilters(NO_FILTERS)}>
                clear filters
              </button>
            )}
          </div>
        )}
        {evaluated.length > 0 && (
          <p className="small subject-line">
            {evaluated.map((sub) => (
              <span key={sub} className="subject-status">
                <strong>{sub}</strong>:{' '}
                {detail!.evaluations
                  .filter((e) => e.subject === sub)
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
      </section>

      <div
        className={`queue-bar ${current ? `sev-${current.severity}` : ''}`}
        role="status"
        aria-live="polite"
        data-testid="queue-current"
      >
        <span className="queue-what">
          {current ? (
            <>
              Finding {queue.findIndex((f) => f.id === current.id) + 1 || '–'} of {queue.length}:{' '}
              <strong>{current.type}</strong> · {rowLabel(current.criterion, current.subject)}
              {current.state !== 'open' && <span className="badge decided">{current.state}</span>}
            </>
          ) : selectedRow ? (
            <>
              {rowLabel(selectedRow.criterion, selectedRow.subject)}: no finding · {queue.length} open in the
              queue (j)
            </>
          ) : (
            `${queue.length} open finding(s): press j to walk them`
          )}
        </span>
        {selectedRow && !s.deciding && (
          <span className="queue-actions">
            {locked ? (
              <span className="small dim">read-only: {detail?.case.status}</span>
            ) : (
              (['accept', 'reject', 'waive'] as const).map((k) => (
                <button
                  key={k}
                  className={`small d-${k}`}
                  onClick={() => s.startDecision(k)}
                  aria-keyshortcuts={k[0]}
                >
                  {k} ({k[0]})
                </button>
              ))
            )}
          </span>
        )}
        {current && opened === current.id && <div className="msg">{say(current.msg)}</div>}
      </div>

      <div className="review-main">
        <div
          ref={listRef}
          className="criteria-list"
          role="listbox"
          aria-label="Criteria"
          tabIndex={0}
          aria-activedescendant={selectedIndex >= 0 ? `row-${selectedIndex}` : undefined}
          data-testid="criteria-list"
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const r = rows[item.index]!
              const k = rowKey(r.criterion, r.subject)
              const fs = findingsByRow.get(k) ?? []
              const open = fs.filter((f) => f.state === 'open').length
              return (
                <div
                  key={k}
                  id={`row-${item.index}`}
                  role="option"
                  aria-selected={k === selectedRowKey}
                  className={`criterion-row ${r.worst ? `sev-${r.worst}` : 'sev-none'} ${k === selectedRowKey ? 'on' : ''} ${r.decision ? `decided d-${r.decision.decision}` : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW }}
                  title={`${rowLabel(r.criterion, r.subject)}: ${open > 0 ? `${open} open finding(s)` : fs.length > 0 ? 'every finding decided' : 'claim and evidence agree'}`}
                  onClick={() => selectRow(k)}
                >
                  <span className="mono crit" title={r.criterion || 'case-level findings'}>
                    {r.criterion || 'case-level'}
                  </span>
                  <span className="line2">
                    <span className="dim small">{r.subject || 'whole case'}</span>
                    {r.decision ? (
                      <span className={`badge d-${r.decision.decision}`}>{DECIDED[r.decision.decision]}</span>
                    ) : r.criterion ? (
                      <span className={`badge claim-${r.claim?.claim ?? 'none'}`}>
                        {r.claim?.claim ?? 'no claim'}
                      </span>
                    ) : null}
                    <span className="small count">
                      {open > 0 ? `${open} open` : fs.length > 0 ? `${fs.length} decided` : '✓'}
                    </span>
                  </span>
                </div>
              )
            })}
          </div>
        </div>
        <div ref={detailRef} tabIndex={-1} className="detail" aria-label="Claim, evidence and findings">
          {selectedRow ? (
            <>
              <div className="detail-head">
                <h3 title={`${selectedRow.criterion} ${selectedRow.name}`}>
                  <span className="mono">{selectedRow.criterion || 'Case-level findings'}</span>{' '}
                  <span className="dim">
                    {selectedRow.criterion ? selectedRow.name : selectedRow.subject}
                  </span>
                </h3>
                {!s.deciding && (
                  <p className="decision-line small" data-testid="decision-line">
                    <DecisionLine row={selectedRow} />{' '}
                    {detail?.case.status === 'open' && (
                      <button className="link small" onClick={() => s.startDecision('accept')}>
                        decide…
                      </button>
                    )}
                  </p>
                )}
              </div>
              {s.deciding && (
                <DecisionForm
                  key={`${selectedRowKey}-${s.deciding}`}
                  row={selectedRow}
                  findings={findingsByRow.get(rowKey(selectedRow.criterion, selectedRow.subject)) ?? []}
                  kind={s.deciding}
                  onDone={() => {
                    s.cancelDecision()
                    detailRef.current?.focus()
                  }}
                />
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
      {help && <HelpDialog onClose={() => setHelp(false)} />}
    </div>
  )
}
