/**
 * OpenStack Powered Compute: the OpenInfra interop guideline (schema 2.0) and refstack-client results.
 *
 * A guideline becomes one version of the scheme `openstack-powered-compute`: its criteria are the
 * required capabilities of the os_powered_compute component; a criterion's `main` target holds its
 * tests that are not flagged, and `flagged` holds the flagged ones (excluded from the required set).
 * Advisory capabilities are kept as criteria with an `advisory` target, outside the version.
 */
import { z } from 'zod'
import type { CriterionDef, ScopeDef, TestcaseDef } from './types'
import { InputError } from '../format/input-error'
import { zodToInputError } from '../format/zod-error'
import { checkId } from './submission'

export const OPC_SCHEME_ID = 'openstack-powered-compute'
export const OPC_SCHEME_NAME = 'OpenStack Powered Compute'
const COMPONENT = 'os_powered_compute'

const testSchema = z.object({ idempotent_id: z.string().optional(), flagged: z.unknown().optional() })
const guidelineSchema = z.object({
  metadata: z.object({
    id: z.string().regex(/^\d{4}\.\d{2}(\.\w+)?$/, 'expected a guideline id such as 2022.11'),
    schema: z.literal('2.0', { message: 'only schema 2.0 guidelines are supported' })
  }),
  components: z.record(
    z.string(),
    z.object({
      capabilities: z.object({
        required: z.array(z.string()).default([]),
        advisory: z.array(z.string()).default([]),
        deprecated: z.array(z.string()).default([]),
        removed: z.array(z.string()).default([])
      })
    })
  ),
  capabilities: z.record(
    z.string(),
    z.object({ description: z.string().default(''), tests: z.record(z.string(), testSchema) })
  )
})

export function looksLikeGuideline(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    'metadata' in value &&
    'capabilities' in value &&
    'components' in value
  )
}

export interface ParsedGuideline {
  readonly id: string
  readonly requiredTests: number
  readonly flaggedTests: number
  readonly scope: ScopeDef
}

/** A guideline named 2020.06 is taken to be in force from 2020-06-01. */
export const guidelineDate = (id: string): string => `${id.slice(0, 4)}-${id.slice(5, 7)}-01`

export function parseGuideline(file: string, value: unknown): ParsedGuideline {
  const parsed = guidelineSchema.safeParse(value)
  if (!parsed.success) throw zodToInputError(file, parsed.error)
  const g = parsed.data
  const component = g.components[COMPONENT]
  if (!component) throw new InputError(file, 'components', `the guideline has no ${COMPONENT} component`)
  const testcases = new Map<string, TestcaseDef>()
  const modules: CriterionDef[] = []
  let requiredTests = 0
  let flaggedTests = 0
  const addCapability = (name: string, where: string, required: boolean): void => {
    const cap = g.capabilities[name]
    if (!cap) throw new InputError(file, where, `capability "${name}" is not defined under capabilities`)
    const main: string[] = []
    const flagged: string[] = []
    for (const [test, def] of Object.entries(cap.tests)) {
      if (!testcases.has(test))
        testcases.set(test, {
          id: test,
          description: cap.description,
          url: '',
          lifetime: null,
          section: null,
          uuid: def.idempotent_id ?? null
        })
      ;(def.flagged ? flagged : main).push(test)
    }
    if (required) {
      requiredTests += main.length
      flaggedTests += flagged.length
    }
    modules.push({
      id: name,
      name: cap.description || name,
      url: '',
      targets: required ? { main, flagged } : { advisory: [...main, ...flagged] },
      parameters: {}
    })
  }
  component.capabilities.required.forEach((c, i) =>
    addCapability(c, `components.${COMPONENT}.capabilities.required[${i}]`, true)
  )
  component.capabilities.advisory.forEach((c, i) =>
    addCapability(c, `components.${COMPONENT}.capabilities.advisory[${i}]`, false)
  )
  const id = g.metadata.id
  return {
    id,
    requiredTests,
    flaggedTests,
    scope: {
      name: OPC_SCHEME_NAME,
      uuid: '',
      url: 'https://opendev.org/openinfra/interop',
      variables: [],
      testcases: [...testcases.values()],
      modules,
      versions: [
        {
          version: id,
          stabilizedAt: guidelineDate(id),
          criteria: component.capabilities.required,
          parameters: {}
        }
      ],
      timeline: [{ date: guidelineDate(id), versions: { [id]: 'effective' } }]
    }
  }
}

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

const refstackSchema = z.object({
  cpid: z.string().optional(), // the id rule (checkId)
  duration_seconds: z.number().nonnegative().optional(),
  results: z.array(z.object({ name: z.string().min(1).max(1000), uuid: z.string().max(100).optional() }))
})

export function looksLikeRefstack(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    'results' in value &&
    Array.isArray((value as { results: unknown }).results) &&
    !('spec' in value)
  )
}

export interface RefstackRun {
  readonly cpid: string | null
  readonly durationSeconds: number | null
  /** passed tests, names without tempest's `[id-…,smoke]` suffix */
  readonly passed: readonly { readonly name: string; readonly uuid: string | null }[]
  readonly duplicates: readonly string[]
}

export const stripTempestAttrs = (name: string): string => name.replace(/\[[^\]]*\]$/, '')

export function parseRefstack(file: string, value: unknown): RefstackRun {
  const parsed = refstackSchema.safeParse(value)
  if (!parsed.success) throw zodToInputError(file, parsed.error)
  if (parsed.data.cpid !== undefined) checkId(file, 'cpid', parsed.data.cpid, 'cpid')
  const seen = new Set<string>()
  const duplicates = new Set<string>()
  const passed: { name: string; uuid: string | null }[] = []
  for (const r of parsed.data.results) {
    const name = stripTempestAttrs(r.name)
    if (seen.has(name)) {
      duplicates.add(name)
      continue
    }
    seen.add(name)
    passed.push({ name, uuid: r.uuid ?? null })
  }
  return {
    cpid: parsed.data.cpid ?? null,
    durationSeconds: parsed.data.duration_seconds ?? null,
    passed,
    duplicates: [...duplicates]
  }
}
