/**
 * The headless face: the same core as the app, for assessment bodies and CI.
 *   npm run --silent cli -- <command> [options]      or the package bin `auditor-workbench`
 * Exit codes: 0 success, 2 usage error, 3 input rejected (nothing stored), 4 verification failed.
 */
import { conflictLines } from '../shared/domain/bundle-conflict'
import { basename, dirname, resolve } from 'node:path'
// synchronous file access: a command does one thing at a time, and node:fs/promises would cost every start
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { isEncryptedKey } from './identity/openssh-key'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { logToStderr, startCore, type Core } from './core'
import { headStartImporter } from './import/head-start'
import { cliOutput, terminalSafe } from './cli-output'
import type { Verdict, VerdictCheck } from '../shared/domain/verdict-types'
import type { DecisionKind } from '../shared/domain/decisions'
import { REVIEW_ACTIONS, type ReviewAction } from '../shared/domain/review-flow'
import { resolveDbPath } from './paths'
import { dispatch, dispatchLocal } from './ipc/dispatch'
import { fileHandlers } from './ipc/local'
import { fromFailure, toFailure } from './errors'
import { importBatches, MAX_DOCUMENTS_PER_CALL } from '../shared/ipc/upload'
import type { Result } from '../shared/result'
import type {
  ExportedVerdict,
  ImportFile,
  ImportOutcome,
  InvokeChannel,
  InvokeContract,
  UploadedFile
} from '../shared/ipc/contract'
import type { CaseSummary, ImportReceipt, SchemeImportResult } from '../shared/domain/types'

export const EXIT = { ok: 0, usage: 2, rejected: 3, verifyFailed: 4 } as const

const REGISTER_USAGE = `  register …                                                           the assessment body's register on PostgreSQL:
                                                                       serve, init, roster, push, pull, list, checkout,
                                                                       checkin, certify, revoke, publish, due
                                                                       (register help: each with its options)
`

/** out/main when built (this module is in a chunk under out/main/cli-chunks, see scripts/build-cli.mjs), else src/main */
const MAIN_DIR = basename(import.meta.dirname).endsWith('chunks')
  ? dirname(import.meta.dirname)
  : import.meta.dirname

const USAGE = `Auditor Workbench CLI

Usage: auditor-workbench <command> [options]      (from a checkout: npm run --silent cli -- <command>)

Commands:
  case create --id ID --scheme SCHEME --scheme-version V [--title T] [--previous CASE]
                                                                       create a case (--previous: the next round of CASE)
  round diff --case ID                                                 what changed per criterion since the earlier round
  round carry --case ID --key FILE                                     carry accepted decisions forward where unchanged
  case list                                                            list cases
  scheme list                                                          the schemes, with versions and definition hash
  scheme import FILE [--dry-run] [--force --reason TEXT]               update a scope or guideline: shows what changes;
                                                                       a stable version's change needs --force --reason
                                                                       (the reason goes into the audit log)
  import --case ID FILE...                                             import files; one receipt per file
                                                                       (FILE.sig beside FILE is its detached signature;
                                                                       a file of no known input format is attached as
                                                                       an evidence document)
  evidence list --case ID                                              the case's evidence documents (SHA-256, name)
  evidence add --case ID FILE...                                       attach files as evidence documents (never routed
                                                                       to the importers: an XLSX stays a document)
  evidence get --case ID --sha256 H --out FILE                         writes a document's bytes, byte-identical
  evidence remove --case ID --sha256 H --reason TEXT --key FILE      removes a document (a signed act, logged with its hash)
  export-template --case ID --out FILE.xlsx                            a blank XLSX questionnaire for the case
  review submit|accept|return|reopen --case ID --key FILE [--comment TEXT]
                                                                       the four-eyes review (accept: another auditor,
                                                                       with another key)
  audit-log verify --case ID                                           checks the chain, every signed act, and the
                                                                       case's tables against the log (exit 4 on any
                                                                       difference)
  identity create --name NAME --out FILE                               a new ed25519 key (FILE, FILE.pub), registered
                                                                       in the roster under NAME
  identity add --name NAME --pubkey FILE.pub [--key FILE]              registers a colleague's public key
  identity list [--allowed-signers]                                    the roster (or as an ssh-keygen allowed_signers
                                                                       file, to check entries with ssh-keygen -Y verify)
  bundle export --case ID --out FILE.awcase --key FILE [--hand-over [--comment T]]
                                                                       a case bundle: its input files and documents, its
                                                                       log with every signed act, the roster of who acted;
                                                                       the manifest signed with your key (format v2).
                                                                       --hand-over: the case is then locked here until
                                                                       a bundle comes back or it is taken back
  bundle verify FILE.awcase                                            checks a bundle whole (signatures, hashes, chain)
                                                                       and stores nothing
  bundle import FILE.awcase                                            opens a bundle: creates the case by replaying it,
                                                                       or fast-forwards it; refuses an older or diverged
                                                                       bundle (listing the conflict per criterion)
  bundle take-back --case ID --reason TEXT --key FILE                  takes a handed-over case back without its bundle
  bundle holder --case ID                                              who holds the case: handed over, newest head, last
                                                                       bundle received
${REGISTER_USAGE}  backup --out FILE                                                    a consistent copy of the workspace, checked
  findings --case ID [--at DATE]                                       every inconsistency between claims and evidence
  decide --case ID --criterion C [--subject S] --decision accept|reject|waive --comment TEXT
         --key FILE [--owner NAME] [--expires DATE]                    records a signed decision (waive: --owner, --expires)
         [--document SHA256]...                                        cites an evidence document (repeatable)
  verdict --case ID [--at DATE]                                        the verdict with a "why" per criterion
  export --case ID --out FILE.pdf --p12 FILE --passphrase-env VAR [--lang en|de] [--at DATE] [--body NAME]
         [--tsa URL]                                                   (--tsa: an RFC 3161 timestamp authority: PAdES-B-T)
                                                                       the signed verdict PDF (PAdES-B-B); the case
                                                                       must be accepted; the passphrase is read from
                                                                       the environment variable VAR, never from argv
  timestamp FILE.pdf --tsa URL [--out FILE.pdf] [--trust FILE.pem]    adds a document timestamp (ETSI.RFC3161) as an
                                                                       incremental update: the offline upgrade of a
                                                                       PAdES-B-B file; an authority the trust list
                                                                       does not hold is refused
  export --case ID --out FILE.pdf --pre-audit [--lang en|de]          an unsigned, watermarked pre-audit report
  verify FILE.pdf [--trust FILE.pem]                                   VALID, UNTRUSTED or INVALID with the reason and
                                                                       the signer's SHA-256 fingerprint: every signature,
                                                                       the chain to the trust list of assessment bodies
                                                                       (default: AUDITOR_WORKBENCH_TRUSTED_BODIES, else
                                                                       trusted-bodies.pem beside the workspace), the
                                                                       embedded verdict, the audit head (exit 4 unless VALID)

Every command takes:
  --db FILE   the workspace (default: AUDITOR_WORKBENCH_DB, else the app's user-data folder)
  --json      machine-readable output on stdout

Acting commands (decide, review, round carry) sign with the auditor's OpenSSH ed25519 key: --key FILE, or
AUDITOR_WORKBENCH_KEY=FILE. A passphrase is asked for on the terminal, or read from
AUDITOR_WORKBENCH_KEY_PASSPHRASE (for scripts). The auditor's name is the roster's name of that key.

Exit codes: 0 success, 2 usage error, 3 input rejected (nothing stored), 4 verification failed.
`

