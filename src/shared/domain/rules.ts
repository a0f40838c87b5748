/**
 * Scheme rule files (`resources/schemes/<scheme>.rules.yaml`): how a scheme scores, as data. Three models:
 * - `scope`: an SCS certificate scope. A criterion (module) passes when every `main` testcase PASSes (and is
 *   fresh, when `freshness: required`); manual criteria pass only with an accepted evidence decision.
 * - `guideline`: the same evaluation over an interop guideline (flagged tests are already outside `main`).
 * - `points`: SCS-0007-style scoring of referenced environments, with tiers.
 * The README documents the format; an assessment body adds a scheme by adding a file.
 */
import { isIsoDate } from '../dates'
import { z } from 'zod'
import { zodToInputError } from '../format/zod-error'
import { LIFETIMES, type ScopeDef } from './types'

export { addMonths } from './calendar'

export const RULES_FORMAT_VERSION = 1
const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine(isIsoDate, 'expected a day of the calendar written YYYY-MM-DD')
const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'expected a lower-case id (a-z, 0-9, ".", "_", "-")')
const months = z.number().int().min(1).max(120)

/** A numeric bound on a subject figure, e.g. `regions: { min: 2 }`. */
const bound = z.object({ min: z.number().optional(), max: z.number().optional() }).strict()

/**
 * Conditions on a referenced environment (a `subjects[]` entry of the self-assessment). Each key must hold;
 * `anyOf` holds when one of its conditions does.
 */
export interface Condition {
  readonly role?: 'brought-into-production' | 'managed' | 'operated' | undefined
  readonly thirdParty?: boolean | undefined
  readonly publicCloud?: boolean | undefined
  readonly kind?: 'iaas' | 'kaas' | undefined
  readonly regions?: z.infer<typeof bound> | undefined
  readonly availabilityZones?: z.infer<typeof bound> | undefined
  readonly anyOf?: readonly Condition[] | undefined
}
const condition: z.ZodType<Condition> = z.lazy(() =>
  z
    .object({
      role: z.enum(['brought-into-production', 'managed', 'operated']).optional(),
      thirdParty: z.boolean().optional(),
      publicCloud: z.boolean().optional(),
      kind: z.enum(['iaas', 'kaas']).optional(),
      regions: bound.optional(),
      availabilityZones: bound.optional(),
      anyOf: z.array(condition).min(1).optional()
    })
    .strict()
)

/**
 * A step of points. `heldForMonths`: the role started at least N calendar months before the decision date
 * and has not ended before it. `startedWithinMonths`: the role started within the last N months (not in the
 * future). The first step that holds gives the points, so list the larger first.
 */
const step = z
  .object({
    points: z.number().int().min(0).max(100),
    heldForMonths: months.optional(),
    startedWithinMonths: months.optional()
  })
  .strict()
  .refine((s) => (s.heldForMonths === undefined) !== (s.startedWithinMonths === undefined), {
    message: 'a step needs exactly one of heldForMonths and startedWithinMonths'
  })

const criterion = z
  .object({
    id: z.string().min(1).max(200),
    name: z.string().min(1),
    applies: condition,
    points: z.array(step).min(1)
  })
  .strict()

const common = {
  formatVersion: z.literal(RULES_FORMAT_VERSION, {
    message: `only rule format version ${RULES_FORMAT_VERSION} is supported`
  }),
  scheme: id,
  name: z.string().min(1),
  url: z.string().default(''),
  /** how long a certificate is valid from the decision date */
  validity: z.object({ months }).strict()
}

const outcomeNames = z
  .object({
    pass: z.string(),
    tentative: z.string(),
    fail: z.string(),
    /** a main check did not finish (ABORT), none failed or is missing: no certificate, but not a fail */
    inconclusive: z.string().default('Inconclusive')
  })
  .strict()
  .default({ pass: 'Pass', tentative: 'Tentative', fail: 'Fail', inconclusive: 'Inconclusive' })

