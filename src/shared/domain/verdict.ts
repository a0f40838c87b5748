/**
 * The verdict: the scheme's rule file applied to the reconciled case and the auditor's decisions. Pure, so the
 * review screen, `verdict --json`, the benchmark and the signed PDF all get the same answer. Every status
 * carries its "why": the rule and the facts it used.
 */
import type { CaseReview, ReviewRow } from './review'
import type { CaseSummary, Lifetime, VersionStatus } from './types'
import type { Submission } from './submission'
import type { Decision } from './decisions'
import type { PointsRules, SchemeRules } from './rules'
import { checkCondition } from './conditions'
import { addMonths, dayBefore } from './calendar'
import { compareIds } from '../text/compare-ids'
import {
  VERDICT_FORMAT,
  type CriterionStatus,
  type VerdictAudit,
  type Verdict,
  type VerdictCriterion,
  type VerdictDecision,
  type VerdictFile,
  type VerdictSubject,
  type VerdictWaiver,
  type Why
} from './verdict-types'
import { checkInstant, manualLifetimeOf, worstResult } from './evaluate'
import type { CheckResult } from './types'
import { msg, say, type Msg } from '../text/messages'

export interface VerdictInput {
  readonly rules: SchemeRules
  readonly rulesFile: { readonly file: string; readonly sha256: string }
  /**
   * how long an accepted manual check holds, as the review held it (scheme-rules.ts, manualLifetimeFor: an
   * integrator's are its reference scope's); absent, the case's own rules say
   */
  readonly manualLifetime?: Lifetime
  readonly schemeDefinitions: readonly { readonly id: string; readonly sha256: string }[]
  readonly caseInfo: CaseSummary
  readonly round: number
  readonly schemeName: string
  /** the case's version at the decision date (scope timeline); null for schemes without a timeline */
  readonly versionStatus: VersionStatus | null
  readonly review: CaseReview
  readonly submission: Submission | null
  readonly files: readonly VerdictFile[]
  readonly audit: VerdictAudit
}

const MAX_FACTS = 6
const isActiveWaiver = (d: Decision | null, at: string): boolean =>
  d?.decision === 'waive' && !!d.waiverExpires && d.waiverExpires > at
const decisionOf = (d: Decision | null): VerdictDecision | null =>
  d && {
    decision: d.decision,
    auditor: d.auditor,
    comment: d.comment,
    decidedAt: d.decidedAt,
    waiverOwner: d.waiverOwner,
    waiverExpires: d.waiverExpires
  }
/** The rule and its facts as codes (for the PDF and the app, in either language) and in English (CLI, JSON). */
export const whyOf = (rule: Msg, facts: readonly Msg[]): Why => ({
  rule: say(rule),
  facts: facts.map((f) => say(f)),
  msg: { rule, facts }
})
export function decisionFact(d: Decision, at: string): Msg {
  const base = { auditor: d.auditor, date: d.decidedAt.slice(0, 10), comment: d.comment }
  if (d.decision !== 'waive') return msg('fact.decision', { ...base, decision: d.decision })
  return isActiveWaiver(d, at)
    ? msg('fact.decision-waiver', { ...base, owner: d.waiverOwner, expires: d.waiverExpires })
    : msg('fact.decision-waiver-expired', { ...base, expires: d.waiverExpires })
}
const short = (xs: readonly Msg[], more: number): Msg[] =>
  more > 0 ? [...xs, msg('fact.more', { n: more })] : [...xs]
const isDecisionFact = (m: Msg): boolean => m.code.startsWith('fact.decision')

interface RowEval {
  readonly status: CriterionStatus
  readonly evidence: Msg
  readonly stale?: boolean
  readonly why: Why
}

/** A criterion's status from the outcome of its main testcases: the monitor's order, one to one. */
export const STATUS_OF_OUTCOME: Readonly<Record<CheckResult, CriterionStatus>> = {
  FAIL: 'fail',
  MISSING: 'tentative',
  ABORT: 'inconclusive',
  PASS: 'pass'
}

/**
 * Scope and guideline criteria: the main testcases, then the decision. The automated status follows the
 * one evaluation (evaluate.ts): the worst of the testcases' outcomes at the decision date, where an expired
 * result is MISSING (FAIL → fail, MISSING → tentative, ABORT → inconclusive, PASS → pass).
 */
