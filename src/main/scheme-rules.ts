/** The scheme rule files (`resources/schemes/*.rules.yaml`): how each scheme scores, as data. Read at start. */
import { readFileSync, readdirSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { loadYamlDocuments } from '../shared/format/safe-yaml'
import { parseRules, type SchemeRules } from '../shared/domain/rules'
import { DomainError } from './errors'

export interface LoadedRules {
  readonly rules: SchemeRules
  readonly file: string
  readonly sha256: string
}
export type RuleRegistry = ReadonlyMap<string, LoadedRules>

export function loadSchemeRules(resourcesDir: string): RuleRegistry {
  const dir = join(resourcesDir, 'schemes')
  const out = new Map<string, LoadedRules>()
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.rules.yaml'))
    .sort()) {
    const bytes = readFileSync(join(dir, f))
    const r = parseRules(f, loadYamlDocuments(f, bytes.toString('utf8'))[0])
    if (out.has(r.scheme)) throw new Error(`resources/schemes/${f}: a second rule file for ${r.scheme}`)
    out.set(r.scheme, { rules: r, file: f, sha256: createHash('sha256').update(bytes).digest('hex') })
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
