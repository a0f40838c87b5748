/**
 * Imports files into a case: size cap, hash, idempotence check, parse, plan (read-only checks that may
 * still refuse the file), then one transaction per file. A rejected file leaves the database exactly as it
 * was; the next file of a batch is still tried. In the app all of it runs in the import worker
 * (import-worker.ts) on its own connection; `runOne` hands each file of a batch to it.
 */
import { sha256Hex } from '../node-crypto'
import { baseReceipt } from '../../shared/domain/receipt'
import { writeTransaction, type Db } from '../db/connection'
import type { SchemesRepo } from '../db/schemes.repo'
import { keepBytes, type EvidenceRepo, type KeptBytes, type ReportToStore } from '../db/evidence.repo'
import type { AuditRepo } from '../db/audit.repo'
import { createPortableDigest, type WrittenRows } from '../db/evidence-digest'
import type { CasesRepo } from '../db/cases.repo'
import type { SubmissionsRepo } from '../db/submissions.repo'
import type { FileParser } from './parser'
import type { ParsedFile } from './parse'
import { checkSize } from './limits'
import type { ParsedReport } from '../../shared/domain/report'
import type { Submission } from '../../shared/domain/submission'
import type { RefstackRun } from '../../shared/domain/opc'
import type { JunitRun } from '../../shared/domain/junit'
import type { CaseSummary, ImportReceipt, SchemeDetail, SignatureState } from '../../shared/domain/types'
import type { ImportOutcome, ImportStage } from '../../shared/ipc/contract'
import {
  mainTestcases,
  manualCriteria,
  referenceManualChecks,
  versionStatusAt
} from '../../shared/domain/scope-status'
import { SCS_EVIDENCE_RULES } from '../../shared/domain/evaluate'
import { OPC_SCHEME_ID } from '../../shared/domain/opc-scheme'
import { InputError } from '../../shared/format/input-error'
import { DomainError, expectedFailure, ImporterUnavailableError } from '../errors'
import { checkSignature, type SignatureCheck, type TrustedSigner } from './sshsig'
import { isoToday, type Clock } from '../clock'

export interface IncomingFile {
  readonly name: string
  readonly bytes: Uint8Array
  /** a detached signature that sat beside the file (`report.yaml.sig`) */
  readonly signature?: { readonly name: string; readonly bytes: Uint8Array }
}

/** A file's SHA-256 and its kept bytes, made before it is parsed (by the main thread, while the worker starts). */
export interface Prepared {
  readonly sha: string
  readonly kept: KeptBytes
}

/** A parsed file with what its write needs that is made before any write lock: its SHA-256 and its kept bytes. */
export interface ReadyFile {
  readonly file: IncomingFile
  readonly parsed: ParsedFile
  readonly sha: string
  readonly kept: KeptBytes
}

export type ProgressSink = (file: string, index: number, total: number, stage: ImportStage) => void

interface Deps {
  db: Db
  schemes: SchemesRepo
  evidence: EvidenceRepo
  audit: AuditRepo
  cases: CasesRepo
  submissions: SubmissionsRepo
  parse: FileParser
  actor: string
  clock: Clock
  /** the trust list of report signers, read at each import */
  trustedSigners: () => readonly TrustedSigner[]
  /** where one file of a batch is imported: the import worker in the app; this service itself when absent */
  runOne?: (caseId: string, file: IncomingFile) => Promise<ImportReceipt>
  /**
   * Called once a file is parsed and checked, before its write transaction: the place where the case may
   * change under the import. Tests hold the import here to stage that race; the app sets nothing.
   */
  afterParse?: (caseId: string, fileName: string) => Promise<void>
}