function evaluateChecks(
  row: ReviewRow,
  rules: Extract<SchemeRules, { model: 'scope' | 'guideline' }>,
  at: string
): RowEval {
  const main = row.testcases.filter((t) => t.target === 'main')
  const d = row.decision
  const facts: Msg[] = []
  if (main.length === 0) {
    if (rules.manual === 'excluded')
      return {
        status: 'pass',
        evidence: msg('fact.no-required-test'),
        why: whyOf(msg('rule.manual-excluded'), [msg('fact.no-required-test')])
      }
    const links = row.claim?.evidence.length ?? 0
    facts.push(row.claim ? msg('fact.claim-links', { claim: row.claim.claim, links }) : msg('fact.no-claim'))
    if (d) facts.push(decisionFact(d, at))
    // an accepted manual check is repeated every quarter (SCS-0004): past its freshness it is pending again
    const manualStale = d?.decision === 'accept' && !!d.freshUntil && d.freshUntil <= at
    if (manualStale)
      facts.push(
        msg('fact.manual-check-expired', { decided: d.decidedAt.slice(0, 10), expired: d.freshUntil })
      )
    const status: CriterionStatus =
      d?.decision === 'accept' && !manualStale
        ? 'pass'
        : d?.decision === 'reject'
          ? 'rejected'
          : isActiveWaiver(d, at)
            ? 'waived'
            : 'pending'
    if (status === 'pending') facts.push(msg('fact.no-accepted-decision'))
    return {
      status,
      evidence: msg('evidence.manual', { links }),
      why: whyOf(msg('rule.manual-accepted'), facts)
    }
  }
  // the rule's wording; what a testcase counts as is its state at the decision date, as every screen counts
  // it (evaluate.ts): in a scheme without a freshness rule (a guideline) no result has expired there
  const fresh = rules.freshness === 'required'
  const n: Record<CheckResult, number> = { PASS: 0, FAIL: 0, ABORT: 0, MISSING: 0 }
  let stale = 0
  let firstExpiry: string | null = null
  let latestCheck: string | null = null
  const bad: Msg[] = []
  for (const t of main) {
    const c = t.effective
    n[c] += 1
    const isStale = t.freshness === 'stale'
    if (isStale) stale++
    if (t.expiresAt && (!firstExpiry || t.expiresAt < firstExpiry)) firstExpiry = t.expiresAt
    if (t.checkedAt && (!latestCheck || checkInstant(t.checkedAt) > checkInstant(latestCheck)))
      latestCheck = t.checkedAt
    if (c !== 'PASS')
      bad.push(
        t.freshness === 'none'
          ? msg('fact.testcase-missing', { testcase: t.testcase })
          : msg('fact.testcase-result', {
              testcase: t.testcase,
              result: t.result,
              checked: t.checkedAt?.slice(0, 10) ?? null,
              expired: isStale ? t.expiresAt : null
            })
      )
  }
  const outcome = worstResult((Object.keys(n) as CheckResult[]).filter((k) => n[k] > 0))
  const automated = STATUS_OF_OUTCOME[outcome]
  facts.push(
    msg('fact.main-summary', {
      pass: n.PASS,
      total: main.length,
      freshness: fresh,
      expired: stale,
      at,
      latest: latestCheck?.slice(0, 10) ?? null
    })
  )
  facts.push(...short(bad.slice(0, MAX_FACTS - 2), bad.length - (MAX_FACTS - 2)))
  let status: CriterionStatus = automated
  if (d) {
    facts.push(decisionFact(d, at))
    if (d.decision === 'reject') status = 'rejected'
    else if (automated !== 'pass' && isActiveWaiver(d, at)) status = 'waived'
    else if (automated !== 'pass' && d.decision === 'accept') facts.push(msg('fact.accept-not-override'))
  }
  return {
    status,
    stale: stale > 0,
    evidence: msg('evidence.checks', {
      pass: n.PASS,
      total: main.length,
      fail: n.FAIL,
      missing: n.MISSING,
      abort: n.ABORT,
      expired: stale,
      freshUntil: fresh && !stale && firstExpiry && automated === 'pass' ? firstExpiry : null
    }),
    why: whyOf(msg(fresh ? 'rule.checks-fresh' : 'rule.checks'), facts)
  }
}

