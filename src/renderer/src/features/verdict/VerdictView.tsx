import { useEffect, useMemo, useState } from 'react'
import { usePick } from '../../stores'
import { ReasonList } from '../../components/ReasonList'
import { CheckField } from '../../components/FormFields'
import { formatDate, outcomeName } from '../../format'
import { say } from '../../../../shared/text/messages'
import type { CriterionStatus, Verdict, Why } from '../../../../shared/domain/verdict-types'
import { isGranted } from '../../../../shared/domain/verdict'
import { ExportPanel } from './ExportPanel'
import type { Lifetime } from '../../../../shared/domain/types'

const STATUS_TEXT: Record<CriterionStatus, string> = {
  pass: 'pass',
  waived: 'waived',
  tentative: 'tentative',
  inconclusive: 'inconclusive (did not finish)',
  pending: 'pending decision',
  fail: 'fail',
  rejected: 'rejected',
  counted: 'counted',
  'not-counted': 'not counted'
}

function WhyText({ why }: { why: Why }): React.JSX.Element {
  return (
    <div className="why">
      <div className="why-rule">{why.msg ? say(why.msg.rule) : why.rule}</div>
      <ul>
        {(why.msg ? why.msg.facts.map((f) => say(f)) : why.facts).map((f, i) => (
          <li key={i}>{f}</li>
        ))}
      </ul>
    </div>
  )
}

function Headline({ v }: { v: Verdict }): React.JSX.Element {
  return (
    <section
      className={`panel verdict-head ${isGranted(v) ? 'ok' : v.outcome === 'tentative' ? 'tentative' : 'no'}`}
    >
      <div className="verdict-outcome">
        <span className="verdict-badge" data-testid="verdict-outcome" data-outcome={v.outcome}>
          {outcomeName(v.outcome)}
        </span>
        <div>
          <h3>{v.outcomeName}</h3>
          <p className="dim">
            {v.schemeName} {v.schemeVersion} · decision date{' '}
            <span className="nowrap">{formatDate(v.decisionDate)}</span>
            {v.points !== undefined && (
              <>
                {' '}
                · <strong data-testid="verdict-points">{v.points}</strong> point{v.points === 1 ? '' : 's'}
              </>
            )}
            {v.validUntil ? (
              <>
                {' '}
                · valid until <span className="nowrap">{formatDate(v.validUntil)}</span>
              </>
            ) : (
              ' · no certificate at this date'
            )}
          </p>
        </div>
      </div>
      <WhyText why={v.why} />
      {v.blocking.length > 0 && (
        <div className="blocking" role="note" aria-label="What blocks a certificate">
          <strong>Blocking a signed certificate ({v.blocking.length})</strong>
          <ReasonList
            items={v.blockingMsgs ? v.blockingMsgs.map((b) => say(b)) : v.blocking}
            label="Blocking items"
            limit={50}
          />
        </div>
      )}
      <p className="small dim">
        Rules: {v.rules.file} · audit log: {v.audit.entries} entries, head{' '}
        <span className="mono">{v.audit.head.slice(0, 16)}…</span> · review: {v.review.status}
      </p>
    </section>
  )
}

/** how often an accepted manual check is repeated (the rule file's manualLifetime) */
const REPEATED: Record<Lifetime, string> = {
  day: 'daily',
  week: 'weekly',
  month: 'monthly',
  quarter: 'quarterly',
  year: 'yearly'
}

/** The verdict of the case at today's decision date: outcome, points and tier, and a "why" per criterion. */
export function VerdictView(): React.JSX.Element {
  const { verdict, verdictStatus, loadVerdict, review } = usePick(
    'verdict',
    'verdictStatus',
    'loadVerdict',
    'review'
  )
  const [filter, setFilter] = useState<'all' | 'attention'>('attention')
  useEffect(() => {
    void loadVerdict()
  }, [review, loadVerdict])
  const rows = useMemo(
    () =>
      (verdict?.criteria ?? []).filter(
        (c) => filter === 'all' || !['pass', 'counted', 'waived'].includes(c.status)
      ),
    [verdict, filter]
  )
  if (!verdict)
    return (
      <p className="loading">
        {verdictStatus === 'error' ? 'No verdict: see the message above.' : 'Computing the verdict…'}
      </p>
    )
  return (
    <div className="verdict" aria-label="Verdict">
      <Headline v={verdict} />
      <ExportPanel verdict={verdict} />
      {verdict.subjects.length > 0 && (
        <section className="panel" aria-label="Subjects">
          <div className="panel-head">
            <h3>Subjects</h3>
          </div>
          <table className="verdict-subjects">
            <tbody>
              {verdict.subjects.map((s) => (
                <tr key={s.id}>
                  <td>
                    <strong>{s.id}</strong>
                    {s.name && <div className="small dim">{s.name}</div>}
                  </td>
                  <td>
                    <span className={`badge vs-${s.outcome}`}>{outcomeName(s.outcome)}</span>
                    {s.points !== undefined && <span className="dim"> {s.points} pt</span>}
                  </td>
                  <td>
                    <WhyText why={s.why} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {(verdict.manualChecks?.length ?? 0) > 0 && (
        <section className="panel" aria-label="Manual checks">
          <div className="panel-head">
            <h3>Manual checks ({verdict.manualChecks!.length})</h3>
          </div>
          <p className="small dim">
            Accepted by an auditor and repeated after the scheme’s period (SCS-0004): the register lists each
            as due from the day given, as the signed PDF does.
          </p>
          <table className="verdict-subjects">
            <thead>
              <tr>
                <th>Criterion / subject</th>
                <th>Accepted</th>
                <th>Repeated</th>
                <th>Due again from</th>
              </tr>
            </thead>
            <tbody>
              {verdict.manualChecks!.map((m) => (
                <tr key={`${m.criterion}\u0000${m.subject}`}>
                  <td>
                    <span className="mono">{m.criterion}</span>
                    {m.subject && <span className="dim"> / {m.subject}</span>}
                  </td>
                  <td className="nowrap">{formatDate(m.decidedAt)}</td>
                  <td>{REPEATED[m.lifetime]}</td>
                  <td className="nowrap">{formatDate(m.freshUntil)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section className="panel" aria-label="Criteria">
        <div className="panel-head">
          <h3>
            Criteria ({rows.length} of {verdict.criteria.length})
          </h3>
          <CheckField
            className="small"
            label="also those that pass"
            checked={filter === 'all'}
            onChecked={(all) => setFilter(all ? 'all' : 'attention')}
          />
        </div>
        <div className="verdict-criteria">
          {rows.slice(0, 500).map((c) => (
            <details
              key={`${c.criterion}\u0000${c.subject}`}
              className="verdict-row"
              data-testid="verdict-row"
            >
              <summary>
                <span className={`badge vs-${c.status}`}>{STATUS_TEXT[c.status]}</span>
                <span className="mono">{c.criterion}</span>
                {c.subject && <span className="dim"> / {c.subject}</span>}
                {c.points !== undefined && <strong> {c.points} pt</strong>}
                <span className="small dim"> · {c.evidence}</span>
              </summary>
              <WhyText why={c.why} />
            </details>
          ))}
          {rows.length > 500 && (
            <p className="dim small">{rows.length - 500} more: narrow with the CLI (`verdict --json`).</p>
          )}
          {rows.length === 0 && <p className="dim">Every criterion passes or counts.</p>}
        </div>
      </section>
    </div>
  )
}
