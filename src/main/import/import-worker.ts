/**
 * worker_threads entry: imports untrusted files off the main thread, end to end. It parses, validates and
 * plans each file and writes it in one transaction on its own connection to the workspace file (WAL: the
 * app's connection keeps reading meanwhile; writes of both take turns through IMMEDIATE transactions).
 * The parsed data never crosses threads; only the file's bytes come in and the receipt goes out.
 *
 * First message {op: 'open', init: ImportWorkerInit}. Request {id, caseId, file, now}; requests are handled one at a time.
 * Reply {id, ok: true, receipt} or {id, ok: false, error (the envelope's, errors.ts) | internal}.
 */
import { parentPort } from 'node:worker_threads'
import { openDatabase } from '../db/connection'
import { createRepos } from '../db/repos'
import { createImportService, type ImportService } from './service'
import { inlineParser } from './parser'
import { loadAllowedSigners } from './sshsig'
import { expectedFailure } from '../errors'
import { InputError } from '../../shared/format/input-error'
import type {
  ImportWorkerInit,
  ImportWorkerOpen,
  ImportWorkerReply,
  ImportWorkerRequest
} from './worker-client'

// the main thread's clock decides: each request carries its "now"
let now = new Date(0)
const clock = (): Date => new Date(now)
let current = 0
const resumes = new Map<number, () => void>()
let importer: ImportService | null = null

/**
 * The first message names the workspace file. The worker may have been started before that file was open
 * (the CLI's head start, worker-client.ts), so it loads its code first and opens the file only now.
 */
function open(init: ImportWorkerInit): void {
  const db = openDatabase(init.dbPath)
  importer = createImportService({
    db,
    ...createRepos(db, clock),
    parse: inlineParser,
    actor: init.actor,
    clock,
    trustedSigners: () => loadAllowedSigners(init.allowedSignersPath || null),
    afterParse: init.holdAfterParse
      ? () =>
          new Promise<void>((resolve) => {
            const id = current
            resumes.set(id, resolve)
            parentPort!.postMessage({ parsed: id })
          })
      : undefined
  })
  // the workspace file is open: from here on a failure is the file's, not the importer's
  parentPort?.postMessage({ ready: true })
}

// the parsers load now, while the workspace opens and the first file is on its way (a failure shows at
// that file's import)
import('./parse').catch(() => undefined)

/** a Uint8Array as a Buffer over the same memory (no copy) */
const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength)

async function handle(req: ImportWorkerRequest): Promise<ImportWorkerReply> {
  now = new Date(req.now)
  current = req.id
  try {
    if (!importer) throw new Error('the import worker was sent a file before its workspace')
    // the kept bytes crossed the thread as a plain Uint8Array; the database binds a Buffer
    const prepared = req.prepared && {
      sha: req.prepared.sha,
      kept: { ...req.prepared.kept, bytes: asBuffer(req.prepared.kept.bytes) }
    }
    return { id: req.id, ok: true, receipt: await importer.importOne(req.caseId, req.file, prepared) }
  } catch (error) {
    const failure = expectedFailure(
      error instanceof RangeError && /call stack/i.test(error.message)
        ? new InputError(req.file.name, '(document)', 'the document is nested too deeply to read')
        : error
    )
    // the envelope crosses the thread whole (details too); the client rebuilds the error from it
    if (failure) return { id: req.id, ok: false, error: failure }
    return { id: req.id, ok: false, internal: String((error as Error)?.stack ?? error) }
  }
}

/**
 * A fresh worker runs its first large import without optimised code (about three times slower). The app
 * asks it, once at start and in the background, to parse a synthetic report of a few thousand testcases
 * so that the parser and checks are compiled before an auditor's first real file arrives. Nothing is
 * written.
 */
const WARM_UP_PER_INVOCATION = 3000
async function warmUp(): Promise<void> {
  const lines = ['spec:', '  uuid: 00000000-0000-4000-8000-000000000000', 'checked_at: 2026-01-01 00:00:00']
  lines.push('subject: warm-up', 'run:', '  invocations:')
  for (let k = 0; k < 4; k++) {
    lines.push(`    inv-${k}:`, `      cmd: warm-up ${k}`, '      results:')
    for (let i = 0; i < WARM_UP_PER_INVOCATION; i++)
      lines.push(`        scs-warm-up-check-${k}-${i}: ${i % 7 === 0 ? -1 : 1}`)
    lines.push('      rc: 0', '      stdout:')
    for (let i = 0; i < WARM_UP_PER_INVOCATION; i++) lines.push(`      - 'scs-warm-up-check-${k}-${i}: PASS'`)
    lines.push('      stderr: []', '      info: 0', '      warning: 0', '      error: 0', '      critical: 0')
  }
  await inlineParser('warm-up.yaml', new TextEncoder().encode(`${lines.join('\n')}\n`))
}

let queue: Promise<unknown> = Promise.resolve()
parentPort?.on(
  'message',
  (
    req: ImportWorkerRequest | ImportWorkerOpen | { readonly op: 'warm-up' } | { readonly resume: number }
  ) => {
    if ('op' in req && req.op === 'open') {
      // a workspace that cannot be opened ends the worker: the client refuses what it was sent
      open(req.init)
      return
    }
    if ('resume' in req) {
      resumes.get(req.resume)?.()
      resumes.delete(req.resume)
      return
    }
    queue = queue.then(async () => {
      if ('op' in req) await warmUp().catch(() => undefined)
      else parentPort!.postMessage(await handle(req))
    })
  }
)