class UsageError extends Error {}

interface Io {
  out: (s: string) => void
  err: (s: string) => void
}

const COMMON = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  positionals = false
) {
  try {
    return parseArgs({
      args,
      options: { ...COMMON, ...options },
      allowPositionals: positionals,
      strict: true
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

function need(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`)
  return value
}

/**
 * A file the user named on the command line. One that cannot be read is a usage error naming it (as `what`
 * it is, where that helps) and why (ENOENT, EACCES, EISDIR, …), not a failure of the CLI.
 */
function readNamed(file: string): Buffer
function readNamed(file: string, encoding: 'utf8', what?: string): string
function readNamed(file: string, encoding?: 'utf8', what = ''): Buffer | string {
  try {
    return encoding ? readFileSync(file, encoding) : readFileSync(file)
  } catch (error) {
    throw new UsageError(`cannot read ${what}${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
}

/** The acting auditor's key: --key FILE or AUDITOR_WORKBENCH_KEY, and its passphrase if it has one. */
async function actingKey(flag: string | undefined): Promise<{ text: string; passphrase: string }> {
  const file = flag ?? process.env['AUDITOR_WORKBENCH_KEY']
  if (!file)
    throw new UsageError(
      "--key FILE is required (or AUDITOR_WORKBENCH_KEY): decisions and review steps are signed with the auditor's key"
    )
  const text = readNamed(file, 'utf8', 'the key ')
  let passphrase = process.env['AUDITOR_WORKBENCH_KEY_PASSPHRASE'] ?? ''
  if (!passphrase && isEncryptedKey(text)) {
    if (!process.stdin.isTTY)
      throw new UsageError(
        `${file} is protected by a passphrase: run on a terminal, or set AUDITOR_WORKBENCH_KEY_PASSPHRASE`
      )
    passphrase = await promptHidden(`Passphrase for ${file}: `)
  }
  return { text, passphrase }
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolvePrompt, reject) => {
    const stdin = process.stdin
    process.stderr.write(question)
    let typed = ''
    stdin.setRawMode(true)
    stdin.resume()
    const done = (error?: Error): void => {
      stdin.setRawMode(false)
      stdin.pause()
      stdin.off('data', onData)
      process.stderr.write('\n')
      if (error) reject(error)
      else resolvePrompt(typed)
    }
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done()
        if (ch === '\u0003') return done(new UsageError('cancelled'))
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1)
        else typed += ch
      }
    }
    stdin.on('data', onData)
  })
}

function formatReceipt(r: ImportReceipt): string {
  const lines = [
    `${r.file}: ${r.alreadyImported ? 'already imported (same SHA-256); nothing new stored' : 'imported'}`,
    `  kind       ${r.kind}`,
    `  sha256     ${r.sha256}`,
    `  size       ${r.size} bytes`,
    `  scope      ${r.scheme ? `${r.scheme.id} (${r.scheme.name})` : '-'}`,
    `  subjects   ${r.subjects.join(', ') || '-'}`,
    `  testcases  ${r.counts.accepted} accepted, ${r.counts.unknown} unknown, ${r.counts.missing} missing, ${r.counts.duplicate} duplicate`,
    `  signature  ${r.signature}${r.signer ? ` (${r.signer})` : ''}`
  ]
  if (r.missingTestcases.length) lines.push(`  missing    ${r.missingTestcases.join(', ')}`)
  if (r.unknownTestcases.length) lines.push(`  unknown    ${r.unknownTestcases.join(', ')}`)
  for (const m of r.versionMismatches) lines.push(`  mismatch   ${m}`)
  for (const n of r.notes) lines.push(`  note       ${n}`)
  return lines.join('\n')
}

function printSchemeImport(r: SchemeImportResult, io: Io): void {
  const what =
    r.outcome === 'unchanged'
      ? 'unchanged: the workspace already holds this definition'
      : r.outcome === 'older'
        ? 'not changed: the workspace holds a newer copy'
        : r.applied
          ? `${r.outcome}`
          : `would be ${r.outcome} (dry run; nothing written)`
  io.out(`${r.file}: scheme ${r.schemeId} (${r.name}), ${r.kind}: ${what}`)
  io.out(`  definition  ${r.definitionBefore ?? '(new)'} → ${r.definitionAfter}`)
  for (const c of r.changes) io.out(`  ${c.stable ? 'STABLE ' : 'change '} ${c.text}`)
  if (r.forcedReason) io.out(`  forced     reason logged: ${r.forcedReason}`)
}

function printCases(list: readonly CaseSummary[], io: Io): void {
  if (list.length === 0)
    return io.out('No cases yet. Create one with: case create --id ID --scheme SCHEME --scheme-version V')
  for (const c of list)
    io.out(
      `${c.id}\t${c.schemeId} ${c.schemeVersion}\t${c.fileCount} files\t${c.resultCount} results\t${c.title}`
    )
}

