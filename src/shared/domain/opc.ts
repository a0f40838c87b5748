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
import { guidelineDate, OPC_SCHEME_NAME } from './opc-scheme'

export { guidelineDate, mergeGuideline, OPC_SCHEME_ID, OPC_SCHEME_NAME } from './opc-scheme'

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
