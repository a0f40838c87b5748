/**
 * The verdict: the scheme's rule file applied to the reconciled case and the auditor's decisions. Pure, so the
 * review screen, `verdict --json`, the benchmark and the signed PDF all get the same answer. Every status
 * carries its "why": the rule and the facts it used.
 */
import type { CaseReview, ReviewRow } from './review'
import type { CaseSummary, VersionStatus } from './types'
import type { Submission, SubmissionSubject } from './submission'
import type { Decision } from './decisions'
import { addMonths, type Condition, type PointsRules, type SchemeRules } from './rules'
import {
  VERDICT_FORMAT,
  type CriterionStatus,
  type Verdict,
  type VerdictCriterion,
  type VerdictDecision,
  type VerdictFile,
  type VerdictSubject,
  type Why
} from './verdict-types'

export interface VerdictInput {
  readonly rules: SchemeRules
  readonly rulesFile: { readonly file: string; readonly sha256: string }
  readonly schemeDefinitions: readonly { readonly id: string; readonly sha256: string }[]
  readonly caseInfo: CaseSummary
  readonly round: number
  readonly schemeName: string
  /** the case's version at the decision date (scope timeline); null for schemes without a timeline */
  readonly versionStatus: VersionStatus | null
  readonly review: CaseReview
  readonly submission: Submission | null
  readonly files: readonly VerdictFile[]
  readonly audit: { readonly head: string; readonly entries: number }
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
export function decisionFact(d: Decision, at: string): string {
  const base = `${d.decision} by ${d.auditor} on ${d.decidedAt.slice(0, 10)}${d.comment ? `: "${d.comment}"` : ''}`
  if (d.decision !== 'waive') return `decision: ${base}`
  return isActiveWaiver(d, at)
    ? `decision: ${base} (waiver owned by ${d.waiverOwner}, expires ${d.waiverExpires})`
    : `decision: ${base}; the waiver expired on ${d.waiverExpires} and no longer counts`
}
const short = (xs: readonly string[], more: number): string[] =>
  more > 0 ? [...xs, `… and ${more} more`] : [...xs]

interface RowEval {
  readonly status: CriterionStatus
  readonly evidence: string
  readonly stale?: boolean
  readonly why: Why
}

/** Scope and guideline criteria: the main testcases, then the decision. */
function evaluateChecks(
  row: ReviewRow,
  rules: Extract<SchemeRules, { model: 'scope' | 'guideline' }>,
  at: string
): RowEval {
  const main = row.testcases.filter((t) => t.target === 'main')
  const d = row.decision
  const facts: string[] = []
  if (main.length === 0) {
    if (rules.manual === 'excluded')
      return {
        status: 'pass',
        evidence: 'no required testcase',
        why: {
          rule: 'a criterion without required testcases has nothing to prove (manual: excluded)',
          facts: ['every test of it is flagged or none is required']
        }
      }
    const links = row.claim?.evidence.length ?? 0
    facts.push(
      row.claim
        ? `claim: ${row.claim.claim}, ${links} evidence link${links === 1 ? '' : 's'}`
        : 'no claim in the self-assessment'
    )
    if (d) facts.push(decisionFact(d, at))
    const status: CriterionStatus =
      d?.decision === 'accept'
        ? 'pass'
        : d?.decision === 'reject'
          ? 'rejected'
          : isActiveWaiver(d, at)
            ? 'waived'
            : 'pending'
    if (status === 'pending') facts.push('no accepted evidence decision yet')
    return {
      status,
      evidence: `manual: ${links} evidence link${links === 1 ? '' : 's'}`,
      why: {
        rule: 'a criterion without automated checks passes only with an accepted evidence decision',
        facts
      }
    }
  }
  let fail = 0
  let missing = 0
  let abort = 0
  let stale = 0
  let firstExpiry: string | null = null
  let latestCheck: string | null = null
  const bad: string[] = []
  for (const t of main) {
    if (t.result === 'FAIL') fail++
    else if (t.result === 'MISSING') missing++
    else if (t.result === 'ABORT') abort++
    const isStale = rules.freshness === 'required' && t.result !== 'MISSING' && t.freshness !== 'fresh'
    if (isStale) stale++
    if (t.expiresAt && (!firstExpiry || t.expiresAt < firstExpiry)) firstExpiry = t.expiresAt
    if (t.checkedAt && (!latestCheck || t.checkedAt > latestCheck)) latestCheck = t.checkedAt
    if (t.result !== 'PASS' || isStale)
      bad.push(
        t.result === 'MISSING'
          ? `${t.testcase}: MISSING (no result)`
          : `${t.testcase}: ${t.result}, checked ${t.checkedAt?.slice(0, 10)}${isStale ? `, expired ${t.expiresAt}` : ''}`
      )
  }
  const ok = main.length - fail - missing - abort
  const automated: CriterionStatus =
    fail > 0 ? 'fail' : missing > 0 ? 'tentative' : abort > 0 || stale > 0 ? 'fail' : 'pass'
  const fresh = rules.freshness === 'required'
  facts.push(
    `${ok} of ${main.length} main testcase${main.length === 1 ? '' : 's'} PASS${fresh ? `; ${stale} expired at ${at}` : ''}${latestCheck ? ` (latest check ${latestCheck.slice(0, 10)})` : ''}`
  )
  facts.push(...short(bad.slice(0, MAX_FACTS - 2), bad.length - (MAX_FACTS - 2)))
  let status: CriterionStatus = automated
  if (d) {
    facts.push(decisionFact(d, at))
    if (d.decision === 'reject') status = 'rejected'
    else if (automated !== 'pass' && isActiveWaiver(d, at)) status = 'waived'
    else if (automated !== 'pass' && d.decision === 'accept')
      facts.push('an acceptance does not override a failing or missing check; a waiver would')
  }
  return {
    status,
    stale: stale > 0,
    evidence: `${ok}/${main.length} main checks PASS${fail ? `, ${fail} FAIL` : ''}${missing ? `, ${missing} MISSING` : ''}${abort ? `, ${abort} ABORT` : ''}${fresh && stale ? `, ${stale} expired` : ''}${fresh && !stale && firstExpiry && automated === 'pass' ? `, fresh until ${firstExpiry}` : ''}`,
    why: {
      rule: fresh
        ? 'every main testcase PASSes and is fresh at the decision date → pass; some MISSING and none FAIL → tentative; otherwise fail'
        : 'every required test passes → pass; some MISSING and none FAIL → tentative; otherwise fail',
      facts
    }
  }
}

const RANK: Record<'pass' | 'tentative' | 'fail', number> = { pass: 0, tentative: 1, fail: 2 }
const outcomeOfStatus = (s: CriterionStatus): 'pass' | 'tentative' | 'fail' =>
  s === 'pass' || s === 'waived' || s === 'counted'
    ? 'pass'
    : s === 'tentative' || s === 'pending'
      ? 'tentative'
      : 'fail'

function baseCriterion(row: ReviewRow, e: RowEval): VerdictCriterion {
  return {
    criterion: row.criterion,
    name: row.name,
    subject: row.subject,
    status: e.status,
    claim: row.claim?.claim ?? null,
    statement: row.claim?.statement ?? '',
    evidence: e.evidence,
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
    let outcome: 'pass' | 'tentative' | 'fail' = rows.length ? 'pass' : 'tentative'
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
      why: {
        rule: 'a subject passes when every criterion of the version passes (or is waived); a missing check or a pending manual decision makes it tentative; anything else fails it',
        facts: [
          rows.length
            ? Object.entries(counts)
                .map(([k, n]) => `${n} ${k}`)
                .join(', ')
            : 'no criterion has evidence for it',
          ...short(
            notPass.slice(0, 4).map((r) => `${r.criterion}: ${r.status}`),
            notPass.length - 4
          )
        ]
      }
    }
  })
  let outcome: 'pass' | 'tentative' | 'fail' = subjects.length ? 'pass' : 'tentative'
  for (const s of subjects) {
    const o = s.outcome as 'pass' | 'tentative' | 'fail'
    if (RANK[o] > RANK[outcome]) outcome = o
  }
  const facts = subjects.length
    ? subjects.map((s) => `${s.id}: ${s.outcome}`)
    : ['no subject: neither the self-assessment nor a report names a cloud']
  if (input.versionStatus === 'deprecated') {
    outcome = 'fail'
    facts.unshift(`version ${input.caseInfo.schemeVersion} is deprecated at ${at}`)
  } else if (input.versionStatus)
    facts.unshift(`version ${input.caseInfo.schemeVersion} is ${input.versionStatus} at ${at}`)
  return {
    outcome,
    outcomeName: rules.outcomes[outcome],
    points: undefined,
    criteria,
    subjects,
    why: {
      rule: 'the case passes when every subject passes; it is tentative when the worst subject is tentative; a deprecated version fails',
      facts
    }
  }
}

