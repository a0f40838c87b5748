/**
 * SCS certificate-scope files (`Tests/scs-compatible-*.yaml`, scs-0003) → ScopeDef.
 * Pure: takes the already-loaded YAML value.
 */
import { isIsoDate } from '../dates'
import { z } from 'zod'
import {
  LIFETIMES,
  type CriterionDef,
  type Lifetime,
  type ScopeDef,
  type SchemeVersionDef,
  type TimelineEntry,
  type VersionStatus
} from './types'
import { InputError } from '../format/input-error'
import { zodToInputError } from '../format/zod-error'

export { criteriaByTestcase, mainTestcases, scopeRevisionDate, versionStatusAt } from './scope-status'

const id = z.string().min(1).max(200)
const dateLike = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
const isoDate = dateLike.refine(isIsoDate, 'expected a day of the calendar written YYYY-MM-DD')

const testcaseSchema = z.object({
  id,
  description: z.string().default(''),
  url: z.string().default(''),
  lifetime: z.enum(LIFETIMES).optional(),
  section: z.string().optional()
})

const scriptSchema = z.object({
  executable: z.string().optional(),
  args: z.string().optional(),
  testcases: z.array(testcaseSchema).default([])
})

const moduleSchema = z.object({
  id,
  name: z.string().default(''),
  url: z.string().default(''),
  parameters: z.record(z.string(), z.unknown()).optional(),
  targets: z.record(z.string(), z.array(id).nullable()).nullable().optional()
})

const includeSchema = z.union([
  id,
  z.object({ ref: id, parameters: z.record(z.string(), z.unknown()).optional() })
])

const versionSchema = z.object({
  version: z.union([z.string(), z.number()]).transform(String),
  stabilized_at: isoDate.optional().nullable(),
  include: z.array(includeSchema).default([])
})

const statusSchema = z.enum(['draft', 'effective', 'warn', 'deprecated'])
const timelineSchema = z.object({
  date: isoDate,
  versions: z.record(z.string(), statusSchema)
})

export const scopeFileSchema = z.object({
  name: z.string().min(1),
  uuid: z.string().regex(/^[0-9a-f-]{36}$/i, 'expected a uuid'),
  url: z.string().default(''),
  variables: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).default([]),
  scripts: z.array(scriptSchema).default([]),
  modules: z.array(moduleSchema).min(1),
  versions: z.array(versionSchema).min(1),
  timeline: z.array(timelineSchema).default([])
})

/** True when the value looks like a scope file (used for content-based detection). */
export function looksLikeScope(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    'modules' in value &&
    'versions' in value &&
    'uuid' in value &&
    !('spec' in value)
  )
}

export function parseScope(file: string, value: unknown): ScopeDef {
  const parsed = scopeFileSchema.safeParse(value)
  if (!parsed.success) throw zodToInputError(file, parsed.error)
  const doc = parsed.data
  const testcases = new Map<string, ScopeDef['testcases'][number]>()
  doc.scripts.forEach((script, si) =>
    script.testcases.forEach((tc, ti) => {
      if (testcases.has(tc.id)) {
        throw new InputError(
          file,
          `scripts[${si}].testcases[${ti}].id`,
          `testcase "${tc.id}" is defined twice`
        )
      }
      testcases.set(tc.id, {
        id: tc.id,
        description: tc.description.trim(),
        url: tc.url,
        lifetime: (tc.lifetime ?? null) as Lifetime | null,
        section: tc.section ?? null
      })
    })
  )
  const modules = new Map<string, CriterionDef>()
  doc.modules.forEach((m, mi) => {
    if (modules.has(m.id))
      throw new InputError(file, `modules[${mi}].id`, `module "${m.id}" is defined twice`)
    const targets: Record<string, string[]> = {}
    for (const [target, ids] of Object.entries(m.targets ?? {})) {
      for (const tcId of ids ?? []) {
        if (!testcases.has(tcId)) {
          throw new InputError(
            file,
            `modules[${mi}].targets.${target}`,
            `testcase "${tcId}" is not defined in scripts`
          )
        }
      }
      targets[target] = [...(ids ?? [])]
    }
    modules.set(m.id, { id: m.id, name: m.name.trim(), url: m.url, targets, parameters: m.parameters ?? {} })
  })
  const versions: SchemeVersionDef[] = doc.versions.map((v, vi) => {
    const criteria: string[] = []
    const parameters: Record<string, Record<string, unknown>> = {}
    v.include.forEach((inc, ii) => {
      const ref = typeof inc === 'string' ? inc : inc.ref
      if (!modules.has(ref))
        throw new InputError(file, `versions[${vi}].include[${ii}]`, `module "${ref}" is not defined`)
      criteria.push(ref)
      if (typeof inc !== 'string' && inc.parameters) parameters[ref] = inc.parameters
    })
    return { version: v.version, stabilizedAt: v.stabilized_at ?? null, criteria, parameters }
  })
  const seenVersions = new Set<string>()
  versions.forEach((v, vi) => {
    if (seenVersions.has(v.version))
      throw new InputError(file, `versions[${vi}].version`, `version "${v.version}" is defined twice`)
    seenVersions.add(v.version)
  })
  const timeline: TimelineEntry[] = doc.timeline
    .map((t) => ({ date: t.date, versions: t.versions as Record<string, VersionStatus> }))
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
  return {
    name: doc.name,
    uuid: doc.uuid.toLowerCase(),
    url: doc.url,
    variables: doc.variables
      .map((v) => (typeof v === 'string' ? v : (Object.keys(v)[0] ?? '')))
      .filter(Boolean),
    testcases: [...testcases.values()],
    modules: [...modules.values()],
    versions,
    timeline
  }
}
