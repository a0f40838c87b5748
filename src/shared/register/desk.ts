/** What the desktop app sees of the body's register (contract types; pure). */
import type { BundleImportResult } from '../ipc/contract'

export interface RegisterSettings {
  /** the register's URL; null: not configured */
  readonly url: string | null
  /** pushes made while the register was unreachable, sent by `register:flush` (or the next push) */
  readonly queued: readonly { readonly caseId: string; readonly queuedAt: string }[]
}

export interface RegisterPushResult {
  readonly caseId: string
  readonly outcome: 'created' | 'fast-forward' | 'unchanged' | 'behind' | 'diverged' | 'queued'
  readonly message: string
  /** diverged: the newest entry the workspace and the register share */
  readonly commonHead?: { readonly seq: number; readonly key: string } | null
  /** diverged: the register's copy opened against this workspace's (refused, nothing stored): the conflict */
  readonly conflict?: BundleImportResult | null
}

export interface RegisterCaseView {
  readonly caseId: string
  readonly title: string
  readonly headSeq: number
  readonly entries: number
  readonly updatedAt: string
  readonly holder: string | null
}

export interface RegisterCertificateView {
  readonly verdictId: string
  readonly caseId: string
  readonly outcomeName: string
  readonly subjects: readonly string[]
  readonly validUntil: string
  readonly revoked: boolean
}

export interface RegisterOverview {
  readonly online: boolean
  /** why offline, or what the register said */
  readonly message: string
  readonly cases: readonly RegisterCaseView[]
  readonly certificates: readonly RegisterCertificateView[]
  readonly settings: RegisterSettings
}
