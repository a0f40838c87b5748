/**
 * THE contract. Every channel is declared once here; the Electron preload, the loopback bridge,
 * the renderer's call() and the main-process handler table are all derived from it.
 * Payloads are JSON-safe: ISO date strings, plain objects, bytes as base64.
 */
import type { AppErrorData, Result } from '../result'
import type { Decision, DecisionRequest } from '../domain/decisions'
import type { AuditorIdentity } from '../domain/identity'
import type { ReviewAction } from '../domain/review-flow'
import type { Verdict, VerdictCheck } from '../domain/verdict-types'
import type { CaseReview } from '../domain/review'
import type { RoundDiff } from '../domain/rounds'
import type { DocumentContent, EvidenceDocument } from '../domain/documents'
import type { RegisterOverview, RegisterPushResult, RegisterSettings } from '../register/desk'
import type {
  LogExcerpt,
  LogProblem,
  AuditEntry,
  CaseDetail,
  CaseSummary,
  ImportReceipt,
  ResultRow,
  SchemeDetail,
  SchemeImportResult,
  SchemeSummary
} from '../domain/types'

export interface AppInfo {
  readonly version: string
  readonly dbPath: string
  readonly transport: 'electron' | 'bridge'
  /** the trust list of report signers (ssh-keygen allowed_signers format) */
  readonly allowedSignersPath: string
  /** the OS keychain can hold signing-key passphrases (Electron safeStorage); false in browser mode */
  readonly keychain: boolean
  /** set when AUDITOR_WORKBENCH_CLOCK fixes the clock (tests, demos, re-runs): every "today" is this time */
  readonly clockFixedAt: string | null
}

export interface ExportedFile {
  readonly fileName: string
  readonly base64: string
}

export interface CreateCaseInput {
  readonly id: string
  readonly schemeId: string
  readonly schemeVersion: string
  readonly title?: string
  /** a renewal: the case this one is the next round of (same scheme) */
  readonly previousCaseId?: string
}

export interface ExportVerdictInput {
  readonly caseId: string
  readonly at?: string
  readonly lang: 'en' | 'de'
  readonly preAudit: boolean
  /** the PKCS#12 key file, read by the user's choice; used once in the main process and never sent back */
  readonly p12Base64?: string
  readonly passphrase?: string
  /** opt-in: remember this key's passphrase in the OS keychain, and use the stored one when none is typed */
  readonly useKeychain?: boolean
  readonly body?: string
  readonly actor?: string
  /** a timestamp authority (RFC 3161 URL): the signature gets a signature timestamp (PAdES-B-T) */
  readonly tsaUrl?: string
}

export interface ExportedVerdict {
  readonly fileName: string
  readonly base64: string
  readonly verdictId: string
  readonly sha256: string
  readonly signed: boolean
  readonly outcome: string
  /** signed without a timestamp authority (PAdES-B-B): `timestamp FILE.pdf --tsa URL` adds one later */
  readonly awaitsTimestamp: boolean
}

/** One certificate of the trust list of assessment bodies (trusted-bodies.pem). */
export interface TrustedBody {
  readonly subject: string
  readonly issuer: string
  /** SHA-256 of the certificate, AB:CD:… */
  readonly fingerprint: string
  readonly notBefore: string
  readonly notAfter: string
  readonly ca: boolean
}

export interface TrustListView {
  /** the PEM file; '' for an in-memory workspace */
  readonly path: string
  readonly entries: readonly TrustedBody[]
}

export interface VerifyOptions {
  /** a trust list to use instead of the workspace's (the CLI's --trust FILE), as PEM text */
  readonly trustPem?: string
  /** where trustPem came from, for messages */
  readonly trustSource?: string
}

/** A case bundle written for hand-over (issue 15): the file, and the head of the case's log it carries. */
export interface ExportedBundle {
  readonly fileName: string
  readonly base64: string
  /** the case's newest entry: its case_seq and case hash */
  readonly head: { readonly seq: number; readonly hash: string }
  readonly entries: number
  readonly files: number
  readonly documents: number
  /** the bundle hands the case over: the local copy takes no act until it comes back or is taken back */
  readonly handedOver: boolean
}