/** Checks a condition against an environment; the facts say which field decided. */
function checkCondition(c: Condition, s: SubmissionSubject): { ok: boolean; facts: string[] } {
  const facts: string[] = []
  let ok = true
  const need = (field: string, want: unknown, have: unknown): void => {
    const good = have === want
    if (!good) ok = false
    facts.push(
      `${field} is ${have === null || have === undefined ? 'not given' : String(have)}${good ? '' : `, needs ${String(want)}`}`
    )
  }
  if (c.role !== undefined) need('role', c.role, s.role)
  if (c.thirdParty !== undefined) need('thirdParty', c.thirdParty, s.thirdParty)
  if (c.publicCloud !== undefined) need('publicCloud', c.publicCloud, s.publicCloud)
  if (c.kind !== undefined) need('kind', c.kind, s.kind)
  for (const field of ['regions', 'availabilityZones'] as const) {
    const b = c[field]
    if (!b) continue
    const v = s[field]
    const good = v !== null && (b.min === undefined || v >= b.min) && (b.max === undefined || v <= b.max)
    if (!good) ok = false
    facts.push(
      `${field} is ${v ?? 'not given'}${good ? '' : `, needs ${b.min !== undefined ? `≥ ${b.min}` : ''}${b.min !== undefined && b.max !== undefined ? ' and ' : ''}${b.max !== undefined ? `≤ ${b.max}` : ''}`}`
    )
  }
  if (c.anyOf) {
    const alts = c.anyOf.map((x) => checkCondition(x, s))
    const any = alts.some((a) => a.ok)
    if (!any) ok = false
    facts.push(`${any ? 'one of' : 'none of'}: ${alts.map((a) => a.facts.join(' and ')).join(' | ')}`)
  }
  return { ok, facts }
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
): { ok: boolean; fact: string } {
  if (since > at) return { ok: false, fact: `the role starts ${since}, after the decision date ${at}` }
  if (step.heldForMonths !== undefined) {
    const n = step.heldForMonths
    if (until !== null && until < at)
      return { ok: false, fact: `the role ended on ${until}, before the decision date ${at}` }
    const needed = addMonths(since, n)
    return needed <= at
      ? { ok: true, fact: `held for ${n} months: since ${since}, ${n} months reached on ${needed} ≤ ${at}` }
      : { ok: false, fact: `not held for ${n} months: since ${since}, ${n} months only on ${needed}` }
  }
  const n = step.startedWithinMonths!
  const earliest = addMonths(at, -n)
  return since >= earliest
    ? { ok: true, fact: `started within ${n} months: ${since} ≥ ${earliest}` }
    : { ok: false, fact: `started ${since}, more than ${n} months before ${at} (earliest ${earliest})` }
}