/** Scope outcomes, best first: a check that did not finish (inconclusive) is better than a missing one. */
type ScopeOutcome = 'pass' | 'inconclusive' | 'tentative' | 'fail'
const RANK: Record<ScopeOutcome, number> = { pass: 0, inconclusive: 1, tentative: 2, fail: 3 }
/** Only pass (or waived, or counted) certifies; ABORT and MISSING never do (DOMAIN.md). */
export const outcomeOfStatus = (s: CriterionStatus): ScopeOutcome =>
  s === 'pass' || s === 'waived' || s === 'counted'
    ? 'pass'
    : s === 'tentative' || s === 'pending'
      ? 'tentative'
      : s === 'inconclusive'
        ? 'inconclusive'
        : 'fail'

function baseCriterion(row: ReviewRow, e: RowEval): VerdictCriterion {
  return {
    criterion: row.criterion,
    name: row.name,
    subject: row.subject,
    status: e.status,
    claim: row.claim?.claim ?? null,
    statement: row.claim?.statement ?? '',
    evidence: say(e.evidence),
    evidenceMsg: e.evidence,
    stale: e.stale ?? false,
    decision: decisionOf(row.decision),
    why: e.why
  }
}

function scopeVerdict(input: VerdictInput, rules: Extract<SchemeRules, { model: 'scope' | 'guideline' }>) {
  const at = input.review.decisionDate
  const criteria = input.review.rows.map((row) => baseCriterion(row, evaluateChecks(row, rules, at)))
  const bySubject = new Map<string, VerdictCriterion[]>()
  for (const c of criteria) {
    const list = bySubject.get(c.subject)
    if (list) list.push(c)
    else bySubject.set(c.subject, [c])
  }
  const subjects: VerdictSubject[] = input.review.subjects.map((id) => {
    const rows = bySubject.get(id) ?? []
    let outcome: ScopeOutcome = rows.length ? 'pass' : 'tentative'
    const counts: Record<string, number> = {}
    for (const r of rows) {
      counts[r.status] = (counts[r.status] ?? 0) + 1
      const o = outcomeOfStatus(r.status)
      if (RANK[o] > RANK[outcome]) outcome = o
    }
    const notPass = rows.filter((r) => outcomeOfStatus(r.status) !== 'pass')
    return {
      id,
      name: input.submission?.subjects.find((s) => s.id === id)?.name ?? null,
      outcome,
      why: whyOf(msg('rule.subject'), [
        rows.length
          ? msg('fact.list', {
              items: Object.entries(counts).map(([k, n]) => msg('fact.count', { n, status: k }))
            })
          : msg('fact.no-criterion'),
        ...short(
          notPass
            .slice(0, 4)
            .map((r) => msg('fact.criterion-status', { criterion: r.criterion, status: r.status })),
          notPass.length - 4
        )
      ])
    }
  })
  let outcome: ScopeOutcome = subjects.length ? 'pass' : 'tentative'
  for (const s of subjects) {
    const o = s.outcome as ScopeOutcome
    if (RANK[o] > RANK[outcome]) outcome = o
  }
  const facts: Msg[] = subjects.length
    ? subjects.map((s) => msg('fact.subject-outcome', { subject: s.id, outcome: s.outcome }))
    : [msg('fact.no-subject')]
  // SCS-0003: a version is certified against once stabilized, until it is obsoleted
  if (input.versionStatus === 'deprecated' || input.versionStatus === 'draft') outcome = 'fail'
  if (input.versionStatus)
    facts.unshift(
      msg('fact.version-status', {
        version: input.caseInfo.schemeVersion,
        status: input.versionStatus,
        at
      })
    )
  return {
    outcome,
    outcomeName: rules.outcomes[outcome],
    points: undefined,
    criteria,
    subjects,
    why: whyOf(msg('rule.case'), facts)
  }
}

/**
 * The points of one step at the decision date. Calendar months: held for 6 months from 2025-08-31 means
 * since + 6 months (2026-02-28) ≤ the decision date.
 */
