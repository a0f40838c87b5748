/**
 * Seeds the built-in schemes that ship in resources/schemes into a workspace: SCS scope files (a stored copy
 * is only replaced by a strictly newer one), OpenStack interop guidelines (added when their version is not
 * stored yet) and points schemes (SCS-0007), which exist only as rule files. Parsing them loads the schema
 * library, so this module is loaded (loadBuiltinSchemes in workspace.ts) only when the shipped files changed
 * since the workspace last seeded them; the hash it then stores lets every later start skip it.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeTransaction, type Db } from './db/connection'
import type { SchemesRepo } from './db/schemes.repo'
import type { AuditRepo } from './db/audit.repo'
import { parseBuiltin } from './import/builtin'
import { sha256Hex } from './node-crypto'
import { OPC_SCHEME_ID } from '../shared/domain/opc-scheme'
import { scopeRevisionDate } from '../shared/domain/scope-status'
import { parseRules, pointsSchemeDef } from '../shared/domain/rules'
import type { RuleRegistry } from './scheme-rules'
import type { ShippedSchemes } from './shipped-schemes'
import { createBuiltinResourcesRepo } from './db/builtin-resources.repo'
import { isoNow, type Clock } from './clock'

/** the rule-file parser with the schema library's errors (the rule reader's fallback) */
export { parseRules }

export interface SeedDeps {
  readonly db: Db
  readonly schemes: SchemesRepo
  readonly audit: AuditRepo
  readonly clock: Clock
  readonly shipped: ShippedSchemes
  readonly rules: () => RuleRegistry
}

export function seedBuiltinSchemes({ db, schemes, audit, clock, shipped, rules }: SeedDeps): void {
  const resources = createBuiltinResourcesRepo(db)
  writeTransaction(db, () => {
    // another process may have seeded the same files while this one waited for the write lock
    if (resources.storedHash('schemes') === shipped.hash) return
    for (const f of shipped.schemeFiles) {
      const bytes = readFileSync(join(shipped.dir, f))
      const parsed = parseBuiltin(f, bytes)
      if (parsed.kind === 'scs-scope') {
        const stored = schemes.findByUuid(parsed.scope.uuid)
        if (stored && scopeRevisionDate(parsed.scope) <= scopeRevisionDate(stored.scope)) continue
        // the app's own resources are trusted: a newer shipped copy applies without the stable-version check
        const plan = schemes.planScope(f.replace(/\.ya?ml$/, ''), parsed.scope, {
          builtin: true,
          sha256: sha256Hex(bytes)
        })
        schemes.apply(plan)
        audit.append('system', 'scheme.builtin', null, { scheme: plan.id, outcome: plan.outcome, file: f })
      } else if (parsed.kind === 'interop-guideline') {
        const version = parsed.guideline.id
        const stored = schemes.find(OPC_SCHEME_ID)
        if (stored?.versions.includes(version)) continue
        const plan = schemes.planGuideline(parsed.guideline.scope, null)
        schemes.apply({ ...plan, builtin: true })
        resources.markBuiltin(plan.id)
        audit.append('system', 'scheme.builtin', null, {
          scheme: plan.id,
          outcome: plan.outcome,
          file: f,
          guideline: version
        })
      } else throw new Error(`resources/schemes/${f} is not a scope file or an interop guideline`)
    }
    // points schemes (SCS-0007) exist only as rule files; their criteria are the scoring items
    for (const [id, r] of rules()) {
      if (r.rules.model !== 'points') continue
      const outcome = schemes.upsertScoring(id, pointsSchemeDef(r.rules), r.sha256)
      if (outcome !== 'unchanged')
        audit.append('system', 'scheme.builtin', null, { scheme: id, outcome, file: r.file })
    }
    resources.recordSeeding('schemes', shipped.hash, isoNow(clock))
  })
}
