/**
 * Imports files into a case: hash, idempotence check, parse (in the worker), then one transaction per file.
 * A rejected file leaves the database exactly as it was; the next file is still tried.
 */
import { createHash } from 'node:crypto'
import type { Db } from '../db/connection'
import type { SchemesRepo } from '../db/schemes.repo'
import type { EvidenceRepo } from '../db/evidence.repo'
import type { AuditRepo } from '../db/audit.repo'
import type { CasesRepo } from '../db/cases.repo'
import type { FileParser } from './parser'
import type { ParsedFile } from './parse'
import type { ParsedReport } from '../../shared/domain/report'
import type { CaseSummary, ImportReceipt, ScopeDef } from '../../shared/domain/types'
import type { ImportOutcome, ImportStage } from '../../shared/ipc/contract'
import { mainTestcases, versionStatusAt } from '../../shared/domain/scope'
import { InputError } from '../../shared/format/input-error'
import { DomainError } from '../errors'
import { MAX_FILE_BYTES } from './parse'

export interface IncomingFile {
  readonly name: string
  readonly bytes: Uint8Array
}

export type ProgressSink = (file: string, index: number, total: number, stage: ImportStage) => void

interface Deps {
  db: Db
  schemes: SchemesRepo
  evidence: EvidenceRepo
  audit: AuditRepo
  cases: CasesRepo
  parse: FileParser
  actor: string
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/** `scs-compatible-iaas.yaml` → `scs-compatible-iaas` */
export function schemeIdFromFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name
  const stem = base.replace(/\.(ya?ml|json)$/i, '')
  const id = stem
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return id || 'imported-scope'
}

const MAX_LISTED = 200

function emptyReceipt(
  file: string,
  sha256: string,
  size: number,
  kind: ImportReceipt['kind'],
  importedAt: string
): ImportReceipt {
  return {
    file,
    sha256,
    size,
    kind,
    alreadyImported: false,
    importedAt,
    scheme: null,
    subjects: [],
    documents: 1,
    counts: { accepted: 0, unknown: 0, missing: 0, duplicate: 0 },
    unknownTestcases: [],
    missingTestcases: [],
    versionMismatches: [],
    signature: 'unsigned',
    notes: []
  }
}