export function stepHolds(
  step: { heldForMonths?: number | undefined; startedWithinMonths?: number | undefined },
  since: string,
  until: string | null,
  at: string
): { ok: boolean; fact: string; msg: Msg } {
  const out = (ok: boolean, m: Msg) => ({ ok, fact: say(m), msg: m })
  if (since > at) return out(false, msg('fact.role-starts-after', { since, at }))
  if (step.heldForMonths !== undefined) {
    const n = step.heldForMonths
    if (until !== null && until < at) return out(false, msg('fact.role-ended', { until, at }))
    const reached = addMonths(since, n)
    return reached <= at
      ? out(true, msg('fact.held', { n, since, reached, at }))
      : out(false, msg('fact.not-held', { n, since, reached }))
  }
  const n = step.startedWithinMonths!
  const earliest = addMonths(at, -n)
  return since >= earliest
    ? out(true, msg('fact.started-within', { n, since, earliest }))
    : out(false, msg('fact.started-before', { since, n, at, earliest }))
}

interface ReferenceEvidence {
  readonly ok: boolean
  readonly stale: boolean
  readonly summary: Msg
  readonly facts: readonly Msg[]
}

/**
 * A reference passes when every main testcase of its compliance reports PASSes at the decision date: the
 * same testcase outcomes as the version badges and the review (an expired result is MISSING).
 */
function referenceEvidence(rows: readonly ReviewRow[], scope: string): ReferenceEvidence {
  const main = rows.flatMap((r) => r.testcases.filter((t) => t.target === 'main'))
  if (main.length === 0)
    return {
      ok: false,
      stale: false,
      summary: msg('evidence.no-report'),
      facts: [msg('fact.no-report', { scope })]
    }
  const bad = main.filter((t) => t.effective !== 'PASS')
  const stale = main.some((t) => t.freshness === 'stale')
  const latest = main.reduce<string | null>(
    (m, t) => (t.checkedAt && (!m || checkInstant(t.checkedAt) > checkInstant(m)) ? t.checkedAt : m),
    null
  )
  const pass = main.length - bad.length
  return {
    ok: bad.length === 0,
    stale,
    summary: msg('evidence.reference', { pass, total: main.length, scope }),
    facts: [
      msg('fact.reference', {
        scope,
        pass,
        total: main.length,
        latest: latest?.slice(0, 10) ?? null
      }),
      ...short(
        bad.slice(0, 3).map((t) =>
          msg('fact.reference-testcase', {
            testcase: t.testcase,
            result: t.result,
            expired: t.freshness === 'stale' ? t.expiresAt : null
          })
        ),
        bad.length - 3
      )
    ]
  }
}

