import { Worker } from 'node:worker_threads'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseFile, type ParsedFile } from './parse'
import { InputError } from '../../shared/format/input-error'
import { unpack, type Packed } from './transfer'

/** Parses one file's bytes. The app uses the worker; unit tests may parse inline. */
export type FileParser = (name: string, bytes: Uint8Array) => Promise<ParsedFile>

export const inlineParser: FileParser = async (name, bytes) => parseFile(name, bytes)

type Reply =
  | { id: number; ok: true; value: Packed }
  | { id: number; ok: false; input?: { file: string; place: string; reason: string }; internal?: string }

/**
 * One long-lived worker, restarted if it dies (for example on out-of-memory from a hostile file).
 * Requests are answered in order.
 */
export function createWorkerParser(workerFile: string): FileParser & { close: () => Promise<void> } {
  let worker: Worker | null = null
  let nextId = 1
  const pending = new Map<
    number,
    { resolve: (v: ParsedFile) => void; reject: (e: unknown) => void; name: string }
  >()

  const start = (): Worker => {
    const w = new Worker(workerFile, {
      resourceLimits: { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 }
    })
    w.on('message', (reply: Reply) => {
      const p = pending.get(reply.id)
      if (!p) return
      pending.delete(reply.id)
      if (pending.size === 0) w.unref() // idle: do not keep the process alive
      if (reply.ok) p.resolve(unpack(reply.value))
      else if (reply.input) p.reject(new InputError(reply.input.file, reply.input.place, reply.input.reason))
      else p.reject(new Error(reply.internal ?? 'parse worker failed'))
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
      if (pending.size > 0) failAll(new Error(`parser stopped with code ${code}`))
      worker = null
    })
    w.unref()
    return w
  }

  const parse = ((name: string, bytes: Uint8Array) =>
    new Promise<ParsedFile>((resolve, reject) => {
      worker ??= start()
      worker.ref() // busy: keep the process alive until the reply arrives
      const id = nextId++
      pending.set(id, { resolve, reject, name })
      worker.postMessage({ id, name, bytes })
    })) as FileParser & { close: () => Promise<void> }
  parse.close = async () => {
    const w = worker
    worker = null
    if (w) await w.terminate()
  }
  return parse
}

/** The built worker next to the running bundle (out/main/parse-worker.js), or null when running from source. */
export function builtWorkerFile(mainDir: string): string | null {
  const file = fileURLToPath(new URL('./parse-worker.js', `file://${mainDir}/`))
  return existsSync(file) ? file : null
}
