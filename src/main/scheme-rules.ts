/**
 * The scheme rule files (`resources/schemes/*.rules.yaml`): how each scheme scores, as data. Read when a
 * review or verdict first needs them, by the rule reader; a file it does not accept goes to `parseRules`
 * (the schema library's errors name the place and the reason).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { sha256Hex } from './node-crypto'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { readYamlDocuments, type YamlLibrary } from '../shared/format/yaml-limits'
import type { SchemeRules } from '../shared/domain/rules'
import { manualLifetimeOf, SCS_EVIDENCE_RULES, type EvidenceRules } from '../shared/domain/evaluate'
import type { Lifetime } from '../shared/domain/types'
import { readRules } from '../shared/domain/rules-reader'
import { DomainError } from './errors'

export interface LoadedRules {
  readonly rules: SchemeRules
  readonly file: string
  readonly sha256: string
}
export type RuleRegistry = ReadonlyMap<string, LoadedRules>

/**
 * js-yaml, loaded when a rule file is first read: the rules are read synchronously, and a command that reads
 * none (case list) does not load the library at all. Its ES module build (the one `import 'js-yaml'` gets,
 * so there is one copy), required synchronously; its CommonJS build is some twenty files and slower to load.
 */
function yamlLibrary(): YamlLibrary {
  const nodeRequire = createRequire(import.meta.url)
  const esm = join(dirname(nodeRequire.resolve('js-yaml')), 'dist/js-yaml.mjs')
  return (nodeRequire(esm) as { default: YamlLibrary }).default
}

/** `parseRules` of rules.ts: loaded with the built-in schemes (it needs the schema library) */
export type RulesParser = (file: string, value: unknown) => SchemeRules

export function loadSchemeRules(resourcesDir: string, parseRules: RulesParser | null): RuleRegistry {
  const dir = join(resourcesDir, 'schemes')
  const out = new Map<string, LoadedRules>()
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.rules.yaml'))
    .sort()) {
    const bytes = readFileSync(join(dir, f))
    const value = readYamlDocuments(yamlLibrary(), f, bytes.toString('utf8'))[0]
    const r = readRules(value) ?? parser(parseRules, f)(f, value)
    if (out.has(r.scheme)) throw new Error(`resources/schemes/${f}: a second rule file for ${r.scheme}`)
    out.set(r.scheme, {
      rules: r,
      file: f,
      sha256: sha256Hex(bytes)
    })
  }
  return out
}

export function rulesFor(registry: RuleRegistry, schemeId: string): LoadedRules {
  const r = registry.get(schemeId)
  if (!r)
    throw new DomainError(
      'USAGE',
      `Scheme ${schemeId} has no rule file, so no verdict can be computed; add resources/schemes/${schemeId}.rules.yaml (format: README, "Scheme rule files"). Schemes with rules: ${[...registry.keys()].join(', ')}.`
    )
  return r
}

/**
 * How the evidence of `schemeId` counts (its rule file's `freshness` and `manual`), so that every screen and
 * the verdict count it alike. A scheme without a rule file, or one that scores points (its evidence is
 * reconciled against its reference scope, whose own rules decide), is taken as SCS takes it: results expire,
 * and a criterion without required testcases needs an accepted decision.
 */
export function evidenceRulesOf(registry: RuleRegistry, schemeId: string): EvidenceRules {
  const r = registry.get(schemeId)?.rules
  return r && r.model !== 'points' ? { freshness: r.freshness, manual: r.manual } : SCS_EVIDENCE_RULES
}

/**
 * How long an accepted manual check of a `schemeId` case holds (the review's freshUntil, the verdict's
 * manualChecks): its rule file's `manualLifetime`; for a points scheme, whose manual checks are its reference
 * scope's, that scope's, so that the same check is repeated as often in an integrator case as in a scope case.
 */
export function manualLifetimeFor(registry: RuleRegistry, schemeId: string): Lifetime {
  const r = registry.get(schemeId)?.rules
  return manualLifetimeOf(r?.model === 'points' ? registry.get(r.reference.scope)?.rules : r)
}

/**
 * A rule file the reader refused is invalid. A workspace seeds (and so loads the parser) whenever a rule file
 * changed, so a start without the parser has only files the parser accepted before.
 */
function parser(parseRules: RulesParser | null, file: string): RulesParser {
  if (parseRules) return parseRules
  throw new Error(`resources/schemes/${file}: the rule reader refused a file seeding had accepted`)
}