/** Attaches `X.sig` to `X` in a batch; a `.sig` without its report is an orphan. */
export function pairSignatures(files: readonly IncomingFile[]): {
  files: IncomingFile[]
  orphans: IncomingFile[]
} {
  const sigs = new Map(
    files.filter((f) => /\.sig$/i.test(f.name)).map((f) => [f.name.replace(/\.sig$/i, ''), f])
  )
  const used = new Set<string>()
  const out = files
    .filter((f) => !/\.sig$/i.test(f.name))
    .map((f) => {
      const sig = sigs.get(f.name)
      if (!sig) return f
      used.add(sig.name)
      return { ...f, signature: { name: sig.name, bytes: sig.bytes } }
    })
  return { files: out, orphans: [...sigs.values()].filter((s) => !used.has(s.name)) }
}

/** `scs-compatible-iaas.yaml` → `scs-compatible-iaas` */
export function schemeIdFromFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name
  const stem = base.replace(/\.(ya?ml|json|xml|xlsx)$/i, '')
  const id = stem
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return id || 'imported'
}

/** How far a check time may lie after the import time before it is evidence from the future. */
export const CLOCK_SKEW_MINUTES = 5

/**
 * Refuses a check time later than the import time plus the allowed clock skew: a report "from the future"
 * would stay fresh for years and outrank every later check. A time without an offset is read as UTC.
 */
export function refuseFuture(file: string, place: string, stamp: string, now: string, what: string): void {
  // a bare date may be "tomorrow" where the check ran: it starts at 00:00 in UTC+14, the earliest zone
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(stamp)
  const iso = dateOnly ? `${stamp}T00:00:00+14:00` : stamp.replace(' ', 'T')
  const at = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? iso : `${iso}Z`)
  if (Number.isNaN(at) || at <= Date.parse(now) + CLOCK_SKEW_MINUTES * 60_000) return
  throw new InputError(
    file,
    place,
    `${what} ${stamp} is later than the import time ${now} plus ${CLOCK_SKEW_MINUTES} minutes of clock skew; evidence from the future is refused`
  )
}

const MAX_LISTED = 200
const list = (xs: Iterable<string>): string[] => [...xs].slice(0, MAX_LISTED)

/** What a plan writes, inside the file's transaction, once the receipt is known. */
type Plan = {
  receipt: ImportReceipt
  /**
   * writes the file's data, and the rows of a report as bound into `written`; returns the audit payload,
   * and the receipt when writing changed it
   */
  write: (
    fileId: number,
    now: string,
    written: WrittenRows
  ) => { audit: Record<string, unknown>; receipt?: ImportReceipt }
}

