/**
 * What a scope says over time: the status of a version at a date, a scope's revision date, the testcases
 * of a version. Pure and free of the schema library, so that reading a case never loads the parser; the
 * scope-file parser is in scope.ts.
 */
import type { ScopeDef, TimelineEntry, VersionStatus } from './types'
import type { EvidenceRules } from './evaluate'

/** Status of a version at a date: the latest timeline entry dated on or before it; unnamed → deprecated. */
export function versionStatusAt(
  scope: Pick<ScopeDef, 'timeline'>,
  version: string,
  date: string
): VersionStatus {
  let best: TimelineEntry | undefined
  for (const entry of scope.timeline) {
    if (entry.date <= date && (!best || entry.date > best.date)) best = entry
  }
  return best?.versions[version] ?? 'deprecated'
}

/** The latest date the scope's timeline knows; used to decide which of two copies of a scope is newer. */
export function scopeRevisionDate(scope: Pick<ScopeDef, 'timeline' | 'versions'>): string {
  let latest = ''
  for (const e of scope.timeline) if (e.date > latest) latest = e.date
  for (const v of scope.versions) if (v.stabilizedAt && v.stabilizedAt > latest) latest = v.stabilizedAt
  return latest
}

/** The `main` testcases of one version: the union of its modules' main targets, in order. */
export function mainTestcases(scope: ScopeDef, version: string): string[] {
  const v = scope.versions.find((x) => x.version === version)
  if (!v) return []
  const out = new Set<string>()
  for (const mid of v.criteria) {
    const m = scope.modules.find((x) => x.id === mid)
    for (const tc of m?.targets['main'] ?? []) out.add(tc)
  }
  return [...out]
}

/** testcase id → criteria (module ids) of a version that list it in any target */
export function criteriaByTestcase(scope: ScopeDef, version: string | null): Map<string, string[]> {
  const versions = version ? scope.versions.filter((v) => v.version === version) : scope.versions
  const wanted = new Set(versions.flatMap((v) => v.criteria))
  const out = new Map<string, string[]>()
  for (const m of scope.modules) {
    if (!wanted.has(m.id)) continue
    for (const ids of Object.values(m.targets)) {
      for (const tc of ids) {
        const list = out.get(tc) ?? []
        if (!list.includes(m.id)) list.push(m.id)
        out.set(tc, list)
      }
    }
  }
  return out
}

/**
 * The version of a scope in force at a date: of the versions effective then, the one stabilized last (of all
 * versions where none is effective). An integrator's reference environment is held against it (SCS-0007:
 * the scope in its current version).
 */
export function currentVersion(scope: Pick<ScopeDef, 'timeline' | 'versions'>, date: string): string {
  const effective = scope.versions.filter((v) => versionStatusAt(scope, v.version, date) === 'effective')
  return (effective.length ? effective : scope.versions).reduce((a, b) =>
    (b.stabilizedAt ?? '') > (a.stabilizedAt ?? '') ? b : a
  ).version
}

/**
 * Whether criterion `id` of `scope` is a manual check (evidence, and an auditor's accepted decision repeated
 * every quarter): its module has no `main` testcases and the scheme's rules ask for a decision where none is
 * required (`manual: accepted-decision`; a guideline's capability whose tests are all flagged proves nothing).
 * A points scheme's (SCS-0007) own criteria are scoring criteria, never manual checks: their evidence is the
 * referenced environment's compliance reports and the applicant's figures, and that environment's manual
 * checks are asked for against the reference scope. The one place this is decided: the review rows
 * (reconcile), the questionnaire, the receipt and so the verdict's manualChecks all ask here.
 */
export function isManualCheck(scope: ScopeDef, id: string, rules: Pick<EvidenceRules, 'manual'>): boolean {
  if (scope.reference !== undefined) return false
  return (
    rules.manual === 'accepted-decision' && !scope.modules.find((m) => m.id === id)?.targets['main']?.length
  )
}

/** The criteria (module ids) of a version that are manual checks (isManualCheck). */
export function manualCriteria(
  scope: ScopeDef,
  version: string,
  rules: Pick<EvidenceRules, 'manual'>
): string[] {
  const v = scope.versions.find((x) => x.version === version)
  return (v?.criteria ?? []).filter((id) => isManualCheck(scope, id, rules))
}

/**
 * The manual checks an integrator (SCS-0007) is asked for per referenced environment: those of its reference
 * scope in the version in force at `date` (the questionnaire's rows, the receipt's missing answers), as the
 * review asks them (manual-evidence-missing).
 */
export const referenceManualChecks = (
  ref: ScopeDef,
  date: string,
  rules: Pick<EvidenceRules, 'manual'>
): string[] => manualCriteria(ref, currentVersion(ref, date), rules)