function pointsVerdict(input: VerdictInput, rules: PointsRules) {
  const at = input.review.decisionDate
  const scoring = new Map(rules.criteria.map((c) => [c.id, c]))
  const envs = new Map((input.submission?.subjects ?? []).map((s) => [s.id, s]))
  const refRows = new Map<string, ReviewRow[]>()
  const scoringRows: ReviewRow[] = []
  for (const row of input.review.rows) {
    if (scoring.has(row.criterion)) scoringRows.push(row)
    else {
      const list = refRows.get(row.subject)
      if (list) list.push(row)
      else refRows.set(row.subject, [row])
    }
  }
  const evidenceOf = new Map<string, ReferenceEvidence>()
  const evidence = (subject: string): ReferenceEvidence => {
    let e = evidenceOf.get(subject)
    if (!e)
      evidenceOf.set(subject, (e = referenceEvidence(refRows.get(subject) ?? [], rules.reference.scope)))
    return e
  }

  const scored: { row: ReviewRow; c: VerdictCriterion }[] = scoringRows.map((row) => {
    const rule = scoring.get(row.criterion)!
    const env = envs.get(row.subject)
    const d = row.decision
    const facts: Msg[] = []
    let points = 0
    let status: CriterionStatus = 'not-counted'
    const claim = row.claim?.claim ?? null
    const ev = env ? evidence(env.id) : null
    const ruleMsg = msg('rule.points-criterion', {
      criterion: rule.id,
      steps: rule.points.map((p) =>
        msg('rule.points-step', {
          points: p.points,
          held: p.heldForMonths ?? null,
          within: p.startedWithinMonths ?? null
        })
      ),
      scope: rules.reference.scope
    })
    const done = (): VerdictCriterion => ({
      ...baseCriterion(row, {
        status,
        evidence: ev?.summary ?? msg('evidence.no-environment'),
        stale: ev?.stale ?? false,
        why: whyOf(ruleMsg, facts)
      }),
      points
    })
    if (!env) {
      facts.push(msg('fact.not-environment', { subject: row.subject }))
      return { row, c: done() }
    }
    if (claim !== 'met' && claim !== 'partially-met') {
      facts.push(claim ? msg('fact.claimed-as', { claim }) : msg('fact.not-claimed'))
      return { row, c: done() }
    }
    const cond = checkCondition(rule.applies, env)
    facts.push(...cond.facts)
    let step: { points: number; msg: Msg } | null = null
    const misses: Msg[] = []
    if (!env.since) misses.push(msg('fact.no-since'))
    else
      for (const s of rule.points) {
        const h = stepHolds(s, env.since, env.until, at)
        if (h.ok) {
          step = { points: s.points, msg: h.msg }
          break
        }
        if (!misses.some((m) => say(m) === h.fact)) misses.push(h.msg)
      }
    if (step) facts.push(step.msg)
    else facts.push(...misses)
    facts.push(...ev!.facts)
    const joint = (env.joint?.partners.length ?? 0) > 0
    const shareAccepted = !!env.joint?.ownShare && (d?.decision === 'accept' || isActiveWaiver(d, at))
    if (joint)
      facts.push(
        msg('fact.joint', {
          partners: env.joint!.partners,
          share: env.joint!.ownShare ? (shareAccepted ? 'accepted' : 'stated') : 'missing'
        })
      )
    if (d) facts.push(decisionFact(d, at))
    // an active waiver lets a reference count despite its evidence (stale or failing) until it expires
    const waived = isActiveWaiver(d, at)
    if (d?.decision === 'reject') status = 'rejected'
    else if (
      cond.ok &&
      step &&
      (ev!.ok || waived) &&
      (!joint || !rules.reference.jointNeedsAcceptedShare || shareAccepted)
    ) {
      status = ev!.ok ? 'counted' : 'waived'
      points = step.points
      if (!ev!.ok) facts.push(msg('fact.waived-until', { expires: d!.waiverExpires }))
    }
    return { row, c: done() }
  })

  // points are per referenced environment: with `best`, an environment's other criteria do not add up
  const bySubject = new Map<string, VerdictCriterion[]>()
  for (const s of scored) {
    const list = bySubject.get(s.c.subject)
    if (list) list.push(s.c)
    else bySubject.set(s.c.subject, [s.c])
  }
  const criteria: VerdictCriterion[] = []
  const subjects: VerdictSubject[] = []
  let total = 0
  const subjectIds = [...new Set([...envs.keys(), ...bySubject.keys()])]
  for (const id of subjectIds) {
    let rows = bySubject.get(id) ?? []
    if (rules.perEnvironment === 'best') {
      const best = rows.reduce<VerdictCriterion | null>(
        (b, r) => ((r.points ?? 0) > (b?.points ?? 0) ? r : b),
        null
      )
      rows = rows.map((r) =>
        r === best || (r.points ?? 0) === 0
          ? r
          : {
              ...r,
              status: 'not-counted' as const,
              points: 0,
              why: whyOf(r.why.msg!.rule, [
                ...r.why.msg!.facts,
                msg('fact.best-elsewhere', { points: best!.points ?? 0, criterion: best!.criterion })
              ])
            }
      )
    }
    criteria.push(...rows)
    const pts = rows.reduce((n, r) => n + (r.points ?? 0), 0)
    total += pts
    const ev = envs.has(id) ? evidence(id) : null
    subjects.push({
      id,
      name: envs.get(id)?.name ?? null,
      outcome: pts > 0 ? 'counted' : 'not-counted',
      points: pts,
      why: whyOf(msg('rule.environment', { best: rules.perEnvironment === 'best' }), [
        rows.length
          ? msg('fact.list', {
              items: rows.map((r) =>
                msg('fact.environment-row', {
                  criterion: r.criterion,
                  status: r.status,
                  points: r.points ?? 0
                })
              )
            })
          : msg('fact.no-scoring-claim'),
        ...(ev ? [ev.facts[0]!] : [])
      ])
    })
  }
  const tierAt = (pts: number) => rules.tiers.find((t) => pts >= t.minPoints) ?? null
  const tier = tierAt(total)
  const requested = input.submission?.tier
  // the waivers the tier rests on: without the points they let count, the tier would be lower
  const waivedPoints = criteria.filter((c) => c.status === 'waived' && (c.points ?? 0) > 0)
  const reliesOn =
    tierAt(total - waivedPoints.reduce((n, c) => n + (c.points ?? 0), 0))?.id !== tier?.id ? waivedPoints : []
  return {
    outcome: tier?.id ?? rules.otherwise.id,
    outcomeName: tier?.name ?? rules.otherwise.name,
    points: total,
    criteria,
    subjects,
    reliesOn,
    why: whyOf(
      msg('rule.tiers', {
        tiers: rules.tiers.map((t) => msg('rule.tier', { tier: t.id, min: t.minPoints })),
        otherwise: rules.otherwise.id
      }),
      [
        msg('fact.points-total', {
          total,
          parts: subjects.map((s) => msg('fact.subject-points', { subject: s.id, points: s.points ?? 0 }))
        }),
        ...(requested
          ? [
              msg('fact.asked-for', {
                requested,
                reached: tier && tier.id !== requested ? tier.id : null
              })
            ]
          : [])
      ]
    ),
    stale: (id: string) => evidence(id).stale
  }
}

