/**
 * What a scheme import would change, version by version. Pure: the stored definition and the one that
 * would replace it (already merged) in, human-readable changes out. A *stable* version (stabilised on or
 * before today) is one that certificates rest on: a change to what it requires is refused unless forced.
 */
import type { ScopeDef } from './types'

export interface SchemeChange {
  /** the version the change concerns; null for changes that concern no single version (the timeline) */
  readonly version: string | null
  readonly text: string
  /** the version was stable before the import, and what it requires changes */
  readonly stable: boolean
}

/** What a version requires: per criterion its parameters, its targets and its testcases' lifetimes. */
function versionContent(scope: ScopeDef, version: string): Map<string, string> {
  const out = new Map<string, string>()
  const v = scope.versions.find((x) => x.version === version)
  if (!v) return out
  const lifetimes = new Map(scope.testcases.map((t) => [t.id, t.lifetime]))
  for (const c of v.criteria) {
    const m = scope.modules.find((x) => x.id === c)
    const targets = Object.entries(m?.targets ?? {})
      .map(([target, ids]) => [target, [...ids].sort().map((id) => `${id}:${lifetimes.get(id) ?? '-'}`)])
      .sort(([a], [b]) => String(a).localeCompare(String(b)))
    out.set(c, JSON.stringify({ parameters: v.parameters[c] ?? {}, targets }))
  }
  return out
}

/** testcase id → target it is in, within one criterion of one version */
function targetsOf(scope: ScopeDef, criterion: string): Map<string, string> {
  const out = new Map<string, string>()
  const m = scope.modules.find((x) => x.id === criterion)
  for (const [target, ids] of Object.entries(m?.targets ?? {})) for (const id of ids) out.set(id, target)
  return out
}

const isStable = (scope: ScopeDef, version: string, today: string): boolean => {
  const at = scope.versions.find((v) => v.version === version)?.stabilizedAt
  return !!at && at <= today
}

/** Every change from `before` (null: a new scheme) to `after`, stable-version changes first. */
export function diffSchemes(before: ScopeDef | null, after: ScopeDef, today: string): SchemeChange[] {
  const changes: SchemeChange[] = []
  if (!before) {
    for (const v of after.versions)
      changes.push({ version: v.version, text: `version ${v.version} added`, stable: false })
    return changes
  }
  const lifetimes = (s: ScopeDef): Map<string, string> =>
    new Map(s.testcases.map((t) => [t.id, t.lifetime ?? 'week']))
  const lifeBefore = lifetimes(before)
  const lifeAfter = lifetimes(after)
  for (const v of after.versions) {
    const had = before.versions.find((x) => x.version === v.version)
    if (!had) {
      changes.push({ version: v.version, text: `version ${v.version} added`, stable: false })
      continue
    }
    const stable = isStable(before, v.version, today)
    const add = (text: string): void => {
      changes.push({ version: v.version, text: `${v.version}: ${text}`, stable })
    }
    if ((had.stabilizedAt ?? '') !== (v.stabilizedAt ?? ''))
      add(`stabilized_at ${had.stabilizedAt ?? 'none'} → ${v.stabilizedAt ?? 'none'}`)
    const a = versionContent(before, v.version)
    const b = versionContent(after, v.version)
    for (const c of a.keys()) if (!b.has(c)) add(`module ${c} removed`)
    for (const c of b.keys()) if (!a.has(c)) add(`module ${c} added`)
    for (const [c, content] of b) {
      if (!a.has(c) || a.get(c) === content) continue
      const tb = targetsOf(before, c)
      const ta = targetsOf(after, c)
      let said = false
      for (const [tc, target] of ta) {
        const was = tb.get(tc)
        if (was === undefined) add(`${tc} added to ${target} of module ${c}`)
        else if (was !== target) add(`${tc} moves from ${was} to ${target} in module ${c}`)
        else if (lifeBefore.get(tc) !== lifeAfter.get(tc))
          add(`${tc} lifetime ${lifeBefore.get(tc)} → ${lifeAfter.get(tc)}`)
        else continue
        said = true
      }
      for (const [tc, target] of tb)
        if (!ta.has(tc)) {
          add(`${tc} removed from ${target} of module ${c}`)
          said = true
        }
      if (!said) add(`parameters of module ${c} change`)
    }
  }
  const timeline = (s: ScopeDef): Map<string, string> =>
    new Map(s.timeline.map((e) => [e.date, JSON.stringify(e.versions)]))
  const tBefore = timeline(before)
  const tAfter = timeline(after)
  // a timeline entry dated today or earlier decides the status of versions at past decision dates:
  // changing or removing one rewrites history; adding one in the past or future is how scopes evolve
  for (const [date, entry] of tAfter) {
    if (!tBefore.has(date))
      changes.push({ version: null, text: `timeline entry ${date} added: ${entry}`, stable: false })
    else if (tBefore.get(date) !== entry)
      changes.push({
        version: null,
        text: `timeline entry ${date} changes: ${tBefore.get(date)} → ${entry}`,
        stable: date <= today
      })
  }
  for (const date of tBefore.keys())
    if (!tAfter.has(date))
      changes.push({ version: null, text: `timeline entry ${date} removed`, stable: date <= today })
  return changes.sort((x, y) => Number(y.stable) - Number(x.stable))
}
