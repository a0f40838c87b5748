/**
 * `scheme import FILE`: the only way a scope file or an interop guideline changes the workspace's schemes.
 * A case import never does (service.ts refuses such files). The import shows what would change, version
 * by version; a change to what a stable version requires is refused unless forced with a reason, and the
 * reason goes into the audit log with the hashes of the definition before and after.
 */
import { writeTransaction, type Db } from '../db/connection'
import { definitionSha256, type SchemePlan, type SchemesRepo } from '../db/schemes.repo'
import type { AuditRepo } from '../db/audit.repo'
import type { FileParser } from './parser'
import type { Clock } from '../clock'
import type { SchemeImportResult } from '../../shared/domain/types'
import { diffSchemes } from '../../shared/domain/scheme-diff'
import { InputError } from '../../shared/format/input-error'
import { DomainError } from '../errors'
import { checkSize } from './limits'
import { schemeIdFromFileName, type IncomingFile } from './service'
import { sha256Hex } from '../node-crypto'

interface Deps {
  readonly db: Db
  readonly schemes: SchemesRepo
  readonly audit: AuditRepo
  readonly parse: FileParser
  readonly clock: Clock
  readonly actor: string
}

export interface SchemeImportOptions {
  /** apply even though a stable version changes; needs a reason */
  readonly force?: boolean
  readonly reason?: string
}

export function createSchemeImport(d: Deps) {
  /** Parses the file and returns a planner: planning reads the stored scheme, so it runs under the write lock. */
  async function read(file: IncomingFile): Promise<() => SchemePlan> {
    checkSize(file.name, file.bytes)
    const sha = sha256Hex(file.bytes)
    const parsed = await d.parse(file.name, file.bytes)
    if (parsed.kind === 'scs-scope') {
      const scope = parsed.scope
      return () =>
        d.schemes.planScope(schemeIdFromFileName(file.name), scope, { builtin: false, sha256: sha })
    }
    if (parsed.kind === 'interop-guideline') {
      const g = parsed.guideline.scope
      return () => d.schemes.planGuideline(g, sha)
    }
    throw new InputError(
      file.name,
      '(whole file)',
      `a ${parsed.kind} file is evidence for a case, not a scheme definition; import it into a case instead`
    )
  }

  function resultOf(
    file: IncomingFile,
    plan: SchemePlan
  ): Omit<SchemeImportResult, 'applied' | 'forcedReason'> {
    const today = d.clock().toISOString().slice(0, 10)
    const changed = plan.outcome === 'added' || plan.outcome === 'updated'
    return {
      file: file.name,
      sha256: sha256Hex(file.bytes),
      kind: plan.kind,
      schemeId: plan.id,
      name: plan.after.name,
      outcome: plan.outcome,
      changes: changed ? diffSchemes(plan.before, plan.after, today) : [],
      definitionBefore: plan.before ? definitionSha256(JSON.stringify(plan.before)) : null,
      definitionAfter: definitionSha256(JSON.stringify(plan.after))
    }
  }

  return {
    /** What importing the file would change; nothing is written. */
    async preview(file: IncomingFile): Promise<SchemeImportResult> {
      const plan = (await read(file))()
      return { ...resultOf(file, plan), applied: false, forcedReason: null }
    },

    /** Applies the file in one transaction, or refuses it with the changes that stand in the way. */
    async apply(file: IncomingFile, opts: SchemeImportOptions = {}): Promise<SchemeImportResult> {
      const reason = opts.reason?.trim() ?? ''
      if (opts.force && !reason)
        throw new DomainError(
          'USAGE',
          'Forcing a scheme change needs a reason (--reason TEXT); it goes into the audit log.'
        )
      const planOf = await read(file)
      return writeTransaction(d.db, () => {
        // planned under the write lock: what is checked is what is written
        const plan = planOf()
        const r = resultOf(file, plan)
        const stable = r.changes.filter((c) => c.stable)
        if (stable.length > 0 && !opts.force) {
          const reason = `importing it would change what a stable version of scheme ${plan.id} requires: ${stable
            .map((c) => c.text)
            .join(
              '; '
            )}. Certificates rest on stable versions; nothing was changed. If the change is right, import it with --force and a --reason, which is recorded in the audit log`
          throw new DomainError('INPUT_REJECTED', `${file.name}: ${reason}`, {
            file: file.name,
            place: stable[0]!.version ?? 'timeline',
            reason
          })
        }
        if (plan.outcome !== 'added' && plan.outcome !== 'updated')
          return { ...r, applied: false, forcedReason: null }
        d.schemes.apply(plan)
        const forcedReason = stable.length > 0 ? reason : null
        d.audit.append(d.actor, 'scheme.import', null, {
          file: file.name,
          sha256: r.sha256,
          scheme: plan.id,
          kind: plan.kind,
          outcome: plan.outcome,
          definitionBefore: r.definitionBefore,
          definitionAfter: r.definitionAfter,
          changes: r.changes.map((c) => c.text),
          ...(forcedReason ? { forced: true, reason: forcedReason } : {})
        })
        return { ...r, applied: true, forcedReason }
      })
    }
  }
}
export type SchemeImport = ReturnType<typeof createSchemeImport>
