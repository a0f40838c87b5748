/**
 * The OpenStack Powered Compute scheme as stored: its id and name, and how a guideline version is merged into
 * it. Free of the schema library; the guideline and RefStack parsers are in opc.ts.
 */
import type { CriterionDef, ScopeDef } from './types'

export const OPC_SCHEME_ID = 'openstack-powered-compute'
export const OPC_SCHEME_NAME = 'OpenStack Powered Compute'

/** A guideline named 2020.06 is taken to be in force from 2020-06-01. */
export const guidelineDate = (id: string): string => `${id.slice(0, 4)}-${id.slice(5, 7)}-01`

/**
 * Adds a guideline version to the stored OPC scheme. Capabilities that another guideline defines with
 * other tests are kept apart as `capability@version`, so every version keeps its own test list.
 */
export function mergeGuideline(stored: ScopeDef | null, incoming: ScopeDef): ScopeDef {
  if (!stored) return incoming
  const version = incoming.versions[0]!
  const byId = new Map(stored.modules.map((m) => [m.id, m]))
  const same = (a: CriterionDef, b: CriterionDef): boolean =>
    JSON.stringify(a.targets) === JSON.stringify(b.targets)
  const rename = new Map<string, string>()
  const modules = [...stored.modules]
  for (const m of incoming.modules) {
    const prev = byId.get(m.id)
    if (!prev) modules.push(m)
    else if (!same(prev, m)) {
      const id = `${m.id}@${version.version}`
      rename.set(m.id, id)
      const i = modules.findIndex((x) => x.id === id)
      if (i >= 0) modules[i] = { ...m, id }
      else modules.push({ ...m, id })
    }
  }
  const testcases = new Map(stored.testcases.map((t) => [t.id, t]))
  for (const t of incoming.testcases) if (!testcases.has(t.id)) testcases.set(t.id, t)
  const versions = stored.versions.filter((v) => v.version !== version.version)
  versions.push({ ...version, criteria: version.criteria.map((c) => rename.get(c) ?? c) })
  versions.sort((a, b) => (a.version < b.version ? 1 : -1))
  const timeline = stored.timeline.filter((t) => !(version.version in t.versions))
  timeline.push(...incoming.timeline)
  return { ...stored, modules, testcases: [...testcases.values()], versions, timeline }
}
