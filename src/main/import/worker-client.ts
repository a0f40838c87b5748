/**
 * The main thread's side of the import worker (import-worker.ts): one long-lived worker per workspace,
 * started on the first import, restarted if it dies (out of memory on a hostile file, say). A file whose
 * worker died is refused as unreadable; its transaction never committed, so nothing of it is stored.
 */
import { Worker } from 'node:worker_threads'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { InputError } from '../../shared/format/input-error'
import { DomainError } from '../errors'
import type { AppErrorCode } from '../../shared/result'
import type { ImportReceipt } from '../../shared/domain/types'
import type { IncomingFile } from './service'

export interface ImportWorkerInit {
  readonly dbPath: string
  readonly actor: string
  readonly allowedSignersPath: string
}

export interface ImportWorkerRequest {
  readonly id: number
  readonly caseId: string
  readonly file: IncomingFile
  /** the main thread's clock, ISO 8601 */
  readonly now: string
}

export type ImportWorkerReply =
  | { readonly id: number; readonly ok: true; readonly receipt: ImportReceipt }
  | {
      readonly id: number
      readonly ok: false
      readonly input?: { readonly file: string; readonly place: string; readonly reason: string }
      readonly domain?: { readonly code: AppErrorCode; readonly message: string }
      readonly internal?: string
    }

export interface WorkerImporter {
  importOne(caseId: string, file: IncomingFile, now: string): Promise<ImportReceipt>
  /** starts the worker and lets it compile its parser in the background (the app does this at start) */
  warmUp(): void
  close(): Promise<void>
}

export function createWorkerImporter(workerFile: string, init: ImportWorkerInit): WorkerImporter {
  let worker: Worker | null = null
  let nextId = 1
  const pending = new Map<
    number,
    { resolve: (v: ImportReceipt) => void; reject: (e: unknown) => void; name: string }
  >()

  const start = (): Worker => {
    const w = new Worker(workerFile, {
      workerData: init,
      resourceLimits: { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 }
    })
    w.on('message', (reply: ImportWorkerReply) => {
      const p = pending.get(reply.id)
      if (!p) return
      pending.delete(reply.id)
      if (pending.size === 0) w.unref() // idle: do not keep the process alive
      if (reply.ok) p.resolve(reply.receipt)
      else if (reply.input) p.reject(new InputError(reply.input.file, reply.input.place, reply.input.reason))
      else if (reply.domain) p.reject(new DomainError(reply.domain.code, reply.domain.message))
      else p.reject(new Error(reply.internal ?? 'import worker failed'))
    })
    const failAll = (err: unknown): void => {
      for (const [id, p] of pending) {
        pending.delete(id)
        p.reject(
          new InputError(
            p.name,
            '(whole file)',
            `the file could not be read safely (${err instanceof Error ? err.message : String(err)})`
          )
        )
      }
      worker = null
    }
    w.on('error', failAll)
    w.on('exit', (code) => {
      if (pending.size > 0) failAll(new Error(`the importer stopped with code ${code}`))
      worker = null
    })
    w.unref()
    return w
  }

  return {
    importOne: (caseId, file, now) =>
      new Promise<ImportReceipt>((resolve, reject) => {
        worker ??= start()
        worker.ref() // busy: keep the process alive until the reply arrives
        const id = nextId++
        pending.set(id, { resolve, reject, name: file.name })
        const request: ImportWorkerRequest = { id, caseId, file, now }
        worker.postMessage(request)
      }),
    warmUp() {
      worker ??= start()
      worker.postMessage({ op: 'warm-up' })
    },
    async close() {
      const w = worker
      worker = null
      if (w) await w.terminate()
    }
  }
}

/** The built worker next to the running bundle (out/main/import-worker.js), or null when running from source. */
export function builtImportWorkerFile(mainDir: string): string | null {
  const file = fileURLToPath(new URL('./import-worker.js', `file://${mainDir}/`))
  return existsSync(file) ? file : null
}
