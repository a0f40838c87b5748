/**
 * Rounds (renewal): what changed per criterion and subject between an earlier round of a case and the next,
 * and which accepted decisions may carry forward (claim and evidence unchanged). Pure.
 */
import type { ReviewRow } from './review'
import { checkInstant } from './evaluate'

export type RoundChangeKind =
  | 'criterion-added'
  | 'criterion-removed'
  | 'claim-changed'
  | 'claim-rewritten'
  | 'evidence-replaced'
  | 'testcase-changed'
  | 'evidence-expired'
  | 'evidence-rerun'
  | 'manual-check-repeat'

export interface RoundChange {
  readonly kind: RoundChangeKind
  readonly before: string
  readonly after: string
}

export interface RoundDiffRow {
  readonly criterion: string
  readonly subject: string
  readonly changes: readonly RoundChange[]
  /**
   * claim (claim, statement, evidence links) and check results are the same, and it is no manual check (those
   * are repeated): an accepted decision may carry
   */
  readonly unchanged: boolean
  readonly previousDecision: {
    readonly decision: string
    readonly auditor: string
    readonly comment: string
  } | null
}

export interface RoundDiff {
  readonly caseId: string
  readonly previousCaseId: string
  readonly round: number
  readonly rows: readonly RoundDiffRow[]
  readonly counts: { readonly changed: number; readonly unchanged: number }
}

const key = (r: { criterion: string; subject: string }): string => `${r.criterion}\u0000${r.subject}`
const links = (r: ReviewRow | undefined): string[] =>
  (r?.claim?.evidence ?? []).map((e) => `${e.title} <${e.ref}>${e.date ? ` (${e.date})` : ''}`).sort()
const latestCheck = (r: ReviewRow): string | null =>
  r.testcases.reduce<string | null>(
    (m, t) => (t.checkedAt && (!m || checkInstant(t.checkedAt) > checkInstant(m)) ? t.checkedAt : m),
    null
  )

/** Compares every criterion × subject of two rounds, each reviewed at its own decision date. */
export function diffRounds(
  caseId: string,
  previousCaseId: string,
  round: number,
  before: readonly ReviewRow[],
  after: readonly ReviewRow[]
): RoundDiff {
  const prev = new Map(before.map((r) => [key(r), r]))
  const next = new Map(after.map((r) => [key(r), r]))
  const rows: RoundDiffRow[] = []
  for (const k of new Set([...prev.keys(), ...next.keys()])) {
    const a = prev.get(k)
    const b = next.get(k)
    const changes: RoundChange[] = []
    let material = false
    const add = (kind: RoundChangeKind, before: string, after: string, counts = true): void => {
      changes.push({ kind, before, after })
      if (counts) material = true
    }
    if (!a) add('criterion-added', '', 'new in this round')
    else if (!b) add('criterion-removed', 'in the earlier round', '')
    else {
      if ((a.claim?.claim ?? null) !== (b.claim?.claim ?? null))
        add('claim-changed', a.claim?.claim ?? 'no claim', b.claim?.claim ?? 'no claim')
      else if ((a.claim?.statement ?? '') !== (b.claim?.statement ?? ''))
        add('claim-rewritten', a.claim?.statement ?? '', b.claim?.statement ?? '')
      const la = links(a)
      const lb = links(b)
      if (la.join('\n') !== lb.join('\n'))
        add(
          'evidence-replaced',
          la.filter((x) => !lb.includes(x)).join('; ') || '—',
          lb.filter((x) => !la.includes(x)).join('; ') || '—'
        )
      const tb = new Map(b.testcases.map((t) => [`${t.target}\u0000${t.testcase}`, t]))
      for (const t of a.testcases) {
        const u = tb.get(`${t.target}\u0000${t.testcase}`)
        const after = u?.result ?? 'not checked'
        if (after !== t.result)
          add('testcase-changed', `${t.testcase}: ${t.result}`, `${t.testcase}: ${after}`)
        if (u && t.freshness === 'fresh' && u.freshness === 'stale')
          add('evidence-expired', `${t.testcase}: fresh`, `${t.testcase}: expired ${u.expiresAt}`, false)
      }
      for (const u of b.testcases)
        if (!a.testcases.some((t) => t.target === u.target && t.testcase === u.testcase))
          add('testcase-changed', `${u.testcase}: not checked`, `${u.testcase}: ${u.result}`)
      const ca = latestCheck(a)
      const cb = latestCheck(b)
      if (ca && cb && ca !== cb)
        add('evidence-rerun', `checked ${ca.slice(0, 10)}`, `checked ${cb.slice(0, 10)}`, false)
      // SCS-0004: a manual check is repeated, not carried. Recorded again in this round, its acceptance
      // would date the check on the day of the carry, fresh for another period, though nobody repeated it
      if (b.manual && a.decision?.decision === 'accept')
        add(
          'manual-check-repeat',
          `manual check accepted ${a.decision.decidedAt.slice(0, 10)}`,
          'to be repeated in this round'
        )
    }
    const d = a?.decision
    rows.push({
      criterion: (b ?? a)!.criterion,
      subject: (b ?? a)!.subject,
      changes,
      unchanged: !!a && !!b && !material,
      previousDecision: d ? { decision: d.decision, auditor: d.auditor, comment: d.comment } : null
    })
  }
  rows.sort((x, y) => Number(x.unchanged) - Number(y.unchanged) || key(x).localeCompare(key(y)))
  const unchanged = rows.filter((r) => r.unchanged).length
  return { caseId, previousCaseId, round, rows, counts: { changed: rows.length - unchanged, unchanged } }
}

/**
 * The accepted decisions of the earlier round that carry forward: the row is unchanged, the earlier decision
 * was an accept, and the new round has no decision of its own for it yet.
 */
export function carryable(diff: RoundDiff, decided: ReadonlySet<string>): RoundDiffRow[] {
  return diff.rows.filter(
    (r) => r.unchanged && r.previousDecision?.decision === 'accept' && !decided.has(key(r))
  )
}