export interface BundleExportOptions {
  /** hand the case over (holder and lock): a signed case.hand-over entry, then the bundle */
  readonly handOver?: boolean
  readonly comment?: string
}

/** One entry of a case chain as the conflict view shows it. */
export interface ConflictEntry {
  readonly caseSeq: number
  readonly at: string
  readonly actor: string
  readonly action: string
  /** what the entry says: the decision and comment, the review step, the file */
  readonly what: string
}

/** Both sides acted since their common head: their entries side by side, per criterion. */
export interface BundleConflict {
  readonly commonHead: { readonly seq: number; readonly hash: string }
  readonly rows: readonly {
    /** `criterion / subject`, or "(case)" for review steps, imports, hand-overs */
    readonly about: string
    readonly local: readonly ConflictEntry[]
    readonly bundle: readonly ConflictEntry[]
  }[]
}

/**
 * What opening a bundle did: created the case (replayed), fast-forwarded it, nothing (up to date), or refused
 * it with nothing stored (behind the local head: a replayed old bundle; diverged: the conflict per criterion).
 */
export interface BundleImportResult {
  readonly outcome: 'created' | 'fast-forward' | 'up-to-date' | 'behind' | 'diverged'
  readonly caseId: string
  readonly summary: BundleSummary
  /** entries appended to the local log */
  readonly applied: number
  readonly localHead: { readonly seq: number; readonly hash: string }
  readonly conflict: BundleConflict | null
  readonly message: string
  /** where the bundle came from: a file (absent), or the register (`register:pull`, a diverged push) */
  readonly source?: 'register'
}

/** Who holds a case: the newest head, from whom and when it came, and whether it is handed over. */
export interface CaseHolder {
  readonly handedOver: boolean
  readonly head: {
    readonly caseSeq: number
    readonly caseHash: string
    readonly at: string
    readonly actor: string
    readonly action: string
  } | null
  readonly received: {
    readonly from: string
    readonly exportedAt: string
    readonly importedAt: string
    readonly caseSeq: number
    readonly outcome: string
  } | null
}

/** What a checked case bundle holds (every signature, hash and link held; nothing was stored). */
export interface BundleSummary {
  readonly caseId: string
  readonly title: string
  readonly schemeId: string
  readonly schemeVersion: string
  readonly exporter: { readonly name: string; readonly fingerprint: string }
  readonly exportedAt: string
  readonly head: { readonly seq: number; readonly hash: string }
  readonly entries: number
  readonly signedActs: number
  readonly files: readonly string[]
  readonly documents: readonly string[]
  readonly auditors: readonly string[]
}

/** The whole audit chain checked, and one case's tables replayed from it (the CLI's `audit-log verify`). */
export interface AuditVerification {
  /** the chain is intact and the case's tables match the log */
  readonly ok: boolean
  readonly entries: number
  /** the entries about the case */
  readonly caseEntries: number
  readonly head: string
  readonly broken: { readonly seq: number; readonly position: number; readonly reason: string } | null
  readonly problems: readonly LogProblem[]
}

export interface UploadedFile {
  readonly name: string
  /** file content, base64 */
  readonly base64: string
}

/**
 * A file to import: its content in the call (base64); in browser mode, the id the bridge gave its upload
 * (POST /api/upload spools the raw bytes as they arrive; the import reads them once, when it runs); from the
 * CLI, which calls in its own process, the bytes it read (no base64 of a 10 MB report made and read back on
 * the way). No JSON request can carry bytes: the bridge's calls never take the last form.
 */
export type ImportFile =
  | UploadedFile
  | { readonly name: string; readonly upload: string }
  | { readonly name: string; readonly bytes: Uint8Array }

export type ImportOutcome =
  | { readonly file: string; readonly ok: true; readonly receipt: ImportReceipt }
  | { readonly file: string; readonly ok: false; readonly error: AppErrorData }

export type ImportStage = 'queued' | 'parsing' | 'storing' | 'done' | 'failed'

export interface ImportProgress {
  readonly batchId: string
  readonly file: string
  readonly index: number
  readonly total: number
  readonly stage: ImportStage
}

export type { CaseReview, ReviewFinding, ReviewRow } from '../domain/review'
export type { AuditorIdentity } from '../domain/identity'