const evaluationRules = z.discriminatedUnion('model', [
  z
    .object({
      ...common,
      model: z.literal('scope'),
      /** `required`: a main testcase counts only while its result is fresh at the decision date (no grace) */
      freshness: z.enum(['required', 'not-required']).default('required'),
      /** criteria without `main` testcases: pass only with an accepted (or waived) evidence decision */
      manual: z.enum(['accepted-decision', 'excluded']).default('accepted-decision'),
      /** how long an accepted manual check stays fresh (add_period semantics); SCS-0004: every quarter */
      manualLifetime: z.enum(LIFETIMES).default('quarter'),
      outcomes: outcomeNames
    })
    .strict(),
  z
    .object({
      ...common,
      model: z.literal('guideline'),
      freshness: z.enum(['required', 'not-required']).default('not-required'),
      manual: z.enum(['accepted-decision', 'excluded']).default('excluded'),
      outcomes: outcomeNames
    })
    .strict(),
  z
    .object({
      ...common,
      model: z.literal('points'),
      versions: z.array(z.object({ version: z.string().min(1), stabilizedAt: isoDate }).strict()).min(1),
      /** what a referenced environment must prove: the scope its compliance reports must pass */
      reference: z
        .object({
          scope: id,
          /** a jointly run environment counts only once the auditor accepts the applicant's own share */
          jointNeedsAcceptedShare: z.boolean().default(true)
        })
        .strict(),
      /** `best`: an environment scores its best criterion once; `sum`: every criterion it meets */
      perEnvironment: z.enum(['best', 'sum']).default('best'),
      criteria: z.array(criterion).min(1),
      /** from the highest: the first tier whose minPoints the total reaches is granted */
      tiers: z
        .array(z.object({ id, name: z.string().min(1), minPoints: z.number().int().min(0) }).strict())
        .min(1),
      otherwise: z.object({ id, name: z.string().min(1) }).strict()
    })
    .strict()
])

export type SchemeRules = z.infer<typeof evaluationRules>
export type PointsRules = Extract<SchemeRules, { model: 'points' }>
export type PointsCriterion = PointsRules['criteria'][number]
export type PointsStep = PointsCriterion['points'][number]

/** Validates a rule file's value; errors name the file, the path and the reason. */
export function parseRules(file: string, value: unknown): SchemeRules {
  const parsed = evaluationRules.safeParse(value)
  if (!parsed.success) throw zodToInputError(file, parsed.error)
  const r = parsed.data
  if (r.model === 'points') {
    const sorted = [...r.tiers].sort((a, b) => b.minPoints - a.minPoints)
    if (sorted.some((t, i) => t !== r.tiers[i]))
      throw zodToInputError(
        file,
        new z.ZodError([
          {
            code: 'custom',
            path: ['tiers'],
            message: 'list tiers from the highest minPoints down',
            input: r.tiers
          }
        ])
      )
    const seen = new Set<string>()
    r.criteria.forEach((c, i) => {
      if (seen.has(c.id))
        throw zodToInputError(
          file,
          new z.ZodError([
            {
              code: 'custom',
              path: ['criteria', i, 'id'],
              message: `duplicate criterion "${c.id}"`,
              input: c.id
            }
          ])
        )
      seen.add(c.id)
    })
  }
  return r
}

/**
 * A points scheme as a scheme definition, so cases, decisions and the XLSX template treat it like any other:
 * its criteria are the scoring items (no testcases), its versions come from the rule file.
 */
export function pointsSchemeDef(r: PointsRules): ScopeDef {
  return {
    name: r.name,
    uuid: '',
    url: r.url,
    variables: [],
    testcases: [],
    modules: r.criteria.map((c) => ({ id: c.id, name: c.name, url: r.url, targets: {}, parameters: {} })),
    versions: r.versions.map((v) => ({
      version: v.version,
      stabilizedAt: v.stabilizedAt,
      criteria: r.criteria.map((c) => c.id),
      parameters: {}
    })),
    timeline: r.versions.map((v) => ({
      date: v.stabilizedAt,
      versions: { [v.version]: 'effective' as const }
    })),
    reference: r.reference.scope
  }
}