/** "criterion / subject"; a case-level row (no criterion) is named by its subject */
const labelOf = (criterion: string, subject: string): string =>
  [criterion, subject].filter(Boolean).join(' / ')

/** What stands between the case and a signed certificate: one line per blocking criterion. */
function blockingOf(
  input: VerdictInput,
  v: { outcome: string; criteria: readonly VerdictCriterion[] },
  points: boolean,
  staleRef: (s: string) => boolean
): Msg[] {
  const out: Msg[] = []
  if (input.versionStatus === 'deprecated')
    out.push(msg('blocking.deprecated', { version: input.caseInfo.schemeVersion }))
  if (input.versionStatus === 'draft')
    out.push(msg('blocking.draft', { version: input.caseInfo.schemeVersion }))
  for (const c of v.criteria) {
    const label = labelOf(c.criterion, c.subject)
    if (!points && outcomeOfStatus(c.status) !== 'pass') {
      const reason = c.why.msg?.facts.find((f) => !isDecisionFact(f)) ?? c.evidenceMsg ?? msg('fact.no-claim')
      out.push(msg('blocking.criterion', { label, status: c.status, reason }))
    }
    if (
      points &&
      c.status !== 'rejected' &&
      c.claim &&
      (c.claim === 'met' || c.claim === 'partially-met') &&
      staleRef(c.subject) &&
      c.decision?.decision !== 'waive'
    )
      out.push(msg('blocking.stale-reference', { label }))
  }
  if (input.rules.model === 'points' && v.outcome === input.rules.otherwise.id)
    out.push(msg('blocking.no-tier', { min: input.rules.tiers.at(-1)!.minPoints }))
  for (const f of input.review.findings)
    if (f.state === 'open' && f.severity === 'blocker')
      out.push(
        msg('blocking.open-blocker', {
          label: f.criterion ? labelOf(f.criterion, f.subject) : f.subject,
          wholeCase: !f.criterion,
          type: f.type
        })
      )
  return out
}

/**
 * A points verdict's tiers, highest first, as its rule file lists them (its why names them); empty for
 * other models. Presentation that depends on a tier (the certificate's badge) reads its place here, not its id.
 */
export function tiersOf(v: Pick<Verdict, 'why'>): readonly string[] {
  const rule = v.why.msg?.rule
  if (rule?.code !== 'rule.tiers') return []
  const tiers = rule.params['tiers']
  if (!Array.isArray(tiers)) return []
  return (tiers as readonly unknown[]).flatMap((t) => {
    const id = (t as Partial<Msg> | null)?.params?.['tier']
    return typeof id === 'string' ? [id] : []
  })
}

/** The outcome gives a certificate (a tier reached, or pass): the verdict then has a validity. */
export const isGranted = (v: Pick<Verdict, 'validUntil'>): boolean => v.validUntil !== null

