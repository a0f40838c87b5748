/**
 * The main thread's side of the import worker (import-worker.ts): one long-lived worker per workspace,
 * started on the first import, restarted if it dies (out of memory on a hostile file, say). A file whose
 * worker died is refused as unreadable; its transaction never committed, so nothing of it is stored.
 */
import type { Worker } from 'node:worker_threads'
import { DomainError, fromFailure, ImporterUnavailableError, WorkerDiedError } from '../errors'
import { spawnWorker, takeHeadStart } from './head-start'
import { sha256Hex } from '../node-crypto'
import { keepBytes } from '../db/evidence.repo'
import type { Prepared } from './service'
import type { AppErrorData } from '../../shared/result'
import type { ImportReceipt } from '../../shared/domain/types'
import type { IncomingFile } from './service'

export interface ImportWorkerInit {
  readonly dbPath: string
  readonly actor: string
  readonly allowedSignersPath: string
  /**
   * Test seam: the worker reports each parsed file ({parsed: id}) and waits for {resume: id} before writing
   * it, so that a test can change the case at exactly that moment. Off in the app.
   */
  readonly holdAfterParse?: boolean
}

export interface WorkerImporterHooks {
  /** with holdAfterParse: called when the worker holds a parsed file; the worker writes once it resolves */
  readonly onParsed?: (caseId: string, fileName: string) => Promise<void>
}

export interface ImportWorkerRequest {
  readonly id: number
  readonly caseId: string
  readonly file: IncomingFile
  /** the main thread's clock, ISO 8601 */
  readonly now: string
  /** the file's SHA-256 and kept bytes, made here while the worker was still starting (Prepared) */
  readonly prepared?: Prepared
}

export type ImportWorkerReply =
  | { readonly id: number; readonly ok: true; readonly receipt: ImportReceipt }
  | {
      readonly id: number
      readonly ok: false
      /** an expected failure, as the envelope carries it (expectedFailure) */
      readonly error?: AppErrorData
      readonly internal?: string
    }

export interface WorkerImporter {
  importOne(caseId: string, file: IncomingFile, now: string): Promise<ImportReceipt>
  /** starts the worker and lets it compile its parser in the background (the app does this at start) */
  warmUp(): void
  /** starts the worker (it loads its parser meanwhile), for a caller about to import (the CLI) */
  start(): void
  close(): Promise<void>
}

export function createWorkerImporter(
  workerFile: string,
  init: ImportWorkerInit,
  hooks: WorkerImporterHooks = {}
): WorkerImporter {
  interface Pending {
    readonly request: ImportWorkerRequest
    readonly resolve: (v: ImportReceipt) => void
    readonly reject: (e: unknown) => void
    /** the worker the request was sent to */
    owner: Worker
  }
  let worker: Worker | null = null
  let closed = false
  let nextId = 1
  const pending = new Map<number, Pending>()
  /** workers that have opened the workspace file */
  const ready = new WeakSet<Worker>()

  const current = (): Worker => {
    if (!worker) worker = start()
    return worker
  }
  const send = (p: Pending): void => {
    const w = current()
    p.owner = w
    w.ref() // busy: keep the process alive until the reply arrives
    w.postMessage(p.request)
  }

  /**
   * A worker died (out of memory on a hostile file, say). It handles one request at a time, so only the
   * oldest request it held was in progress: that file is refused; the ones queued behind it go to a new
   * worker. Its transaction never committed: SQLite rolls back when the thread's connection goes.
   */
  const died = (w: Worker, reason: string): void => {
    if (worker === w) worker = null
    const held = [...pending.entries()].filter(([, p]) => p.owner === w).sort(([a], [b]) => a - b)
    if (!ready.has(w) && !closed) {
      // it never opened the workspace file: no file is to blame, and a new worker would fail the same way
      for (const [id, p] of held) {
        pending.delete(id)
        p.reject(new ImporterUnavailableError(reason))
      }
      return
    }
    held.forEach(([id, p], k) => {
      if (k === 0 || closed) {
        pending.delete(id)
        p.reject(
          closed
            ? new DomainError('CONFLICT', 'The workspace was closed before the file was imported.')
            : new WorkerDiedError(p.request.file.name, reason)
        )
      } else send(p)
    })
  }

  const start = (): Worker => {
    const w = takeHeadStart(workerFile) ?? spawnWorker(workerFile)
    // the workspace file opens now: the worker has loaded its code meanwhile (or loads it first)
    w.postMessage({ op: 'open', init } satisfies ImportWorkerOpen)
    w.on('message', (reply: ImportWorkerReply | { readonly ready: true } | { readonly parsed: number }) => {
      if ('ready' in reply) {
        ready.add(w)
        return
      }
      if ('parsed' in reply) {
        const held = pending.get(reply.parsed)
        const resume = (): void => w.postMessage({ resume: reply.parsed })
        if (held && hooks.onParsed)
          void hooks.onParsed(held.request.caseId, held.request.file.name).then(resume, resume)
        else resume()
        return
      }
      const p = pending.get(reply.id)
      if (!p || p.owner !== w) return
      pending.delete(reply.id)
      if (![...pending.values()].some((x) => x.owner === w)) w.unref() // idle: do not keep the process alive
      if (reply.ok) p.resolve(reply.receipt)
      else if (reply.error) p.reject(fromFailure(reply.error))
      else p.reject(new Error(reply.internal ?? 'import worker failed'))
    })
    w.on('error', (err) => {
      died(w, err instanceof Error ? err.message : String(err))
      void w.terminate() // an uncaught error may leave the thread alive: never leave it holding its connection
    })
    w.on('exit', (code) => died(w, `the importer stopped with code ${code}`))
    return w
  }

  return {
    importOne: (caseId, file, now) =>
      new Promise<ImportReceipt>((resolve, reject) => {
        if (closed) {
          reject(new DomainError('CONFLICT', 'The workspace is closed; nothing can be imported into it.'))
          return
        }
        const owner = current()
        // a worker still starting (the CLI's) would hash and deflate the file only once it has loaded its
        // code; this thread waits for it anyway, so it does that work meanwhile. A ready worker does it itself.
        const prepared = ready.has(owner)
          ? undefined
          : { sha: sha256Hex(file.bytes), kept: keepBytes(file.bytes) }
        const request: ImportWorkerRequest = {
          id: nextId++,
          caseId,
          file,
          now,
          ...(prepared ? { prepared } : {})
        }
        const p: Pending = { request, resolve, reject, owner }
        pending.set(request.id, p)
        send(p)
      }),
    warmUp() {
      if (!closed) current().postMessage({ op: 'warm-up' })
    },
    start() {
      if (!closed) current()
    },
    async close() {
      closed = true
      const w = worker
      worker = null
      if (w) await w.terminate()
    }
  }
}

/** The first message to a worker: which workspace file it opens, as whom. */
export interface ImportWorkerOpen {
  readonly op: 'open'
  readonly init: ImportWorkerInit
}
