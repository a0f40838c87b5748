import { useMemo, useRef, useState } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { formatCheckTime, formatExpiry } from '../../format'
import { TestcaseLine } from '../../components/TestcaseId'
import type { CheckResult, ResultRow } from '../../../../shared/domain/types'

const ROW_HEIGHT = 30
const FILTERS: readonly (CheckResult | 'ALL')[] = ['ALL', 'PASS', 'FAIL', 'ABORT']

/** Virtualized: only the visible rows are in the DOM, so 50,000 results scroll smoothly. */
export function ResultsTable({ rows }: { rows: readonly ResultRow[] }): React.JSX.Element {
  const [query, setQuery] = useState('')
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('ALL')
  const visible = useMemo(() => {
    const q = query.trim().toLowerCase()
    return rows.filter(
      (r) =>
        (filter === 'ALL' || r.result === filter) &&
        (!q ||
          r.testcase.toLowerCase().includes(q) ||
          r.subject.toLowerCase().includes(q) ||
          r.criteria.toLowerCase().includes(q))
    )
  }, [rows, query, filter])
  const counts = useMemo(() => {
    const c: Record<string, number> = { ALL: rows.length, PASS: 0, FAIL: 0, ABORT: 0 }
    for (const r of rows) c[r.result] = (c[r.result] ?? 0) + 1
    return c
  }, [rows])

  const scrollRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer re-renders this component itself; nothing memoizes its functions
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12
  })

  return (
    <section className="panel results" aria-label="Check results">
      <div className="panel-head">
        <h3>Check results</h3>
        <div className="filters" role="group" aria-label="Filter by result">
          {FILTERS.map((f) => (
            <button
              key={f}
              className={`chip ${f === filter ? 'on' : ''} r-${f}`}
              onClick={() => setFilter(f)}
              aria-pressed={f === filter}
            >
              {f === 'ALL' ? 'All' : f} <span className="count">{counts[f] ?? 0}</span>
            </button>
          ))}
        </div>
        <input
          className="search"
          type="search"
          placeholder="Search testcase, subject, criterion"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-label="Search results"
        />
      </div>
      {visible.length === 0 ? (
        <p className="empty">
          {rows.length === 0
            ? 'No check results yet. Import a compliance-check report.'
            : 'No result matches the filter.'}
        </p>
      ) : (
        <div className="grid" role="table" aria-label="Testcase results" aria-rowcount={visible.length + 1}>
          <div role="rowgroup">
            <div className="grid-head" role="row" aria-rowindex={1}>
              <span role="columnheader">Subject</span>
              <span role="columnheader">Testcase</span>
              <span role="columnheader">Criterion</span>
              <span role="columnheader">Result</span>
              <span role="columnheader">Checked at</span>
              <span role="columnheader">Expires</span>
            </div>
          </div>
          {/* the scrolling body is focusable, so the keyboard can scroll it */}
          <div
            ref={scrollRef}
            className="grid-body"
            role="rowgroup"
            tabIndex={0}
            aria-label="Results, scrollable"
            data-testid="results-scroll"
          >
            <div className="grid-spacer" role="presentation" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => {
                const r = visible[item.index]!
                return (
                  <div
                    // by place, not by r.id: results numbered beyond 2^53 (an insider's planted row id) share
                    // one JavaScript number, and React omits or repeats rows that share a key
                    key={item.key}
                    role="row"
                    aria-rowindex={item.index + 2}
                    className={`grid-row ${item.index % 2 ? 'odd' : ''}`}
                    style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  >
                    <span role="cell">{r.subject}</span>
                    <span role="cell" className="mono" title={r.testcase}>
                      <TestcaseLine id={r.testcase} />
                    </span>
                    <span role="cell" className="mono dim" title={r.criteria}>
                      {r.criteria || '—'}
                    </span>
                    <span role="cell">
                      <span className={`badge r-${r.result}`}>{r.result}</span>
                    </span>
                    <span role="cell" className="dim nowrap">
                      {formatCheckTime(r.checkedAt)}
                    </span>
                    <span
                      role="cell"
                      className={`nowrap ${r.fresh ? 'dim' : 'stale'}`}
                      title={
                        !r.fresh
                          ? 'expired at the decision date'
                          : r.expiresAt
                            ? 'fresh at the decision date'
                            : 'the scheme lets no result expire'
                      }
                    >
                      {formatExpiry(r.expiresAt, r.checkedAt)}
                      {r.fresh ? '' : ' (expired)'}
                    </span>
                  </div>
                )
              })}
            </div>
          </div>
        </div>
      )}
      <p className="foot dim">
        Showing {visible.length.toLocaleString('en')} of {rows.length.toLocaleString('en')} results
      </p>
    </section>
  )
}