/** The auditor whose key this session acts with: every decision and review step is signed with it. */
export interface CurrentIdentity {
  readonly name: string
  readonly fingerprint: string
  readonly publicKey: string
  /** the key is kept in the OS keychain (desktop app), encrypted by it */
  readonly remembered: boolean
}

export interface IdentityState {
  readonly current: CurrentIdentity | null
  /** the OS keychain can keep the key (Electron safeStorage); false in browser mode and the CLI */
  readonly keychain: boolean
}

export interface CreateIdentityInput {
  readonly name: string
  /** protects the key file (OpenSSH format, bcrypt + aes256-ctr as ssh-keygen) */
  readonly passphrase?: string
  /** keep the key in the OS keychain (desktop app) */
  readonly remember?: boolean
}

export interface CreatedIdentity {
  readonly identity: AuditorIdentity
  /** the private key in OpenSSH format: save it (it is the auditor's identity); never stored unencrypted */
  readonly privateKey: string
  readonly fileName: string
}

export interface UnlockIdentityInput {
  /** an OpenSSH ed25519 private key file, base64; absent: the key kept in the OS keychain */
  readonly keyBase64?: string
  readonly passphrase?: string
  readonly remember?: boolean
}

export interface InvokeContract {
  'app:info': () => AppInfo
  'schemes:list': () => readonly SchemeSummary[]
  'schemes:get': (id: string) => SchemeDetail
  /** what importing a scope file or interop guideline would change; nothing is written */
  'schemes:preview': (file: UploadedFile) => SchemeImportResult
  /** applies it; a change to a stable version is refused unless forced with a reason (logged) */
  'schemes:import': (file: UploadedFile, force?: { readonly reason: string }) => SchemeImportResult
  'cases:list': () => readonly CaseSummary[]
  'cases:create': (input: CreateCaseInput) => CaseSummary
  'cases:get': (id: string, at?: string) => CaseDetail
  'cases:results': (id: string, at?: string) => readonly ResultRow[]
  'cases:audit': (id: string) => readonly AuditEntry[]
  /** the chain checked whole, and the case's tables against it */
  'audit:verify': (caseId: string) => AuditVerification
  'import:files': (caseId: string, files: readonly ImportFile[], batchId?: string) => readonly ImportOutcome[]
  'cases:exportTemplate': (id: string) => ExportedFile
  'cases:review': (id: string, at?: string) => CaseReview
  'cases:verdict': (id: string, at?: string) => Verdict
  'cases:roundDiff': (id: string) => RoundDiff
  'verdict:export': (input: ExportVerdictInput) => ExportedVerdict
  'verdict:verify': (file: UploadedFile, options?: VerifyOptions) => VerdictCheck
  'trust:list': () => TrustListView
  'trust:add': (pem: string) => TrustListView
  'trust:remove': (fingerprint: string) => TrustListView
  'cases:carryForward': (id: string) => readonly Decision[]
  'reports:log': (reportId: number, testcase: string) => LogExcerpt | null
  'decisions:record': (input: DecisionRequest) => Decision
  'cases:reviewFlow': (id: string, action: ReviewAction, comment?: string) => CaseSummary
  'identity:list': () => readonly AuditorIdentity[]
  'identity:current': () => IdentityState
  'identity:create': (input: CreateIdentityInput) => CreatedIdentity
  'identity:add': (name: string, publicKey: string) => AuditorIdentity
  'identity:unlock': (input: UnlockIdentityInput) => CurrentIdentity
  'identity:lock': (forget?: boolean) => IdentityState
  'bundle:export': (caseId: string, options?: BundleExportOptions) => ExportedBundle
  'bundle:verify': (file: UploadedFile) => BundleSummary
  'bundle:import': (file: UploadedFile) => BundleImportResult
  'bundle:take-back': (caseId: string, reason: string) => CaseHolder
  'bundle:holder': (caseId: string) => CaseHolder
  'demo:open': () => CaseSummary
  'documents:list': (caseId: string) => readonly EvidenceDocument[]
  /** attaches every file as an evidence document (no routing to the importers) */
  'documents:attach': (caseId: string, files: readonly UploadedFile[]) => readonly ImportOutcome[]
  'documents:get': (caseId: string, sha256: string) => DocumentContent
  /** a signed act of the unlocked auditor, logged with the hash */
  'documents:remove': (caseId: string, sha256: string, reason: string) => EvidenceDocument
  /** the body's register (README: The register): its URL and the queued pushes */
  'register:settings': () => RegisterSettings
  'register:configure': (url: string | null) => RegisterSettings
  /** the body's cases and certificates; offline: `online: false` and why */
  'register:overview': () => RegisterOverview
  /** signed with the session's key; queued when the register cannot be reached */
  'register:push': (caseId: string) => RegisterPushResult
  'register:flush': () => readonly RegisterPushResult[]
  /** check-out or check-in; the holder's name afterwards (null: free) */
  'register:hold': (caseId: string, action: 'checkout' | 'checkin') => string | null
  /** the register's newest bundle of the case, opened in the workspace as `bundle:import` opens a file */
  'register:pull': (caseId: string) => BundleImportResult
}

