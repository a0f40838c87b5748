/**
 * The import worker's head start. `import` on the CLI starts the worker as its very first act (cli-entry.ts,
 * before the CLI's own code loads), so that Node's start of the thread and the loading of the worker's code
 * (about 100 ms) run while the main thread loads the CLI, opens the workspace and reads the files. The
 * workspace's importer adopts it (worker-client.ts); it opens nothing until then, and a worker never adopted
 * ends with the process (it is unref'd).
 *
 * This module loads nothing but Node's own worker_threads, and only when called: the CLI's entry imports it
 * before V8's compile cache is on for the rest.
 */
import type { Worker } from 'node:worker_threads'

let headStart: { readonly file: string; readonly worker: Worker; dead: boolean } | null = null

/** A new import worker for `workerFile`, with the memory limits a hostile file meets; unref'd. */
export function spawnWorker(workerFile: string): Worker {
  // node:worker_threads loads with the first import, not with every start of the CLI
  const { Worker } = process.getBuiltinModule('node:worker_threads')
  const w = new Worker(workerFile, {
    resourceLimits: { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 }
  })
  w.unref()
  return w
}

/** The built worker next to the running bundle (out/main/import-worker.js), or null when running from source. */
export function builtImportWorkerFile(mainDir: string): string | null {
  const { existsSync } = process.getBuiltinModule('node:fs')
  const { join } = process.getBuiltinModule('node:path')
  // a path, not a URL made of one: a folder named "C# audits" or "100%25" would name another file
  const file = join(mainDir, 'import-worker.js')
  return existsSync(file) ? file : null
}

/**
 * Starts the built import worker before any workspace is open (the CLI's `import`, as its first act): Node
 * starts the thread and the worker loads its code while this thread opens the workspace and reads the
 * files. startCore's workspace adopts it. From source (no built worker) nothing starts.
 */
export function headStartImporter(mainDir: string): void {
  const file = builtImportWorkerFile(mainDir)
  if (file) void startImportWorkerEarly(file)
}

/** Starts the worker (once per process); returns it, for a caller that wants to see it end. */
export function startImportWorkerEarly(workerFile: string): Worker {
  if (headStart) return headStart.worker
  const h = { file: workerFile, worker: spawnWorker(workerFile), dead: false }
  // until adopted, its end is only noted: an 'error' without a listener would throw in this thread, and
  // an 'exit' nobody heard would leave the importer sending files to a thread that is gone
  const ended = (): void => void (h.dead = true)
  h.worker.on('error', ended).on('exit', ended)
  headStart = h
  return h.worker
}

/** The head-started worker for `workerFile`, unless it has already ended (then a new one is started). */
export function takeHeadStart(workerFile: string): Worker | null {
  const h = headStart
  if (!h || h.file !== workerFile) return null
  headStart = null
  h.worker.removeAllListeners('error').removeAllListeners('exit')
  return h.dead ? null : h.worker
}
