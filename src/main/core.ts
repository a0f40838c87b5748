/** Boots the shared core for any face: workspace + handler table. No electron here. */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createPassphraseStore, type SecretCipher } from './keychain'
import { userInfo } from 'node:os'
import {
  BuiltinSchemesNotLoaded,
  loadBuiltinSchemes,
  openWorkspace,
  type Workspace,
  type WorkspaceOptions
} from './workspace'
import { createHandlers, type HandlerContext } from './ipc/handlers'
import { builtImportWorkerFile } from './import/head-start'
import { builtVerifyWorkerFile } from './pdf/verify-worker-file'
import { resourcesDir as findResources } from './paths'
import type { InvokeHandlers, Logger } from './ipc/dispatch'
import { createLocalHandlers, type LocalHandlers } from './ipc/local'
import { clockFromEnv, systemScheduler, type Clock } from './clock'

export interface CoreOptions {
  readonly dbPath: string
  /** the folder of the running entry file (out/main when built), used to find resources and the worker */
  readonly mainDir: string
  readonly transport: HandlerContext['transport']
  readonly actor?: string
  readonly emit?: HandlerContext['emit']
  /** Electron's safeStorage in the desktop app; absent in browser mode and the CLI (they always ask) */
  readonly secretCipher?: SecretCipher
  /** default: the system clock, or the time AUDITOR_WORKBENCH_CLOCK fixes */
  readonly clock?: Clock
  /** browser mode: where the bridge spools uploads (import:files names them by id) */
  readonly uploads?: HandlerContext['uploads']
  /** the app and the bridge: queued register pushes are retried in the background (not in a CLI run) */
  readonly backgroundRetry?: boolean
}

export interface Core {
  readonly ws: Workspace
  readonly handlers: InvokeHandlers
  /** the channels only the CLI calls (a path on this machine) */
  readonly local: LocalHandlers
  readonly resourcesDir: string
  readonly version: string
  /** starts the import worker now, so that it loads while the caller reads its files (the CLI) */
  startImporter(): void
  close(): Promise<void>
}

/** how long after start the app lets the import worker compile its parser (in the background) */
export const WARM_UP_DELAY_MS = 2000

export const logToStderr: Logger = (message, error) => {
  console.error(`[auditor-workbench] ${message}`, error ?? '')
}

export function defaultActor(): string {
  try {
    return process.env['AUDITOR_WORKBENCH_AUDITOR'] || userInfo().username || 'auditor'
  } catch {
    return 'auditor'
  }
}

/**
 * Opens the workspace and builds the handler table. What only some commands need (the parsers, the XLSX,
 * PDF and signing libraries) loads when first used; the scheme parsers load here only when the shipped
 * schemes must be seeded.
 */
export async function startCore(opts: CoreOptions): Promise<Core> {
  const resourcesDir = findResources(opts.mainDir)
  let version = '0.0.0'
  try {
    version = (
      JSON.parse(readFileSync(join(resourcesDir, '..', 'package.json'), 'utf8')) as { version: string }
    ).version
  } catch {
    /* packaged without package.json beside resources: keep the placeholder */
  }
  const env = clockFromEnv()
  const clockFixedAt = opts.clock ? null : env.fixed
  if (clockFixedAt)
    console.error(`[auditor-workbench] the clock is fixed at ${clockFixedAt} (AUDITOR_WORKBENCH_CLOCK)`)
  const ws = await openSeeding({
    dbPath: opts.dbPath,
    clock: opts.clock ?? env.clock,
    clockFixedAt,
    resourcesDir,
    actor: opts.actor ?? defaultActor(),
    importWorkerFile: builtImportWorkerFile(opts.mainDir),
    ...(process.env['AUDITOR_WORKBENCH_ALLOWED_SIGNERS']
      ? { allowedSignersPath: process.env['AUDITOR_WORKBENCH_ALLOWED_SIGNERS'] }
      : {})
  })
  const handlers = createHandlers({
    ws,
    resourcesDir,
    transport: opts.transport,
    verifyWorkerFile: builtVerifyWorkerFile(opts.mainDir),
    uploads: opts.uploads ?? null,
    version,
    passphrases: createPassphraseStore(
      opts.dbPath === ':memory:' ? '' : join(dirname(opts.dbPath), 'keychain.json'),
      opts.dbPath === ':memory:' ? null : (opts.secretCipher ?? null)
    ),
    emit: opts.emit ?? (() => undefined),
    // the app and the bridge retry queued register pushes in the background; a CLI run does not linger
    schedule: opts.backgroundRetry ? systemScheduler : null
  })
  return {
    ws,
    handlers,
    local: createLocalHandlers(ws),
    resourcesDir,
    version,
    startImporter: () => ws.startImporter(),
    async close() {
      await ws.stopImporter()
      ws.close()
    }
  }
}

/** Opens the workspace; when it must seed the built-in schemes first, loads their parsers and opens it again. */
async function openSeeding(opts: WorkspaceOptions): Promise<Workspace> {
  try {
    return openWorkspace(opts)
  } catch (error) {
    if (!(error instanceof BuiltinSchemesNotLoaded)) throw error
    await loadBuiltinSchemes()
    return openWorkspace(opts)
  }
}