export interface EventContract {
  'import:progress': (progress: ImportProgress) => void
  /** queued register pushes the background retry sent */
  'register:sent': (results: readonly RegisterPushResult[]) => void
}

export type InvokeChannel = keyof InvokeContract
export type EventChannel = keyof EventContract

const invokeChannels = {
  'app:info': true,
  'schemes:list': true,
  'schemes:get': true,
  'schemes:preview': true,
  'schemes:import': true,
  'cases:list': true,
  'cases:create': true,
  'cases:get': true,
  'cases:results': true,
  'cases:audit': true,
  'audit:verify': true,
  'import:files': true,
  'cases:exportTemplate': true,
  'cases:review': true,
  'cases:verdict': true,
  'cases:roundDiff': true,
  'verdict:export': true,
  'verdict:verify': true,
  'trust:list': true,
  'trust:add': true,
  'trust:remove': true,
  'cases:carryForward': true,
  'reports:log': true,
  'decisions:record': true,
  'cases:reviewFlow': true,
  'identity:list': true,
  'identity:current': true,
  'identity:create': true,
  'identity:add': true,
  'identity:unlock': true,
  'identity:lock': true,
  'bundle:export': true,
  'bundle:verify': true,
  'bundle:import': true,
  'bundle:take-back': true,
  'bundle:holder': true,
  'demo:open': true,
  'documents:list': true,
  'documents:attach': true,
  'documents:get': true,
  'documents:remove': true,
  'register:settings': true,
  'register:configure': true,
  'register:overview': true,
  'register:push': true,
  'register:flush': true,
  'register:hold': true,
  'register:pull': true
} as const satisfies Record<InvokeChannel, true>

const eventChannels = { 'import:progress': true, 'register:sent': true } as const satisfies Record<
  EventChannel,
  true
>

export const INVOKE_CHANNELS = Object.keys(invokeChannels) as readonly InvokeChannel[]
export const EVENT_CHANNELS = Object.keys(eventChannels) as readonly EventChannel[]

export const isInvokeChannel = (value: string): value is InvokeChannel => Object.hasOwn(invokeChannels, value)
export const isEventChannel = (value: string): value is EventChannel => Object.hasOwn(eventChannels, value)

export interface Api {
  invoke<C extends InvokeChannel>(
    channel: C,
    ...args: Parameters<InvokeContract[C]>
  ): Promise<Result<ReturnType<InvokeContract[C]>>>
  on<E extends EventChannel>(channel: E, listener: EventContract[E]): () => void
}

/** Builds an Api from any transport that can carry (channel, args) and deliver events. */
export function createApi(
  invoke: (channel: InvokeChannel, args: unknown[]) => Promise<Result<unknown>>,
  subscribe: (channel: EventChannel, listener: (...args: unknown[]) => void) => () => void
): Api {
  return {
    invoke(channel, ...args) {
      if (!isInvokeChannel(channel)) return Promise.reject(new Error(`Unknown channel: ${String(channel)}`))
      return invoke(channel, args) as never
    },
    on(channel, listener) {
      if (!isEventChannel(channel)) throw new Error(`Unknown event: ${String(channel)}`)
      return subscribe(channel, listener as (...args: unknown[]) => void)
    }
  }
}