function printVerdict(v: Verdict, io: Io): void {
  io.out(`${v.schemeName} ${v.schemeVersion}, case ${v.caseId}, decision date ${v.decisionDate}`)
  io.out(
    `Outcome: ${v.outcome} (${v.outcomeName})${v.points !== undefined ? `, ${v.points} point(s)` : ''}${v.validUntil ? `, valid until ${v.validUntil}` : ''}`
  )
  io.out(`  why: ${v.why.rule}`)
  for (const f of v.why.facts) io.out(`    - ${f}`)
  for (const c of v.criteria) {
    io.out(
      `\n${c.status.padEnd(11)} ${c.criterion}${c.subject ? ` / ${c.subject}` : ''}${c.points !== undefined ? `  (${c.points} point${c.points === 1 ? '' : 's'})` : ''}`
    )
    io.out(`  why: ${c.why.rule}`)
    for (const f of c.why.facts) io.out(`    - ${f}`)
  }
  if (v.blocking.length) {
    io.out(`\nBlocking a certificate (${v.blocking.length}):`)
    for (const b of v.blocking) io.out(`  - ${b}`)
  }
}

/** The human text of `verify`: the outcome and its reason first, then every signature. */
function printCheck(c: VerdictCheck, file: string, io: Io): void {
  io.out(`${c.outcome}: ${file}`)
  io.out(`  reason: ${c.reason}`)
  io.out(`  signer fingerprint: ${c.fingerprint ? `SHA-256 ${c.fingerprint}` : '-'}`)
  const s = c.signature
  if (s.signer) io.out(`  signer: ${s.signer.subject} (issuer ${s.signer.issuer})`)
  if (s.trust)
    io.out(
      `  trust: ${s.trust.chained ? `chains to ${s.trust.path.at(-1)}` : 'does not chain to the trust list'} (${c.trustList.source}, ${c.trustList.entries} certificate(s)); checked at ${s.trust.checkedAt} (${s.trust.timeSource})`
    )
  if (s.signingTime) io.out(`  signed at: ${s.signingTime} (claimed by the signer)`)
  if (s.timestamp)
    io.out(
      `  timestamp: ${s.timestamp.time ?? '?'} by ${s.timestamp.tsa ?? '?'}${s.timestamp.ok && s.timestamp.trusted ? '' : ' (NOT accepted)'}`
    )
  io.out(`  signatures: ${c.signatures.length}`)
  c.signatures.forEach((x, i) =>
    io.out(
      `    ${i + 1}. ${x.kind === 'signature' ? 'signature' : 'document timestamp'} "${x.field}"${x.signer ? ` by ${x.signer.commonName} (SHA-256 ${x.signer.fingerprint})` : ''}: ${x.valid ? 'valid' : 'INVALID'}${x.subFilter ? ` (${x.subFilter})` : ''}, ${x.coversWholeDocument ? 'covers the whole file' : x.modifiedAfter ? 'does NOT cover the whole file: the file was changed after it' : `covers the file up to byte ${x.signedBytes}; only document timestamps follow`}`
    )
  )
  if (c.verdict.id)
    io.out(
      `  verdict: ${c.verdict.id}, case ${c.verdict.caseId}, outcome ${c.verdict.outcome}, decision date ${c.verdict.decisionDate}${c.verdict.validUntil ? `, valid until ${c.verdict.validUntil}${c.verdict.lapsed ? ' (LAPSED: no longer a current certificate)' : ''}` : ''}; embedded JSON ${c.verdict.matches ? 'matches' : 'DOES NOT match'} the document`
    )
  io.out(`  audit log: ${c.audit.message}`)
  if (c.audit.note) io.out(`  note: ${c.audit.note}`)
  for (const p of c.problems) io.out(`  problem: ${p}`)
  if (c.outcome === 'UNTRUSTED')
    io.out(
      '  to trust this body: add its CA certificate (PEM) to the trust list, with --trust FILE, AUDITOR_WORKBENCH_TRUSTED_BODIES or trusted-bodies.pem beside the workspace'
    )
}

async function withCore<T>(db: string | undefined, fn: (core: Core) => Promise<T>): Promise<T> {
  const core = await startCore({
    dbPath: resolveDbPath(db),
    mainDir: MAIN_DIR,
    transport: 'bridge'
  })
  try {
    return await fn(core)
  } finally {
    await core.close()
  }
}

/** Unwraps a Result for the CLI: failures print their message and map to an exit code. */
function unwrap<T>(r: Result<T>, io: Io, json: boolean): T | number {
  if (r.ok) return r.value
  if (json) io.out(JSON.stringify({ ok: false, error: r.error }, null, 2))
  else io.err(`error: ${r.error.message}`)
  return r.error.code === 'INPUT_REJECTED' ? EXIT.rejected : r.error.code === 'INTERNAL' ? 1 : EXIT.usage
}

/** identity:unlock's argument for a key file's text and passphrase */
const keyArgs = (key: { text: string; passphrase: string }) => ({
  keyBase64: Buffer.from(key.text).toString('base64'),
  passphrase: key.passphrase
})

/**
 * One channel through dispatch on an open core. With `key`, the session's auditor first: the roster names the
 * key's holder, and every act of this run is signed with it (a key that does not open is the failure).
 */
async function runChannel<C extends InvokeChannel>(
  core: Core,
  channel: C,
  args: Parameters<InvokeContract[C]>,
  key?: { text: string; passphrase: string }
): Promise<Result<ReturnType<InvokeContract[C]>>> {
  if (key) {
    const opened = await dispatch(core.handlers, 'identity:unlock', [keyArgs(key)], logToStderr)
    if (!opened.ok) return opened
  }
  return (await dispatch(core.handlers, channel, args, logToStderr)) as Result<ReturnType<InvokeContract[C]>>
}

/** Runs one channel through dispatch on an open core: its value, or the exit code of its printed failure. */
async function callChannel<C extends InvokeChannel>(
  core: Core,
  io: Io,
  json: boolean,
  channel: C,
  args: Parameters<InvokeContract[C]>
): Promise<{ value: ReturnType<InvokeContract[C]> } | { code: number }> {
  const r = await runChannel(core, channel, args)
  return r.ok ? { value: r.value } : { code: unwrap(r, io, json) as number }
}

/**
 * Runs one channel of the contract on the workspace and prints its value: as JSON with --json, else as
 * the human text `human` writes. A failure prints its message and maps to an exit code.
 */