export function createImportService(deps: Deps) {
  const { db, schemes, evidence, audit, cases } = deps

  /** Analyses reports against their scope and builds the receipt. Throws InputError when nothing fits. */
  function planReports(
    file: string,
    c: CaseSummary,
    reports: readonly ParsedReport[],
    receipt: ImportReceipt
  ) {
    const planned: { report: ParsedReport; schemeId: string; scope: ScopeDef }[] = []
    const unknown = new Set<string>()
    const missing = new Set<string>()
    const mismatches: string[] = []
    const notes: string[] = []
    let accepted = 0
    let duplicate = 0
    const runUuids = new Set<string>()
    const existingRuns = new Map(
      evidence
        .listReports(c.id)
        .filter((r) => r.runUuid)
        .map((r) => [r.runUuid!, r])
    )
    reports.forEach((report, i) => {
      const where = reports.length > 1 ? `document ${i + 1}: ` : ''
      const scheme = schemes.findByUuid(report.spec.uuid)
      if (!scheme) {
        throw new InputError(
          file,
          `${where}spec.uuid`,
          `the report is for scope ${report.spec.uuid}${report.spec.name ? ` (${report.spec.name})` : ''}, which this workspace does not know; import that scope file first`
        )
      }
      if (report.runUuid) {
        const prior = existingRuns.get(report.runUuid)
        if (prior || runUuids.has(report.runUuid)) {
          throw new InputError(
            file,
            `${where}run.uuid`,
            `run ${report.runUuid} was already imported into case ${c.id}; a report with a duplicate run uuid is a conflict`
          )
        }
        runUuids.add(report.runUuid)
      }
      if (report.results.length === 0)
        throw new InputError(file, `${where}run.invocations`, 'the report holds no testcase results')
      const defined = new Set(scheme.scope.testcases.map((t) => t.id))
      const fits = report.results.filter((r) => defined.has(r.testcase))
      if (fits.length === 0) {
        throw new InputError(
          file,
          `${where}run.invocations`,
          `none of the ${report.results.length} testcase ids fits scope "${scheme.id}" (for example "${report.results[0]!.testcase}")`
        )
      }
      accepted += fits.length
      duplicate += report.duplicates.length
      report.results.forEach((r) => defined.has(r.testcase) || unknown.add(r.testcase))
      // which testcases were expected: the case's version when the report is for the case's scheme,
      // otherwise every version effective at the report's reference date
      const versions =
        scheme.id === c.schemeId
          ? [c.schemeVersion]
          : scheme.scope.versions
              .map((v) => v.version)
              .filter((v) =>
                ['effective', 'warn'].includes(versionStatusAt(scheme.scope, v, report.referenceDate))
              )
      const reported = new Set(report.results.map((r) => r.testcase))
      for (const v of versions)
        for (const tc of mainTestcases(scheme.scope, v)) if (!reported.has(tc)) missing.add(tc)
      if (scheme.id !== c.schemeId)
        mismatches.push(
          `${where}the report is for scope ${scheme.id}; the case is for ${c.schemeId} ${c.schemeVersion}`
        )
      const forced = report.meta['forcedVersion']
      if (typeof forced === 'string' && forced !== c.schemeVersion && scheme.id === c.schemeId) {
        mismatches.push(`${where}the run was forced to version ${forced}; the case is for ${c.schemeVersion}`)
      }
      if (scheme.id === c.schemeId) {
        const status = versionStatusAt(scheme.scope, c.schemeVersion, report.referenceDate)
        if (status === 'deprecated')
          mismatches.push(
            `${where}${c.schemeVersion} was deprecated on the report's reference date ${report.referenceDate}`
          )
      }
      if (report.duplicates.length > 0)
        notes.push(
          `${where}${report.duplicates.length} testcase(s) reported by more than one invocation; the worst result is kept`
        )
      planned.push({ report, schemeId: scheme.id, scope: scheme.scope })
    })
    const first = planned[0]!
    return {
      planned,
      receipt: {
        ...receipt,
        scheme: { id: first.schemeId, name: first.scope.name },
        subjects: [...new Set(reports.map((r) => r.subject))],
        documents: reports.length,
        counts: { accepted, unknown: unknown.size, missing: missing.size, duplicate },
        unknownTestcases: [...unknown].slice(0, MAX_LISTED),
        missingTestcases: [...missing].slice(0, MAX_LISTED),
        versionMismatches: mismatches,
        notes
      } satisfies ImportReceipt
    }
  }

  function store(c: CaseSummary, name: string, sha: string, size: number, parsed: ParsedFile): ImportReceipt {
    const now = new Date().toISOString()
    const base = emptyReceipt(name, sha, size, parsed.kind, now)
    if (parsed.kind === 'scs-scope') {
      return db.transaction(() => {
        const { id, outcome } = schemes.upsertScope(schemeIdFromFileName(name), parsed.scope, {
          builtin: false,
          sha256: sha
        })
        const note =
          outcome === 'older'
            ? `the workspace already holds a newer copy of scheme ${id}; it was not changed`
            : `scheme ${id} ${outcome} (versions ${parsed.scope.versions.map((v) => v.version).join(', ')})`
        const receipt: ImportReceipt = {
          ...base,
          scheme: { id, name: parsed.scope.name },
          counts: { ...base.counts, accepted: parsed.scope.testcases.length },
          notes: [note]
        }
        evidence.insertFile(c.id, receipt)
        audit.append(deps.actor, 'import', c.id, {
          file: name,
          sha256: sha,
          kind: parsed.kind,
          scheme: id,
          outcome
        })
        cases.touch(c.id, now)
        return receipt
      })()
    }
    const { planned, receipt } = planReports(name, c, parsed.reports, base)
    return db.transaction(() => {
      const fileId = evidence.insertFile(c.id, receipt)
      for (const p of planned) {
        const defined = new Set(p.scope.testcases.map((t) => t.id))
        evidence.insertReport(c.id, fileId, p.schemeId, p.report, (tc) => defined.has(tc), receipt.signature)
      }
      audit.append(deps.actor, 'import', c.id, {
        file: name,
        sha256: sha,
        kind: parsed.kind,
        subjects: receipt.subjects,
        counts: receipt.counts
      })
      cases.touch(c.id, now)
      return receipt
    })()
  }

  return {
    async importOne(caseId: string, file: IncomingFile): Promise<ImportReceipt> {
      const c = cases.get(caseId)
      if (file.bytes.length > MAX_FILE_BYTES) {
        throw new InputError(
          file.name,
          '(whole file)',
          `the file is ${file.bytes.length} bytes; the limit is ${MAX_FILE_BYTES}`
        )
      }
      const sha = sha256Hex(file.bytes)
      const known = evidence.findFile(caseId, sha)
      if (known) return { ...known.receipt, file: file.name, alreadyImported: true }
      const parsed = await deps.parse(file.name, file.bytes)
      return store(c, file.name, sha, file.bytes.length, parsed)
    },

    /** Imports many files; each is its own transaction, so one bad file never blocks or spoils the others. */
    async importMany(
      caseId: string,
      files: readonly IncomingFile[],
      progress?: ProgressSink
    ): Promise<ImportOutcome[]> {
      cases.get(caseId) // a missing case is a usage error for the whole batch
      const out: ImportOutcome[] = []
      for (const [i, f] of files.entries()) {
        progress?.(f.name, i, files.length, 'parsing')
        try {
          const receipt = await this.importOne(caseId, f)
          out.push({ file: f.name, ok: true, receipt })
          progress?.(f.name, i, files.length, 'done')
        } catch (error) {
          progress?.(f.name, i, files.length, 'failed')
          if (error instanceof InputError) {
            out.push({
              file: f.name,
              ok: false,
              error: {
                code: 'INPUT_REJECTED',
                message: error.message,
                details: { file: error.file, place: error.place, reason: error.reason }
              }
            })
          } else if (error instanceof DomainError) {
            out.push({ file: f.name, ok: false, error: { code: error.code, message: error.message } })
          } else throw error
        }
      }
      return out
    }
  }
}
export type ImportService = ReturnType<typeof createImportService>