export function createImportService(deps: Deps) {
  const { db, schemes, evidence, audit, cases, submissions } = deps
  const portableDigest = createPortableDigest(db)
  // the digest an import entry records (names are for messages only): of the rows as written
  const evidenceDigest = (fileId: number, written: WrittenRows) => {
    const { names: _names, ...d } = portableDigest(fileId, written)
    return d
  }

  function planScsReports(
    file: IncomingFile,
    c: CaseSummary,
    reports: readonly ParsedReport[],
    receipt: ImportReceipt,
    signature: ((subject: string) => SignatureCheck) | null,
    now: string
  ): Plan {
    const planned: { report: ParsedReport; scheme: SchemeDetail; defined: ReadonlySet<string> }[] = []
    const unknown = new Set<string>()
    const missing = new Set<string>()
    const mismatches: string[] = []
    const notes: string[] = []
    let accepted = 0
    let duplicate = 0
    const runUuids = new Set<string>()
    const existingRuns = new Set(evidence.listReports(c.id).flatMap((r) => (r.runUuid ? [r.runUuid] : [])))
    // an integrator case (SCS-0007) expects reports of its reference scope: those are no mismatch
    const referenceScope = schemes.get(c.schemeId).scope.reference ?? null
    // a file of many reports names a few scopes: each is read (and its testcases and versions' main
    // testcases collected) once per file, not once per report
    const scopes = new Map<string, { scheme: SchemeDetail; defined: ReadonlySet<string> } | null>()
    const scopeOf = (uuid: string) => {
      if (!scopes.has(uuid)) {
        const s = schemes.findByUuid(uuid)
        scopes.set(uuid, s && { scheme: s, defined: new Set(s.scope.testcases.map((t) => t.id)) })
      }
      return scopes.get(uuid)!
    }
    const mains = new Map<string, readonly string[]>()
    const mainOf = (scheme: SchemeDetail, version: string): readonly string[] => {
      const key = `${scheme.id}\u0000${version}`
      if (!mains.has(key)) mains.set(key, mainTestcases(scheme.scope, version))
      return mains.get(key)!
    }
    reports.forEach((report, i) => {
      const where = reports.length > 1 ? `document ${i + 1}: ` : ''
      refuseFuture(file.name, `${where}checked_at`, report.checkedAt, now, 'the report was checked at')
      refuseFuture(file.name, `${where}reference_date`, report.referenceDate, now, 'the reference date')
      const known = scopeOf(report.spec.uuid)
      if (!known) {
        throw new InputError(
          file.name,
          `${where}spec.uuid`,
          `the report is for scope ${report.spec.uuid}${report.spec.name ? ` (${report.spec.name})` : ''}, which this workspace does not know; an auditor adds it with "scheme import FILE"`
        )
      }
      if (report.runUuid) {
        if (existingRuns.has(report.runUuid) || runUuids.has(report.runUuid)) {
          throw new InputError(
            file.name,
            `${where}run.uuid`,
            `run ${report.runUuid} was already imported into case ${c.id}; a report with a duplicate run uuid is a conflict`
          )
        }
        runUuids.add(report.runUuid)
      }
      if (report.results.length === 0)
        throw new InputError(file.name, `${where}run.invocations`, 'the report holds no testcase results')
      const { scheme, defined } = known
      // expected testcases: the case's version for a report of the case's scope, else every version in force then
      const versions =
        scheme.id === c.schemeId
          ? [c.schemeVersion]
          : scheme.scope.versions
              .map((v) => v.version)
              .filter((v) =>
                ['effective', 'warn'].includes(versionStatusAt(scheme.scope, v, report.referenceDate))
              )
      const expected = new Set<string>()
      for (const v of versions) for (const tc of mainOf(scheme, v)) expected.add(tc)
      // one pass over the results (50,000 in a large report): unknown ones, and which expected ones came
      const reported = new Set<string>()
      let fits = 0
      for (const r of report.results) {
        const tc = r.testcase
        if (defined.has(tc)) fits += 1
        else unknown.add(tc)
        if (expected.has(tc)) reported.add(tc)
      }
      if (fits === 0) {
        throw new InputError(
          file.name,
          `${where}run.invocations`,
          `none of the ${report.results.length} testcase ids fits scope "${scheme.id}" (for example "${report.results[0]!.testcase}")`
        )
      }
      accepted += fits
      duplicate += report.duplicates.length
      for (const tc of expected) if (!reported.has(tc)) missing.add(tc)
      if (scheme.id !== c.schemeId && scheme.id !== referenceScope)
        mismatches.push(
          `${where}the report is for scope ${scheme.id}; the case is for ${c.schemeId} ${c.schemeVersion}`
        )
      const forced = report.meta['forcedVersion']
      if (typeof forced === 'string' && forced !== c.schemeVersion && scheme.id === c.schemeId)
        mismatches.push(`${where}the run was forced to version ${forced}; the case is for ${c.schemeVersion}`)
      if (
        scheme.id === c.schemeId &&
        versionStatusAt(scheme.scope, c.schemeVersion, report.referenceDate) === 'deprecated'
      ) {
        mismatches.push(
          `${where}${c.schemeVersion} was deprecated on the report's reference date ${report.referenceDate}`
        )
      }
      if (report.duplicates.length > 0)
        notes.push(
          `${where}${report.duplicates.length} testcase(s) reported by more than one invocation; the worst result is kept`
        )
      planned.push({ report, scheme, defined })
    })
    const checks = new Map<string, SignatureCheck>()
    if (signature)
      for (const r of reports) if (!checks.has(r.subject)) checks.set(r.subject, signature(r.subject))
    const stateOf = (subject: string): SignatureState => checks.get(subject)?.state ?? 'unsigned'
    // the file's state on the receipt: the first subject the signature does not vouch for, else valid
    const worst = [...checks.values()].find((x) => x.state !== 'valid') ?? [...checks.values()][0] ?? null
    const sigState: SignatureState = worst?.state ?? 'unsigned'
    for (const x of new Set([...checks.values()].map((x) => x.detail))) notes.push(`signature: ${x}`)
    const first = planned[0]!
    const full: ImportReceipt = {
      ...receipt,
      scheme: { id: first.scheme.id, name: first.scheme.name },
      subjects: [...new Set(reports.map((r) => r.subject))],
      documents: reports.length,
      counts: { accepted, unknown: unknown.size, missing: missing.size, duplicate },
      unknownTestcases: list(unknown),
      missingTestcases: list(missing),
      versionMismatches: mismatches,
      signature: sigState,
      signer: worst?.signer ?? null,
      notes
    }
    return {
      receipt: full,
      write: (fileId, _now, written) => {
        for (const { report, scheme, defined } of planned) {
          evidence.insertReport(
            c.id,
            fileId,
            {
              kind: 'scs-report',
              docIndex: report.docIndex,
              schemeId: scheme.id,
              specUuid: report.spec.uuid,
              subject: report.subject,
              checkedAt: report.checkedAt,
              referenceDate: report.referenceDate,
              runUuid: report.runUuid,
              signature: stateOf(report.subject),
              meta: report.meta,
              invocations: report.invocations,
              results: report.results,
              knownTestcases: defined
            },
            written
          )
        }
        return { audit: { subjects: full.subjects, counts: full.counts, signature: sigState } }
      }
    }
  }

  function planSubmission(c: CaseSummary, s: Submission, receipt: ImportReceipt): Plan {
    const mismatches: string[] = []
    const notes: string[] = []
    const scheme = schemes.find(s.scheme)
    if (s.scheme !== c.schemeId)
      mismatches.push(
        `the submission is for scheme ${s.scheme} ${s.schemeVersion}; the case is for ${c.schemeId} ${c.schemeVersion}`
      )
    else if (s.schemeVersion !== c.schemeVersion)
      mismatches.push(`the submission is for version ${s.schemeVersion}; the case is for ${c.schemeVersion}`)
    let unknown: string[] = []
    let missing: string[] = []
    if (scheme && s.scheme === c.schemeId) {
      const criteria = scheme.scope.versions.find((v) => v.version === s.schemeVersion)?.criteria ?? []
      const answered = new Set(s.answers.map((a) => a.criterion))
      // an integrator (SCS-0007) also answers its reference scope's manual checks per environment, which
      // the review reads (manual-evidence-missing): known in any version of that scope. The receipt only
      // says which answers are known; it reads no rule file (the import worker has none), so it knows every
      // criterion that the reference scope's rules could ask as a manual check (SCS's rules, the widest)
      const ref = scheme.scope.reference ? schemes.find(scheme.scope.reference) : undefined
      const referenceManual = new Set(
        ref ? ref.scope.versions.flatMap((v) => manualCriteria(ref.scope, v.version, SCS_EVIDENCE_RULES)) : []
      )
      unknown = [...answered].filter((a) => !criteria.includes(a) && !referenceManual.has(a))
      // and those the questionnaire asks (the version in force today) are missing without an answer, as
      // the review finds them (manual-evidence-missing)
      const asked = ref ? referenceManualChecks(ref.scope, isoToday(deps.clock), SCS_EVIDENCE_RULES) : []
      missing = [...criteria, ...asked.filter((x) => !criteria.includes(x))].filter((x) => !answered.has(x))
    } else if (!scheme)
      notes.push(`scheme ${s.scheme} is not in this workspace yet; its criteria are not checked`)
    for (const subj of s.subjects) {
      if (subj.scope && subj.scopeVersion) {
        const sc = schemes.find(subj.scope)
        if (!sc) notes.push(`subject ${subj.id}: scope ${subj.scope} is not in this workspace`)
        else if (!sc.versions.includes(subj.scopeVersion))
          mismatches.push(`subject ${subj.id}: scope ${subj.scope} has no version ${subj.scopeVersion}`)
      }
    }
    const elsewhere = submissions.claimedElsewhere(c.id)
    for (const subj of s.subjects) {
      const other = elsewhere.get(subj.id)
      if (other) notes.push(`subject ${subj.id} is also claimed in case(s) ${other.join(', ')}`)
    }
    const unknownExtras = [
      s.extra,
      ...s.subjects.map((x) => x.extra),
      ...s.answers.map((x) => x.extra)
    ].reduce((n, e) => n + Object.keys(e).length, 0)
    if (unknownExtras)
      notes.push(`${unknownExtras} unknown key(s) kept for the auditor; they are never used for scoring`)
    const full: ImportReceipt = {
      ...receipt,
      scheme: { id: s.scheme, name: scheme?.name ?? s.scheme },
      subjects: s.subjects.map((x) => x.id),
      counts: { accepted: s.answers.length, unknown: unknown.length, missing: missing.length, duplicate: 0 },
      unknownTestcases: list(unknown),
      missingTestcases: list(missing),
      versionMismatches: mismatches,
      notes: [
        `${s.answers.length} answer(s) for ${s.subjects.length} subject(s) from ${s.applicant.name}, submitted ${s.submittedAt}`,
        ...notes
      ]
    }
    return {
      receipt: full,
      write: (fileId, _now, written) => {
        submissions.insert(c.id, fileId, s, written)
        return {
          audit: {
            scheme: s.scheme,
            schemeVersion: s.schemeVersion,
            subjects: full.subjects,
            answers: s.answers.length
          }
        }
      }
    }
  }

  function planRefstack(
    file: string,
    c: CaseSummary,
    run: RefstackRun,
    receipt: ImportReceipt,
    now: string
  ): Plan {
    const scheme = schemes.find(OPC_SCHEME_ID)
    if (!scheme)
      throw new InputError(
        file,
        '(whole file)',
        'no OpenStack interop guideline is in this workspace; an auditor adds one with "scheme import FILE" (for example 2022.11.json)'
      )
    const version = c.schemeId === OPC_SCHEME_ID ? c.schemeVersion : scheme.versions[0]!
    const byName = new Map(scheme.scope.testcases.map((t) => [t.id, t.id]))
    for (const t of scheme.scope.testcases) if (t.uuid) byName.set(`uuid:${t.uuid.replace(/^id-/, '')}`, t.id)
    const required = mainTestcases(scheme.scope, version)
    const flagged = new Set(
      scheme.scope.modules
        .filter((m) => scheme.scope.versions.find((v) => v.version === version)?.criteria.includes(m.id))
        .flatMap((m) => m.targets['flagged'] ?? [])
    )
    const results: ReportToStore['results'][number][] = []
    const unknown: string[] = []
    const passed = new Set<string>()
    for (const r of run.passed) {
      const id = byName.get(r.name) ?? (r.uuid ? byName.get(`uuid:${r.uuid.replace(/^id-/, '')}`) : undefined)
      if (id) passed.add(id)
      else unknown.push(r.name)
      results.push({ testcase: id ?? r.name, value: 1, invocation: null, known: !!id })
    }
    if (passed.size === 0)
      throw new InputError(
        file,
        'results',
        `none of the ${run.passed.length} passed tests is a test of guideline ${version}`
      )
    const missing = required.filter((t) => !passed.has(t))
    for (const t of missing)
      results.push({
        testcase: t,
        value: -1,
        invocation: null,
        known: true,
        detail: 'required test absent from a passed-only RefStack run: it did not pass'
      })
    const subject = run.cpid ?? schemeIdFromFileName(file)
    const full: ImportReceipt = {
      ...receipt,
      scheme: { id: OPC_SCHEME_ID, name: `${scheme.name} ${version}` },
      subjects: [subject],
      counts: {
        accepted: passed.size,
        unknown: unknown.length,
        missing: missing.length,
        duplicate: run.duplicates.length
      },
      unknownTestcases: list(unknown),
      missingTestcases: list(missing),
      versionMismatches:
        c.schemeId === OPC_SCHEME_ID || c.schemeId === 'scs-compatible-iaas'
          ? []
          : [`RefStack results in a ${c.schemeId} case`],
      notes: [
        `scored against guideline ${version}: ${required.length - missing.length} of ${required.length} required tests passed; ${flagged.size} flagged test(s) excluded`,
        'RefStack results list passed tests only: a required test that is absent did not pass and is stored as FAIL',
        'the file carries no date; the import time is used as the check time',
        ...(run.cpid ? [] : ['the file has no cpid; the subject is named after the file'])
      ]
    }
    return {
      receipt: full,
      write: (fileId, _now, written) => {
        evidence.insertReport(
          c.id,
          fileId,
          {
            kind: 'refstack',
            docIndex: 0,
            schemeId: OPC_SCHEME_ID,
            specUuid: null,
            subject,
            checkedAt: now.slice(0, 19),
            referenceDate: now.slice(0, 10),
            runUuid: null,
            signature: 'unsigned',
            meta: { cpid: run.cpid, durationSeconds: run.durationSeconds, guideline: version },
            invocations: [],
            results
          },
          written
        )
        return {
          audit: {
            subjects: [subject],
            guideline: version,
            passed: passed.size,
            failedRequired: missing.length
          }
        }
      }
    }
  }

  function planJunit(file: string, c: CaseSummary, run: JunitRun, receipt: ImportReceipt, now: string): Plan {
    if (run.cases.length === 0)
      throw new InputError(file, '(document)', `no testcase has a result (${run.skipped.length} skipped)`)
    for (const t of run.timestamps)
      refuseFuture(file, `testsuite[${t.suite}] timestamp`, t.value, now, 'the test suite ran at')
    const scheme = schemes.get(c.schemeId)
    const defined = new Set(scheme.scope.testcases.map((t) => t.id))
    const match = (id: string): string | null =>
      defined.has(id) ? id : defined.has(id.split('.').pop() ?? '') ? id.split('.').pop()! : null
    const results = run.cases.map((tc) => {
      const known = match(tc.id)
      return {
        testcase: known ?? tc.id,
        value: tc.value,
        invocation: null,
        known: !!known,
        durationSeconds: tc.durationSeconds,
        detail: tc.message
      }
    })
    const subject = run.subject ?? schemeIdFromFileName(file)
    const ts =
      run.timestamp && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(run.timestamp)
        ? run.timestamp.slice(0, 19)
        : null
    const full: ImportReceipt = {
      ...receipt,
      scheme: { id: scheme.id, name: scheme.name },
      subjects: [subject],
      counts: {
        accepted: run.cases.length,
        unknown: results.filter((r) => !r.known).length,
        missing: run.skipped.length,
        duplicate: run.duplicates.length
      },
      unknownTestcases: list(results.filter((r) => !r.known).map((r) => r.testcase)),
      missingTestcases: list(run.skipped),
      notes: [
        `${run.suites} test suite(s); skipped testcases count as missing`,
        ...(ts ? [] : ['no timestamp in the file; the import time is used as the check time']),
        ...(run.subject ? [] : ['no hostname or subject property; the subject is named after the file'])
      ]
    }
    return {
      receipt: full,
      write: (fileId, _now, written) => {
        evidence.insertReport(
          c.id,
          fileId,
          {
            kind: 'junit',
            docIndex: 0,
            schemeId: scheme.id,
            specUuid: null,
            subject,
            checkedAt: ts ?? now.slice(0, 19),
            referenceDate: (ts ?? now).slice(0, 10),
            runUuid: null,
            signature: 'unsigned',
            meta: { suites: run.suites, skipped: run.skipped.length },
            invocations: [],
            results
          },
          written
        )
        return { audit: { subjects: [subject], counts: full.counts } }
      }
    }
  }

  function plan(
    file: IncomingFile,
    c: CaseSummary,
    parsed: ParsedFile,
    base: ImportReceipt,
    now: string
  ): Plan {
    switch (parsed.kind) {
      case 'scs-report': {
        const signed = parsed.embeddedSignature
          ? {
              armored: parsed.embeddedSignature.armored,
              message: file.bytes.subarray(parsed.embeddedSignature.reportStart)
            }
          : file.signature
            ? { armored: new TextDecoder().decode(file.signature.bytes), message: file.bytes }
            : null
        const trusted = signed ? deps.trustedSigners() : []
        // each report is checked for its own subject: the key must be trusted for that cloud
        const signature = signed
          ? (subject: string): SignatureCheck =>
              checkSignature(signed.armored, signed.message, trusted, new Date(now), subject)
          : null
        return planScsReports(file, c, parsed.reports, base, signature, now)
      }
      case 'scs-scope':
      case 'interop-guideline':
        // a case import never changes a scheme: an applicant's file must not redefine what is required
        throw new InputError(
          file.name,
          '(whole file)',
          `this is a scheme definition (${parsed.kind === 'scs-scope' ? `scope ${parsed.scope.uuid}, ${parsed.scope.name}` : `interop guideline ${parsed.guideline.id}`}), not evidence; a case import never changes a scheme. An auditor updates schemes explicitly: "scheme import FILE" or the Schemes screen, which show what would change`
        )
      case 'self-assessment':
      case 'xlsx-questionnaire':
        return planSubmission(c, parsed.submission, base)
      case 'refstack-results':
        return planRefstack(file.name, c, parsed.run, base, now)
      case 'junit-xml':
        return planJunit(file.name, c, parsed.run, base, now)
    }
  }

  /** a parsed file made ready to write: its SHA-256 and its bytes deflated, before any write lock is taken */
  const ready = (file: IncomingFile, parsed: ParsedFile, sha = sha256Hex(file.bytes)): ReadyFile => ({
    file,
    parsed,
    sha,
    kept: keepBytes(file.bytes)
  })

  /** what a ready file would write into case `c` at `now` */
  const planOf = (c: CaseSummary, r: ReadyFile, now: string): Plan =>
    plan(r.file, c, r.parsed, baseReceipt(r.file.name, r.sha, r.file.bytes.length, r.parsed.kind, now), now)

  /** writes a planned file's rows; returns its receipt and the payload its import entry records */
  function store(
    c: CaseSummary,
    r: ReadyFile,
    p: Plan,
    now: string
  ): { receipt: ImportReceipt; payload: Record<string, unknown> } {
    const rows: WrittenRows = {}
    const fileId = evidence.insertFile(c.id, p.receipt, rows)
    evidence.insertInput(fileId, r.kept, r.file.signature ?? null)
    const written = p.write(fileId, now, rows)
    // some outcomes (a scope added, updated or older) are only known once written
    const receipt = written.receipt ?? p.receipt
    if (written.receipt) evidence.updateReceipt(fileId, receipt, rows)
    const payload = {
      file: r.file.name,
      sha256: r.sha,
      kind: r.parsed.kind,
      ...written.audit,
      // the rows as written (as bound): checked against the tables whenever the log is (the log is the truth)
      evidence: evidenceDigest(fileId, rows)
    }
    return { receipt, payload }
  }

  return {
    /**
     * A file read for a replay (bundle/import.ts), before the bundle's transaction: parsed here, on this
     * connection's thread, and made ready to write.
     */
    async readForReplay(file: IncomingFile): Promise<ReadyFile> {
      return ready(file, await deps.parse(file.name, file.bytes))
    },

    /**
     * Replays the import entry of a case bundle: the file, read beforehand (readForReplay), planned and
     * written as if imported at `at` (the entry's time), without an audit entry. Returns the payload its
     * import entry must carry; the bundle importer compares it with the entry's. Call inside the bundle's
     * transaction.
     */
    replayImport(caseId: string, r: ReadyFile, at: string): Record<string, unknown> {
      const c = cases.get(caseId)
      return store(c, r, planOf(c, r, at), at).payload
    },

    /**
     * A new case and its files, all or nothing: the files are read first, then one write transaction creates
     * the case (`create`, the cases service's own step, which nests) and stores every file with its import
     * entry. A file that is refused, or a write that fails, leaves no case behind. The files are parsed here,
     * on this connection's thread, not in the import worker: for the workbench's own files (the demo case).
     */
    async importWithCase(create: () => CaseSummary, files: readonly IncomingFile[]): Promise<CaseSummary> {
      const read: ReadyFile[] = []
      for (const f of files) read.push(ready(f, await deps.parse(f.name, f.bytes)))
      const now = deps.clock().toISOString()
      return writeTransaction(db, () => {
        const c = create()
        for (const r of read)
          audit.append(deps.actor, 'import', c.id, store(c, r, planOf(c, r, now), now).payload, now)
        cases.touch(c.id, now)
        return cases.get(c.id)
      })
    },

    async importOne(caseId: string, file: IncomingFile, prepared?: Prepared): Promise<ImportReceipt> {
      const c = cases.get(caseId)
      if (c.status !== 'open')
        throw new DomainError(
          'CONFLICT',
          `Case ${caseId} is ${c.status}; nothing can be imported until it is ${c.status === 'accepted' ? 'reopened' : 'returned'}.`
        )
      checkSize(file.name, file.bytes)
      const sha = prepared?.sha ?? sha256Hex(file.bytes)
      const known = evidence.findFile(caseId, sha)
      if (known) return { ...known.receipt, file: file.name, alreadyImported: true }
      const parsed = await deps.parse(file.name, file.bytes)
      await deps.afterParse?.(caseId, file.name)
      const now = deps.clock().toISOString()
      // deflated before the write lock is taken: the app's connection waits for that lock
      const r: ReadyFile = prepared ? { file, parsed, sha, kept: prepared.kept } : ready(file, parsed, sha)
      const p = planOf(c, r, now)
      return writeTransaction(db, () => {
        // checked again under the write lock: while the file was parsed, the app's connection may have
        // submitted or accepted the case, or another import may have stored the same bytes
        const still = cases.get(c.id)
        if (still.status !== 'open')
          throw new DomainError(
            'CONFLICT',
            `Case ${caseId} became ${still.status} while ${file.name} was being read; nothing of it was imported.`
          )
        const stored = evidence.findFile(caseId, sha)
        if (stored) return { ...stored.receipt, file: file.name, alreadyImported: true }
        const { receipt, payload } = store(c, r, p, now)
        audit.append(deps.actor, 'import', c.id, payload, now)
        cases.touch(c.id, now)
        return receipt
      })
    },

    /** Imports many files; each is its own transaction, so one bad file never blocks or spoils the others. */
    async importMany(
      caseId: string,
      incoming: readonly IncomingFile[],
      progress?: ProgressSink
    ): Promise<ImportOutcome[]> {
      cases.get(caseId) // a missing case is a usage error for the whole batch
      const out: ImportOutcome[] = []
      const { files, orphans } = pairSignatures(incoming)
      for (const sig of orphans) {
        out.push({
          file: sig.name,
          ok: false,
          error: {
            code: 'INPUT_REJECTED',
            message: `${sig.name}: a signature without its report`,
            details: {
              file: sig.name,
              place: '(whole file)',
              reason: `a detached signature needs its report beside it (${sig.name.replace(/\.sig$/, '')})`
            }
          }
        })
      }
      for (const [i, f] of files.entries()) {
        progress?.(f.name, i, files.length, 'parsing')
        try {
          const receipt = await (deps.runOne ?? this.importOne)(caseId, f)
          out.push({ file: f.name, ok: true, receipt })
          progress?.(f.name, i, files.length, 'done')
        } catch (error) {
          progress?.(f.name, i, files.length, 'failed')
          const failure = expectedFailure(error)
          // a failure of the importer itself is no file's refusal: the batch fails with it, and the files
          // after it are not tried
          if (!failure || error instanceof ImporterUnavailableError) throw error
          out.push({ file: f.name, ok: false, error: failure })
        }
      }
      return out
    }
  }
}
export type ImportService = ReturnType<typeof createImportService>