async function viaChannel<C extends InvokeChannel>(
  io: Io,
  values: { db?: string | undefined; json?: boolean | undefined },
  channel: C,
  args: Parameters<InvokeContract[C]>,
  human: (value: ReturnType<InvokeContract[C]>) => void,
  json: (value: ReturnType<InvokeContract[C]>) => unknown = (v) => v,
  key?: { text: string; passphrase: string },
  /** runs on success, before anything is printed (writing files the value holds) */
  then?: (value: ReturnType<InvokeContract[C]>) => Promise<void>
): Promise<number> {
  return withCore(values.db, async (core) => {
    const r = await runChannel(core, channel, args, key)
    const value = unwrap(r, io, !!values.json)
    if (typeof value === 'number' && !r.ok) return value
    const v = value as ReturnType<InvokeContract[C]>
    await then?.(v)
    if (values.json) io.out(JSON.stringify(json(v), null, 2))
    else human(v)
    return EXIT.ok
  })
}

/** One handler per command; each parses its own options and returns the exit code. */
const COMMANDS: Record<string, (rest: string[], io: Io) => Promise<number>> = {
  case: async (rest, io) => {
    const [sub, ...args] = rest
    if (sub === 'create') {
      const { values } = parse(args, {
        id: { type: 'string' },
        scheme: { type: 'string' },
        'scheme-version': { type: 'string' },
        title: { type: 'string' },
        previous: { type: 'string' }
      })
      const input = {
        id: need(values.id, '--id'),
        schemeId: need(values.scheme, '--scheme'),
        schemeVersion: need(values['scheme-version'], '--scheme-version'),
        ...(values.title ? { title: values.title } : {}),
        ...(values.previous ? { previousCaseId: values.previous } : {})
      }
      return await viaChannel(io, values, 'cases:create', [input], (c) =>
        io.out(
          `Created case ${c.id} (${c.schemeId} ${c.schemeVersion}${c.previousCaseId ? `, round ${c.round} after ${c.previousCaseId}` : ''}).`
        )
      )
    }
    if (sub === 'list') {
      const { values } = parse(args, {})
      return await viaChannel(io, values, 'cases:list', [], (list) => printCases(list, io))
    }
    throw new UsageError(`unknown case subcommand "${sub ?? ''}"; use "case create" or "case list"`)
  },
  scheme: async (rest, io) => {
    const [sub, ...args] = rest
    if (sub === 'list') {
      const { values } = parse(args, {})
      return await viaChannel(io, values, 'schemes:list', [], (list) => {
        for (const x of list)
          io.out(`${x.id}\t${x.kind}\t${x.versions.join(', ')}\t${x.sha256.slice(0, 16)}\t${x.name}`)
      })
    }
    if (sub !== 'import')
      throw new UsageError('use: scheme list, or scheme import FILE [--dry-run] [--force --reason TEXT]')
    const { values, positionals } = parse(
      args,
      { 'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, reason: { type: 'string' } },
      true
    )
    if (positionals.length !== 1) throw new UsageError('scheme import takes one FILE')
    if (values.force && !values.reason?.trim())
      throw new UsageError('--force needs --reason TEXT; the reason goes into the audit log')
    if (values.reason && !values.force) throw new UsageError('--reason is only used with --force')
    const path = positionals[0]!
    const file = { name: basename(path), base64: readNamed(path).toString('base64') }
    const print = (r: SchemeImportResult): void => printSchemeImport(r, io)
    if (values['dry-run']) return await viaChannel(io, values, 'schemes:preview', [file], print)
    return await viaChannel(
      io,
      values,
      'schemes:import',
      values.force ? [file, { reason: values.reason! }] : [file],
      print
    )
  },
  import: async (rest, io) => {
    const { values, positionals } = parse(rest, { case: { type: 'string' } }, true)
    const caseId = need(values.case, '--case')
    if (positionals.length === 0) throw new UsageError('name at least one FILE to import')
    // the import worker starts first: Node starts its thread and it loads its code while this thread
    // opens the workspace and reads the files; the workspace adopts it
    headStartImporter(MAIN_DIR)
    return await withCore(values.db, async (core) => {
      const json = !!values.json
      core.startImporter()
      const outcomes: ImportOutcome[] = []
      const files: ImportFile[] = []
      const given = new Set(positionals.map((p) => resolve(p)))
      for (const path of positionals) {
        let bytes: Buffer
        try {
          bytes = readFileSync(path)
        } catch (error) {
          outcomes.push({
            file: path,
            ok: false,
            error: {
              code: 'INPUT_REJECTED',
              message: `${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
              details: { file: path, place: '(whole file)', reason: 'cannot read the file' }
            }
          })
          continue
        }
        files.push({ name: basename(path), bytes })
        // a detached signature beside a report (report.yaml.sig) comes along with it
        const sig = `${path}.sig`
        if (!given.has(resolve(sig)) && existsSync(sig))
          files.push({ name: `${basename(path)}.sig`, bytes: readNamed(sig) })
      }
      // no file could be read: the case is still checked first, as an import checks it
      if (files.length === 0) {
        const c = await callChannel(core, io, json, 'cases:get', [caseId])
        if ('code' in c) return c.code
      }
      for (const batch of importBatches(files)) {
        const r = await callChannel(core, io, json, 'import:files', [caseId, batch])
        if ('code' in r) return r.code
        outcomes.push(...r.value)
      }
      if (json) io.out(JSON.stringify(outcomes, null, 2))
      else
        for (const o of outcomes) {
          if (o.ok) io.out(formatReceipt(o.receipt))
          else
            io.err(
              `${o.file}: REJECTED, nothing stored\n  place   ${o.error.details?.place ?? '-'}\n  reason  ${o.error.details?.reason ?? o.error.message}`
            )
        }
      return outcomes.every((o) => o.ok) ? EXIT.ok : EXIT.rejected
    })
  },
  findings: async (rest, io) => {
    const { values } = parse(rest, { case: { type: 'string' }, at: { type: 'string' } })
    const caseId = need(values.case, '--case')
    return await viaChannel(
      io,
      values,
      'cases:review',
      values.at ? [caseId, values.at] : [caseId],
      (r) => {
        const c = r.counts.bySeverity
        io.out(
          `Case ${caseId} at ${r.decisionDate}: ${r.findings.length} finding(s): ${c.blocker} blocker, ${c.major} major, ${c.minor} minor, ${c.info} info`
        )
        for (const f of r.findings) {
          io.out(
            `\n[${f.severity}] ${f.type}  ${[f.criterion, f.subject].filter(Boolean).join(' / ') || '(case)'}`
          )
          io.out(`  ${f.message}`)
          if (f.evidence) io.out(`  evidence: ${f.evidence}`)
        }
      },
      (r) => r.findings
    )
  },
  round: async (rest, io) => {
    const [sub, ...args] = rest
    if (sub === 'diff') {
      const { values } = parse(args, { case: { type: 'string' } })
      return await viaChannel(io, values, 'cases:roundDiff', [need(values.case, '--case')], (d) => {
        io.out(
          `Round ${d.round} (${d.caseId}) against round ${d.round - 1} (${d.previousCaseId}): ${d.counts.changed} changed, ${d.counts.unchanged} unchanged`
        )
        for (const r of d.rows.filter((x) => x.changes.length > 0)) {
          io.out(
            `\n${r.unchanged ? 'unchanged' : 'CHANGED  '} ${r.criterion}${r.subject ? ` / ${r.subject}` : ''}`
          )
          for (const ch of r.changes) io.out(`  ${ch.kind}: ${ch.before || '—'} → ${ch.after || '—'}`)
        }
      })
    }
    if (sub === 'carry') {
      const { values } = parse(args, { case: { type: 'string' }, key: { type: 'string' } })
      const caseId = need(values.case, '--case')
      return await viaChannel(
        io,
        values,
        'cases:carryForward',
        [caseId],
        (list) => {
          io.out(`Carried forward ${list.length} accepted decision(s).`)
          for (const d of list) io.out(`  ${d.criterion}${d.subject ? ` / ${d.subject}` : ''}`)
        },
        undefined,
        await actingKey(values.key)
      )
    }
    throw new UsageError(`unknown round subcommand "${sub ?? ''}"; use "round diff" or "round carry"`)
  },
  export: async (rest, io) => {
    const { values } = parse(rest, {
      case: { type: 'string' },
      out: { type: 'string' },
      p12: { type: 'string' },
      'passphrase-env': { type: 'string' },
      'pre-audit': { type: 'boolean' },
      lang: { type: 'string' },
      at: { type: 'string' },
      body: { type: 'string' },
      tsa: { type: 'string' }
    })
    const lang = values.lang ?? 'en'
    if (lang !== 'en' && lang !== 'de') throw new UsageError('--lang must be en or de')
    const out = resolve(need(values.out, '--out'))
    const preAudit = !!values['pre-audit']
    let signer: { p12Base64: string; passphrase: string } | null = null
    if (!preAudit) {
      const p12 = need(values.p12, '--p12 (or --pre-audit for an unsigned report)')
      const envName = need(values['passphrase-env'], '--passphrase-env')
      const passphrase = process.env[envName]
      if (passphrase === undefined) throw new UsageError(`the environment variable ${envName} is not set`)
      signer = { p12Base64: readNamed(p12).toString('base64'), passphrase }
    }
    const input = {
      caseId: need(values.case, '--case'),
      lang: lang as 'en' | 'de',
      preAudit,
      ...(values.at ? { at: values.at } : {}),
      ...(values.body ? { body: values.body } : {}),
      ...(values.tsa ? { tsaUrl: values.tsa } : {}),
      ...(signer ?? {})
    }
    return await withCore(values.db, async (core) => {
      const r = (await dispatch(
        core.handlers,
        'verdict:export',
        [input],
        logToStderr
      )) as Result<ExportedVerdict>
      signer = null
      const value = unwrap(r, io, !!values.json)
      if (!r.ok) return value as number
      const { base64, ...meta } = r.value
      writeFileSync(out, Buffer.from(base64, 'base64'))
      if (values.json) io.out(JSON.stringify({ ...meta, file: out }, null, 2))
      else
        io.out(
          `Wrote ${out}: ${meta.signed ? 'signed' : 'pre-audit (unsigned)'} verdict ${meta.verdictId}, outcome ${meta.outcome}, verdict sha-256 ${meta.sha256}.${meta.awaitsTimestamp ? `\nNo timestamp authority was given (--tsa URL): the file is PAdES-B-B and awaits a timestamp. Add one when online: auditor-workbench timestamp ${out} --tsa URL` : ''}`
        )
      return EXIT.ok
    })
  },
  verify: async (rest, io) => {
    const { values, positionals } = parse(rest, { trust: { type: 'string' } }, true)
    if (positionals.length !== 1) throw new UsageError('verify takes one PDF file')
    const file = resolve(positionals[0]!)
    const bytes = readNamed(file)
    const trust = values.trust ? resolve(values.trust) : null
    const options = trust ? { trustPem: readNamed(trust, 'utf8'), trustSource: trust } : undefined
    return await withCore(values.db, async (core) => {
      const r = (await dispatch(
        core.handlers,
        'verdict:verify',
        [{ name: basename(file), base64: bytes.toString('base64') }, ...(options ? [options] : [])],
        logToStderr
      )) as Result<VerdictCheck>
      const value = unwrap(r, io, !!values.json)
      if (!r.ok) return value as number
      const c = r.value
      if (values.json) io.out(JSON.stringify(c, null, 2))
      else printCheck(c, file, io)
      return c.outcome === 'VALID' ? EXIT.ok : EXIT.verifyFailed
    })
  },
  timestamp: async (rest, io) => {
    const { values, positionals } = parse(
      rest,
      { tsa: { type: 'string' }, out: { type: 'string' }, trust: { type: 'string' } },
      true
    )
    if (positionals.length !== 1) throw new UsageError('timestamp takes one signed PDF file')
    const file = resolve(positionals[0]!)
    const tsa = need(values.tsa, '--tsa')
    const out = resolve(values.out ?? file)
    // the authority must chain to the signer's own trust list, found as verify finds it
    const trust = values.trust
      ? resolve(values.trust)
      : (await import('./pdf/trust')).trustListPath(resolveDbPath(values.db))
    // no workspace: the channel's handler works on the files alone
    const r = await dispatchLocal(fileHandlers, 'pdf:timestamp', [file, tsa, out, trust], logToStderr)
    const value = unwrap(r, io, !!values.json)
    if (!r.ok) return value as number
    io.out(
      values.json
        ? JSON.stringify({ ok: true, file: r.value.file, bytes: r.value.bytes }, null, 2)
        : `Added a document timestamp (ETSI.RFC3161) from ${tsa} to ${r.value.file}.`
    )
    return EXIT.ok
  },
  verdict: async (rest, io) => {
    const { values } = parse(rest, { case: { type: 'string' }, at: { type: 'string' } })
    const caseId = need(values.case, '--case')
    return await viaChannel(io, values, 'cases:verdict', values.at ? [caseId, values.at] : [caseId], (v) =>
      printVerdict(v, io)
    )
  },
  decide: async (rest, io) => {
    const { values } = parse(rest, {
      case: { type: 'string' },
      criterion: { type: 'string' },
      subject: { type: 'string' },
      decision: { type: 'string' },
      comment: { type: 'string' },
      key: { type: 'string' },
      owner: { type: 'string' },
      expires: { type: 'string' },
      document: { type: 'string', multiple: true }
    })
    const decision = need(values.decision, '--decision')
    if (!['accept', 'reject', 'waive'].includes(decision))
      throw new UsageError('--decision must be accept, reject or waive')
    const input = {
      caseId: need(values.case, '--case'),
      criterion: need(values.criterion, '--criterion'),
      subject: values.subject ?? '',
      decision: decision as DecisionKind,
      comment: values.comment ?? '',
      waiverOwner: values.owner ?? null,
      waiverExpires: values.expires ?? null,
      ...(values.document ? { documents: values.document } : {})
    }
    return await viaChannel(
      io,
      values,
      'decisions:record',
      [input],
      (rec) =>
        io.out(
          `Recorded: ${rec.decision} ${rec.criterion}${rec.subject ? ` / ${rec.subject}` : ''} by ${rec.auditor} at ${rec.decidedAt} (signed).`
        ),
      undefined,
      await actingKey(values.key)
    )
  },
  review: async (rest, io) => {
    const [action, ...args] = rest
    if (!action || !REVIEW_ACTIONS.includes(action as ReviewAction))
      throw new UsageError('review needs one of: submit, accept, return, reopen')
    const { values } = parse(args, {
      case: { type: 'string' },
      key: { type: 'string' },
      comment: { type: 'string' }
    })
    const caseId = need(values.case, '--case')
    return await viaChannel(
      io,
      values,
      'cases:reviewFlow',
      [caseId, action as ReviewAction, values.comment ?? ''],
      (c) =>
        io.out(
          `Case ${c.id} is now ${c.status}${c.status === 'accepted' ? ` (locked; submitted by ${c.submittedBy}, accepted by ${c.acceptedBy})` : ''}.`
        ),
      undefined,
      await actingKey(values.key)
    )
  },
  bundle: async (rest, io) => {
    const [sub, ...args] = rest
    if (sub === 'export') {
      const { values } = parse(args, {
        case: { type: 'string' },
        out: { type: 'string' },
        key: { type: 'string' },
        'hand-over': { type: 'boolean' },
        comment: { type: 'string' }
      })
      const caseId = need(values.case, '--case')
      const out = resolve(need(values.out, '--out'))
      if (existsSync(out)) throw new UsageError(`${out} exists; choose a new file`)
      const handOver = !!values['hand-over']
      return await viaChannel(
        io,
        values,
        'bundle:export',
        [caseId, { handOver, ...(values.comment !== undefined ? { comment: values.comment } : {}) }],
        (b) =>
          io.out(
            `Wrote ${out}: case ${caseId}, ${b.entries} log entries up to case entry ${b.head.seq} (${b.head.hash}), ${b.files} input files, ${b.documents} evidence documents; signed by your key.${b.handedOver ? ` Case ${caseId} is handed over: nothing is recorded on it here until a bundle comes back (bundle import) or you take it back (bundle take-back).` : ''}`
          ),
        (b) => ({ ...b, base64: undefined, file: out }),
        await actingKey(values.key),
        async (b) => {
          writeFileSync(out, Buffer.from(b.base64, 'base64'), { flag: 'wx' })
        }
      )
    }
    if (sub === 'verify') {
      const { values, positionals } = parse(args, {}, true)
      if (positionals.length !== 1) throw new UsageError('bundle verify takes one FILE.awcase')
      const file = resolve(positionals[0]!)
      const bytes = readNamed(file)
      return await viaChannel(
        io,
        values,
        'bundle:verify',
        [{ name: basename(file), base64: bytes.toString('base64') }],
        (b) => {
          io.out(`VALID: ${file}`)
          io.out(`  case ${b.caseId} "${b.title}" (${b.schemeId} ${b.schemeVersion})`)
          io.out(`  handed over by ${b.exporter.name} (${b.exporter.fingerprint}) at ${b.exportedAt}`)
          io.out(
            `  log: ${b.entries} entries, ${b.signedActs} signed acts, head case entry ${b.head.seq} (${b.head.hash})`
          )
          io.out(`  input files: ${b.files.join(', ') || 'none'}`)
          io.out(`  evidence documents: ${b.documents.join(', ') || 'none'}`)
          io.out(`  auditors: ${b.auditors.join(', ')}`)
        }
      )
    }
    if (sub === 'import') {
      const { values, positionals } = parse(args, {}, true)
      if (positionals.length !== 1) throw new UsageError('bundle import takes one FILE.awcase')
      const file = resolve(positionals[0]!)
      const bytes = readNamed(file)
      let refused = false
      const rc = await viaChannel(
        io,
        values,
        'bundle:import',
        [{ name: basename(file), base64: bytes.toString('base64') }],
        (r) => {
          io.out(r.message)
          for (const line of conflictLines(r.conflict)) io.out(line)
        },
        undefined,
        undefined,
        async (r) => {
          refused = r.outcome === 'diverged' || r.outcome === 'behind'
        }
      )
      return rc === EXIT.ok && refused ? EXIT.rejected : rc
    }
    if (sub === 'take-back') {
      const { values } = parse(args, {
        case: { type: 'string' },
        reason: { type: 'string' },
        key: { type: 'string' }
      })
      const caseId = need(values.case, '--case')
      return await viaChannel(
        io,
        values,
        'bundle:take-back',
        [caseId, need(values.reason, '--reason')],
        () =>
          io.out(
            `Case ${caseId} taken back: acts are recorded here again. The other side will see this as a divergence.`
          ),
        undefined,
        await actingKey(values.key)
      )
    }
    if (sub === 'holder') {
      const { values } = parse(args, { case: { type: 'string' } })
      const caseId = need(values.case, '--case')
      return await viaChannel(io, values, 'bundle:holder', [caseId], (h) => {
        io.out(
          h.handedOver
            ? `Case ${caseId} is handed over (by ${h.head!.actor} at ${h.head!.at}); nothing is recorded on it here.`
            : `Case ${caseId} is held here.`
        )
        if (h.head)
          io.out(
            `  newest head: case entry ${h.head.caseSeq} (${h.head.action} by ${h.head.actor} at ${h.head.at})`
          )
        if (h.received)
          io.out(
            `  last bundle received: from ${h.received.from}, exported ${h.received.exportedAt}, opened ${h.received.importedAt} (${h.received.outcome} to case entry ${h.received.caseSeq})`
          )
      })
    }
    throw new UsageError(
      `unknown bundle subcommand "${sub ?? ''}"; use "bundle export", "bundle verify", "bundle import", "bundle take-back" or "bundle holder"`
    )
  },
  'audit-log': async (rest, io) => {
    const [sub, ...args] = rest
    if (sub !== 'verify') throw new UsageError('use: audit-log verify --case ID')
    const { values } = parse(args, { case: { type: 'string' } })
    const caseId = need(values.case, '--case')
    return await withCore(values.db, async (core) => {
      const v = await callChannel(core, io, !!values.json, 'audit:verify', [caseId])
      if ('code' in v) return v.code
      const r = v.value
      if (values.json) io.out(JSON.stringify(r, null, 2))
      else {
        if (r.broken)
          io.err(
            `audit log BROKEN at entry ${r.broken.seq} (position ${r.broken.position}): ${r.broken.reason}`
          )
        for (const p of r.problems)
          io.err(
            `NOT THE LOG: ${[p.entry ? `entry ${p.entry}` : '', p.row ?? ''].filter(Boolean).join(', ')}: ${p.message}`
          )
        if (r.ok)
          io.out(
            `audit log intact: ${r.entries} entries (${r.caseEntries} for case ${caseId}), head ${r.head}; every signed act holds and the case's tables match the log`
          )
      }
      return r.ok ? EXIT.ok : EXIT.verifyFailed
    })
  },
  backup: async (rest, io) => {
    const { values } = parse(rest, { out: { type: 'string' } })
    const out = resolve(need(values.out, '--out'))
    if (existsSync(out)) throw new UsageError(`${out} exists; choose a new file`)
    return await withCore(values.db, async (core) => {
      const b = await dispatchLocal(core.local, 'workspace:backup', [out], logToStderr)
      if (!b.ok) return unwrap(b, io, !!values.json) as number
      const r = b.value
      io.out(
        values.json
          ? JSON.stringify(r, null, 2)
          : `Backed up to ${out}: ${r.bytes} bytes, integrity ok, audit log intact (${r.auditEntries} entries).`
      )
      return EXIT.ok
    })
  },
  identity: async (rest, io) => {
    const [sub, ...args] = rest
    if (sub === 'create') {
      const { values } = parse(args, { name: { type: 'string' }, out: { type: 'string' } })
      const name = need(values.name, '--name')
      const out = resolve(need(values.out, '--out'))
      if (existsSync(out) || existsSync(`${out}.pub`))
        throw new UsageError(`${out} or ${out}.pub exists; choose a new file (a key is never overwritten)`)
      let passphrase = process.env['AUDITOR_WORKBENCH_KEY_PASSPHRASE'] ?? ''
      if (!passphrase && process.stdin.isTTY) {
        passphrase = await promptHidden('Passphrase for the new key (empty for none): ')
        if (passphrase && passphrase !== (await promptHidden('Same passphrase again: ')))
          throw new UsageError('the passphrases differ; nothing was created')
      }
      return await viaChannel(
        io,
        values,
        'identity:create',
        [{ name, ...(passphrase ? { passphrase } : {}) }],
        (c) =>
          io.out(
            `Created ${out} (${passphrase ? 'protected by a passphrase' : 'NO passphrase'}) and ${out}.pub; registered "${c.identity.name}" with key ${c.identity.fingerprint}.`
          ),
        (c) => ({ ...c.identity, file: out, privateKey: undefined }),
        undefined,
        async (c) => {
          writeFileSync(out, c.privateKey, { mode: 0o600, flag: 'wx' })
          writeFileSync(`${out}.pub`, `${c.identity.publicKey} ${c.identity.name}\n`, { flag: 'wx' })
        }
      )
    }
    if (sub === 'add') {
      const { values } = parse(args, {
        name: { type: 'string' },
        pubkey: { type: 'string' },
        key: { type: 'string' }
      })
      const name = need(values.name, '--name')
      const file = need(values.pubkey, '--pubkey')
      const line = readNamed(file, 'utf8')
      return await viaChannel(
        io,
        values,
        'identity:add',
        [name, line],
        (a) => io.out(`Registered "${a.name}" with key ${a.fingerprint}.`),
        undefined,
        values.key || process.env['AUDITOR_WORKBENCH_KEY'] ? await actingKey(values.key) : undefined
      )
    }
    if (sub === 'list') {
      const { values } = parse(args, { 'allowed-signers': { type: 'boolean' } })
      return await viaChannel(io, values, 'identity:list', [], (list) => {
        if (values['allowed-signers']) {
          for (const a of list)
            io.out(
              `${a.name.includes(' ') ? `"${a.name}"` : a.name} namespaces="auditor-workbench" ${a.publicKey}`
            )
          return
        }
        if (list.length === 0)
          io.out('No auditors yet. Create a key with: identity create --name NAME --out FILE')
        for (const a of list) io.out(`${a.name}\t${a.fingerprint}\tregistered ${a.addedAt}`)
      })
    }
    throw new UsageError(`unknown identity subcommand "${sub ?? ''}"; use "identity create", "add" or "list"`)
  },
  evidence: async (rest, io) => {
    const [sub, ...args] = rest
    const o = { case: { type: 'string' }, sha256: { type: 'string' } } as const
    if (sub === 'list') {
      const { values } = parse(args, o)
      return await viaChannel(io, values, 'documents:list', [need(values.case, '--case')], (list) => {
        if (list.length === 0) io.out('No evidence documents.')
        for (const d of list)
          io.out(
            `${d.sha256}  ${String(d.size).padStart(10)}  ${d.mediaType.padEnd(15)}  ${d.importedAt}  ${d.name}`
          )
      })
    }
    if (sub === 'add') {
      const { values, positionals } = parse(args, o, true)
      const caseId = need(values.case, '--case')
      if (positionals.length === 0) throw new UsageError('name at least one FILE to attach')
      const files: UploadedFile[] = positionals.map((p) => ({
        name: basename(p),
        base64: readNamed(p).toString('base64')
      }))
      return await withCore(values.db, async (core) => {
        const json = !!values.json
        const outcomes: ImportOutcome[] = []
        for (let i = 0; i < files.length; i += MAX_DOCUMENTS_PER_CALL) {
          const r = await callChannel(core, io, json, 'documents:attach', [
            caseId,
            files.slice(i, i + MAX_DOCUMENTS_PER_CALL)
          ])
          if ('code' in r) return r.code
          outcomes.push(...r.value)
        }
        if (json) io.out(JSON.stringify(outcomes, null, 2))
        for (const x of outcomes)
          if (!json)
            if (x.ok) io.out(formatReceipt(x.receipt))
            else
              io.err(
                `${x.file}: REJECTED, nothing stored\n  reason  ${x.error.details?.reason ?? x.error.message}`
              )
        return outcomes.every((x) => x.ok) ? EXIT.ok : EXIT.rejected
      })
    }
    if (sub === 'get') {
      const { values } = parse(args, { ...o, out: { type: 'string' } })
      const out = need(values.out, '--out')
      const args2: Parameters<InvokeContract['documents:get']> = [
        need(values.case, '--case'),
        need(values.sha256, '--sha256')
      ]
      return await withCore(values.db, async (core) => {
        const r = await callChannel(core, io, !!values.json, 'documents:get', args2)
        if ('code' in r) return r.code
        const c = r.value
        const bytes = Buffer.from(c.base64, 'base64')
        writeFileSync(out, bytes)
        io.out(
          values.json
            ? JSON.stringify({ ok: true, file: resolve(out), sha256: c.sha256, bytes: bytes.length })
            : `Wrote ${c.name} (${bytes.length} bytes, sha256 ${c.sha256}) to ${out}.`
        )
        return EXIT.ok
      })
    }
    if (sub === 'remove') {
      const { values } = parse(args, { ...o, reason: { type: 'string' }, key: { type: 'string' } })
      const args3: Parameters<InvokeContract['documents:remove']> = [
        need(values.case, '--case'),
        need(values.sha256, '--sha256'),
        need(values.reason, '--reason')
      ]
      return await viaChannel(
        io,
        values,
        'documents:remove',
        args3,
        (d) =>
          io.out(
            `Removed ${d.name} (sha256 ${d.sha256}) from case ${args3[0]}; the audit log keeps its hash (signed).`
          ),
        undefined,
        await actingKey(values.key)
      )
    }
    throw new UsageError(`unknown evidence subcommand "${sub ?? ''}"; use list, add, get or remove`)
  },
  register: async (rest, io) => {
    const { registerCommand, REGISTER_USAGE: detail } = await import('./register/cli')
    if (rest[0] === 'help' || rest.length === 0) {
      io.out(`Usage: auditor-workbench register <subcommand> [options]\n\n${detail}`)
      return rest.length === 0 ? EXIT.usage : EXIT.ok
    }
    return await registerCommand(rest, {
      parse: (args, options, positionals) =>
        parse(args, options as NonNullable<ParseArgsConfig['options']>, positionals) as {
          values: Record<string, string | boolean | string[] | undefined>
          positionals: string[]
        },
      usage: (message) => new UsageError(message),
      actingKey,
      call: (db, channel, args, key) =>
        withCore(db, async (core) => {
          const r = await runChannel(core, channel, args, key)
          if (!r.ok) throw fromFailure(r.error)
          return r.value
        }),
      out: io.out,
      err: io.err
    })
  },
  'export-template': async (rest, io) => {
    const { values } = parse(rest, { case: { type: 'string' }, out: { type: 'string' } })
    const caseId = need(values.case, '--case')
    const out = need(values.out, '--out')
    if (!/\.xlsx$/i.test(out)) throw new UsageError('--out must name an .xlsx file')
    return await withCore(values.db, async (core) => {
      const r = await callChannel(core, io, !!values.json, 'cases:exportTemplate', [caseId])
      if ('code' in r) return r.code
      const buf = Buffer.from(r.value.base64, 'base64')
      writeFileSync(out, buf)
      io.out(
        values.json
          ? JSON.stringify({ ok: true, file: resolve(out), bytes: buf.length })
          : `Wrote the questionnaire for case ${caseId} to ${out}.`
      )
      return EXIT.ok
    })
  }
}

export async function runCli(
  argv: string[],
  terminal: Io = { out: (s) => console.log(s), err: (s) => console.error(s) }
): Promise<number> {
  // every line, whatever the command: no control sequence of a file reaches the terminal
  const io: Io = { out: (s) => terminal.out(terminalSafe(s)), err: (s) => terminal.err(terminalSafe(s)) }
  const [command, ...rest] = argv
  try {
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      io.out(USAGE)
      return command ? EXIT.ok : EXIT.usage
    }
    // own keys only: "constructor" or "__proto__" are not commands
    if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(`unknown command "${command}"`)
    return await COMMANDS[command]!(rest, io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`usage error: ${error.message}\nRun "auditor-workbench help" for the commands.`)
      return EXIT.usage
    }
    // anything else is mapped as every face maps it: an expected failure says what, the rest is INTERNAL (exit 1)
    return unwrap(toFailure(error, logToStderr, 'CLI'), io, rest.includes('--json')) as number
  }
}

/**
 * Runs the CLI as a process: prints, then sets the exit code and ends once stdout and stderr have taken
 * every byte. A pipe takes output asynchronously, so `process.exit()` right after a large write would cut
 * it (at 64 KB, the pipe's buffer) and still report success. The output goes to the descriptors directly
 * while they take it (cli-output.ts), which spares a start the streams.
 */
export async function main(argv: string[]): Promise<void> {
  const output = cliOutput()
  let code: number
  try {
    code = await runCli(argv, output)
  } catch (error) {
    logToStderr('CLI failed', error)
    code = 1
  }
  process.exitCode = code
  await output.flush()
  // nothing of ours is left to write; a handle a library left open must not keep the CLI alive
  process.exit(code)
}
