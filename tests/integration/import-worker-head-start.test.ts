/**
 * The CLI's head start (worker-client.ts): `import` starts the import worker before the workspace opens, and
 * the workspace's importer adopts it. A worker that ends before it is adopted (its code failed to load, it
 * ran out of memory at start) must not take the import with it: no uncaught error in the main thread, and
 * the file is refused with a reason instead of waiting forever.
 */
import { describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../helpers/paths'
import { createWorkerImporter } from '../../src/main/import/worker-client'
import { builtVerifyWorkerFile } from '../../src/main/pdf/verify-worker-file'
import { builtImportWorkerFile, startImportWorkerEarly } from '../../src/main/import/head-start'

const file = { name: 'a.yaml', bytes: new TextEncoder().encode('a: 1\n') }

describe('a head-started import worker that ends before the workspace adopts it', () => {
  it.each([
    ['exits at start', 'process.exit(3)\n'],
    ['throws while it loads', "throw new Error('cannot load better-sqlite3')\n"]
  ])('one that %s: the import is refused with a reason, and nothing is thrown here', async (_, code) => {
    const workerFile = join(tempDir(), 'ends.mjs')
    writeFileSync(workerFile, code)
    // the worker ends while this thread is still opening the workspace (here: before the importer exists)
    const early = startImportWorkerEarly(workerFile)
    await new Promise((ended) => early.on('exit', ended))
    const importer = createWorkerImporter(workerFile, { dbPath: '', actor: 't', allowedSignersPath: '' })
    try {
      await expect(importer.importOne('c', file, '2026-11-24T09:00:00.000Z')).rejects.toThrow(
        /could not open the workspace file/
      )
    } finally {
      await importer.close()
    }
  })
})

describe('the built workers beside a bundle whose folder has a name URLs read otherwise', () => {
  // cli-entry.ts head-starts the import worker at the file builtImportWorkerFile names, and the workspace
  // adopts it by the same name; without one, imports run in the main thread
  it.each(['C# audits', 'pct%41dir', 'q?x', 'with space é'])('in "%s" both workers are found', (name) => {
    const mainDir = join(tempDir(), name, 'out/main')
    mkdirSync(mainDir, { recursive: true })
    writeFileSync(join(mainDir, 'import-worker.js'), '')
    writeFileSync(join(mainDir, 'verify-worker.js'), '')
    expect(builtImportWorkerFile(mainDir)).toBe(join(mainDir, 'import-worker.js'))
    expect(builtVerifyWorkerFile(mainDir)).toBe(join(mainDir, 'verify-worker.js'))
  })
})