export function computeVerdict(input: VerdictInput): Verdict {
  const { rules, review, caseInfo } = input
  const at = review.decisionDate
  const v = rules.model === 'points' ? pointsVerdict(input, rules) : scopeVerdict(input, rules)
  const decisionsByKey = new Map(review.decisions.map((d) => [`${d.criterion}\u0000${d.subject}`, d]))
  const granted = rules.model === 'points' ? v.outcome !== rules.otherwise.id : v.outcome === 'pass'
  const sub = input.submission
  const waivers: VerdictWaiver[] = review.decisions
    .filter((d) => d.decision === 'waive')
    .map((d) => ({
      criterion: d.criterion,
      subject: d.subject,
      owner: d.waiverOwner ?? '',
      rationale: d.comment,
      expires: d.waiverExpires ?? '',
      auditor: d.auditor,
      active: isActiveWaiver(d, at)
    }))
  // the outcome rests on a waiver when a criterion counts only because of it (scope: a waived criterion;
  // points: waived points the tier needs), and so does the signature when it waives a blocker finding
  // (without it the blocker stands and nothing may be signed): the certificate is valid no longer than the
  // earliest such waiver
  const waivedBlockers = review.findings.filter((f) => f.state === 'waived' && f.severity === 'blocker')
  const relied = granted
    ? [
        ...new Set(
          [
            ...('reliesOn' in v ? v.reliesOn : v.criteria.filter((c) => c.status === 'waived')),
            ...waivedBlockers
          ]
            .map((c) =>
              waivers.find((w) => w.active && w.criterion === c.criterion && w.subject === c.subject)
            )
            .filter((w): w is VerdictWaiver => !!w)
        )
      ].sort((a, b) => compareIds(a.expires, b.expires))
    : []
  const fullTerm = granted ? addMonths(at, rules.validity.months) : null
  const cap = relied[0]
  // validUntil is the last day of validity (the register's reading); a waiver no longer counts on its expiry
  // date (isActiveWaiver), so a certificate that rests on it is valid through the day before
  const lastDay = cap ? dayBefore(cap.expires) : null
  const validUntil = fullTerm && lastDay && lastDay < fullTerm ? lastDay : fullTerm
  const why = cap
    ? whyOf(v.why.msg!.rule, [
        ...v.why.msg!.facts,
        msg('fact.waiver-caps-validity', {
          label: labelOf(cap.criterion, cap.subject),
          owner: cap.owner,
          expires: cap.expires,
          last: lastDay
        })
      ])
    : v.why
  const blocking = blockingOf(input, v, rules.model === 'points', 'stale' in v ? v.stale : () => false)
  return {
    format: VERDICT_FORMAT,
    caseId: caseInfo.id,
    title: caseInfo.title,
    round: input.round,
    scheme: caseInfo.schemeId,
    schemeName: input.schemeName,
    schemeVersion: caseInfo.schemeVersion,
    model: rules.model,
    decisionDate: at,
    outcome: v.outcome,
    outcomeName: v.outcomeName,
    ...(v.points !== undefined ? { points: v.points } : {}),
    validUntil,
    why,
    applicant: sub ? { name: sub.applicant.name, id: sub.applicant.id } : null,
    partners: sub?.partners ?? [],
    subjects: v.subjects,
    criteria: v.criteria,
    findings: review.findings.map((f) => {
      const d = decisionsByKey.get(`${f.criterion}\u0000${f.subject}`)
      const resolution = f.state === 'open' || !d ? null : decisionFact(d, at)
      return {
        id: f.id,
        type: f.type,
        severity: f.severity,
        criterion: f.criterion,
        subject: f.subject,
        state: f.state,
        message: f.message,
        msg: f.msg,
        resolution: resolution ? say(resolution).replace(/^decision: /, '') : '',
        ...(resolution ? { resolutionMsg: resolution } : {})
      }
    }),
    waivers,
    reliesOnWaivers: relied,
    // as the review holds them (manualFreshness): an accept of a criterion that is a manual check
    manualChecks: review.decisions.flatMap((d) =>
      d.decision === 'accept' && d.freshUntil
        ? [
            {
              criterion: d.criterion,
              subject: d.subject,
              decidedAt: d.decidedAt,
              lifetime: input.manualLifetime ?? manualLifetimeOf(rules),
              freshUntil: d.freshUntil
            }
          ]
        : []
    ),
    files: input.files,
    review: { status: caseInfo.status, submittedBy: caseInfo.submittedBy, acceptedBy: caseInfo.acceptedBy },
    audit: input.audit,
    rules: input.rulesFile,
    schemeDefinitions: input.schemeDefinitions,
    blocking: blocking.map((b) => say(b)),
    blockingMsgs: blocking
  }
}