interface ReferenceEvidence {
  readonly ok: boolean
  readonly stale: boolean
  readonly summary: string
  readonly facts: readonly string[]
}

/** A reference passes when every main testcase of its compliance reports PASSes and is fresh. */
function referenceEvidence(rows: readonly ReviewRow[], scope: string): ReferenceEvidence {
  const main = rows.flatMap((r) => r.testcases.filter((t) => t.target === 'main'))
  if (main.length === 0)
    return {
      ok: false,
      stale: false,
      summary: 'no compliance report',
      facts: [`no compliance report of ${scope} was imported for it`]
    }
  const bad = main.filter((t) => t.result !== 'PASS' || t.freshness !== 'fresh')
  const stale = bad.some((t) => t.result === 'PASS' && t.freshness !== 'fresh')
  const latest = main.reduce<string | null>(
    (m, t) => (t.checkedAt && (!m || t.checkedAt > m) ? t.checkedAt : m),
    null
  )
  const ok = bad.length === 0
  return {
    ok,
    stale,
    summary: `${main.length - bad.length}/${main.length} main checks of ${scope} PASS and fresh`,
    facts: [
      `${scope}: ${main.length - bad.length} of ${main.length} main testcases PASS and are fresh${latest ? ` (latest check ${latest.slice(0, 10)})` : ''}`,
      ...short(
        bad
          .slice(0, 3)
          .map((t) =>
            t.result === 'MISSING'
              ? `${t.testcase}: MISSING`
              : `${t.testcase}: ${t.result}${t.freshness !== 'fresh' ? `, expired ${t.expiresAt}` : ''}`
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
    const facts: string[] = []
    let points = 0
    let status: CriterionStatus = 'not-counted'
    const claim = row.claim?.claim ?? null
    const ev = env ? evidence(env.id) : null
    const done = (): VerdictCriterion => ({
      ...baseCriterion(row, {
        status,
        evidence: ev?.summary ?? 'no environment',
        stale: ev?.stale ?? false,
        why: {
          rule: `${rule.id}: ${rule.points.map((p) => `${p.points} point${p.points === 1 ? '' : 's'} if ${p.heldForMonths ? `held for ${p.heldForMonths} months` : `started within ${p.startedWithinMonths} months`}`).join(', else ')}; the environment must pass ${rules.reference.scope} and not be rejected`,
          facts
        }
      }),
      points
    })
    if (!env) {
      facts.push(`"${row.subject}" is not an environment of the self-assessment`)
      return { row, c: done() }
    }
    if (claim !== 'met' && claim !== 'partially-met') {
      facts.push(claim ? `the applicant claims it ${claim}` : 'the applicant does not claim it')
      return { row, c: done() }
    }
    const cond = checkCondition(rule.applies, env)
    facts.push(...cond.facts)
    let step: { points: number; fact: string } | null = null
    const misses: string[] = []
    if (!env.since) misses.push('the start of the role (since) is not given')
    else
      for (const s of rule.points) {
        const h = stepHolds(s, env.since, env.until, at)
        if (h.ok) {
          step = { points: s.points, fact: h.fact }
          break
        }
        misses.push(h.fact)
      }
    if (step) facts.push(step.fact)
    else facts.push(...new Set(misses))
    facts.push(...ev!.facts)
    const joint = (env.joint?.partners.length ?? 0) > 0
    const shareAccepted = !!env.joint?.ownShare && (d?.decision === 'accept' || isActiveWaiver(d, at))
    if (joint)
      facts.push(
        `joint with ${env.joint!.partners.join(', ')}: own share ${env.joint!.ownShare ? (shareAccepted ? 'stated and accepted' : 'stated, not yet accepted by the auditor') : 'not stated'}`
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
      if (!ev!.ok) facts.push(`the evidence deficiency is waived until ${d!.waiverExpires}`)
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
              why: {
                ...r.why,
                facts: [
                  ...r.why.facts,
                  `the environment already scores ${best!.points} under ${best!.criterion}; points are per environment`
                ]
              }
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
      why: {
        rule: `an environment scores ${rules.perEnvironment === 'best' ? 'its best criterion' : 'every criterion it meets'}`,
        facts: [
          rows.length
            ? rows.map((r) => `${r.criterion}: ${r.status}${r.points ? ` (${r.points})` : ''}`).join('; ')
            : 'no scoring criterion is claimed for it',
          ...(ev ? [ev.facts[0]!] : [])
        ]
      }
    })
  }
  const tier = rules.tiers.find((t) => total >= t.minPoints) ?? null
  const requested = input.submission?.tier
  return {
    outcome: tier?.id ?? rules.otherwise.id,
    outcomeName: tier?.name ?? rules.otherwise.name,
    points: total,
    criteria,
    subjects,
    why: {
      rule: `tiers: ${rules.tiers.map((t) => `${t.id} at ≥ ${t.minPoints} points`).join(', ')}, otherwise ${rules.otherwise.id}`,
      facts: [
        `${total} point${total === 1 ? '' : 's'}: ${subjects.map((s) => `${s.id} ${s.points ?? 0}`).join(', ') || 'no environment'}`,
        ...(requested
          ? [
              `the applicant asked for ${requested}${tier && tier.id !== requested ? `; the score reaches ${tier.id}` : ''}`
            ]
          : [])
      ]
    },
    stale: (id: string) => evidence(id).stale
  }
}

/** What stands between the case and a signed certificate: one line per blocking criterion. */
function blockingOf(
  input: VerdictInput,
  v: { outcome: string; criteria: readonly VerdictCriterion[] },
  points: boolean,
  staleRef: (s: string) => boolean
): string[] {
  const out: string[] = []
  if (input.versionStatus === 'deprecated')
    out.push(`version ${input.caseInfo.schemeVersion} is deprecated at the decision date`)
  for (const c of v.criteria) {
    const label = `${c.criterion}${c.subject ? ` / ${c.subject}` : ''}`
    if (!points && outcomeOfStatus(c.status) !== 'pass')
      out.push(`${label}: ${c.status} (${c.why.facts.find((f) => !f.startsWith('decision:')) ?? c.evidence})`)
    if (
      points &&
      c.status !== 'rejected' &&
      c.claim &&
      (c.claim === 'met' || c.claim === 'partially-met') &&
      staleRef(c.subject) &&
      c.decision?.decision !== 'waive'
    )
      out.push(
        `${label}: the environment's compliance evidence is stale; ask for a fresh run, waive or reject it`
      )
  }
  if (input.rules.model === 'points' && v.outcome === input.rules.otherwise.id)
    out.push(`the score reaches no tier (lowest: ${input.rules.tiers.at(-1)!.minPoints} points)`)
  for (const f of input.review.findings)
    if (f.state === 'open' && f.severity === 'blocker')
      out.push(
        `${f.criterion || 'case'}${f.subject ? ` / ${f.subject}` : ''}: open blocker finding (${f.type})`
      )
  return out
}

export function computeVerdict(input: VerdictInput): Verdict {
  const { rules, review, caseInfo } = input
  const at = review.decisionDate
  const v = rules.model === 'points' ? pointsVerdict(input, rules) : scopeVerdict(input, rules)
  const decisionsByKey = new Map(review.decisions.map((d) => [`${d.criterion}\u0000${d.subject}`, d]))
  const granted = rules.model === 'points' ? v.outcome !== rules.otherwise.id : v.outcome === 'pass'
  const sub = input.submission
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
    validUntil: granted ? addMonths(at, rules.validity.months) : null,
    why: v.why,
    applicant: sub ? { name: sub.applicant.name, id: sub.applicant.id } : null,
    partners: sub?.partners ?? [],
    subjects: v.subjects,
    criteria: v.criteria,
    findings: review.findings.map((f) => {
      const d = decisionsByKey.get(`${f.criterion}\u0000${f.subject}`)
      return {
        id: f.id,
        type: f.type,
        severity: f.severity,
        criterion: f.criterion,
        subject: f.subject,
        state: f.state,
        message: f.message,
        resolution: f.state === 'open' || !d ? '' : decisionFact(d, at).replace(/^decision: /, '')
      }
    }),
    waivers: review.decisions
      .filter((d) => d.decision === 'waive')
      .map((d) => ({
        criterion: d.criterion,
        subject: d.subject,
        owner: d.waiverOwner ?? '',
        rationale: d.comment,
        expires: d.waiverExpires ?? '',
        auditor: d.auditor,
        active: isActiveWaiver(d, at)
      })),
    files: input.files,
    review: { status: caseInfo.status, submittedBy: caseInfo.submittedBy, acceptedBy: caseInfo.acceptedBy },
    audit: input.audit,
    rules: input.rulesFile,
    schemeDefinitions: input.schemeDefinitions,
    blocking: blockingOf(input, v, rules.model === 'points', 'stale' in v ? v.stale : () => false)
  }
}
