/**
 * Entry: run the app in a browser over the loopback bridge (what `npm start` does where no Electron
 * binary exists). Options: --db FILE, --port N. BROWSER=none suppresses opening a browser; BROWSER=cmd
 * opens that browser instead of the system default. It prints a one-time link; each line read on stdin
 * (Enter in the terminal) prints a new one.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline'
import { DEFAULT_LIMITS, startBridge, type Bridge } from './bridge'
import { logToStderr, startCore, WARM_UP_DELAY_MS } from './core'
import { resolveDbPath } from './paths'
import type { EventChannel } from '../shared/ipc/contract'
import { createUploadSpool } from './upload-spool'
import { MAX_FILE_BYTES } from '../shared/ipc/upload'

/** how long a finished upload waits for the import that names it */
const UPLOAD_TTL_MS = 10 * 60_000

function onPath(cmd: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, cmd)))
}

export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const browser = env['BROWSER']
  if (browser === 'none') return null
  let cmd: string
  let args: string[]
  if (browser) [cmd, args] = [browser, [url]]
  else if (process.platform === 'darwin') [cmd, args] = ['open', [url]]
  else if (process.platform === 'win32') [cmd, args] = ['cmd', ['/c', 'start', '""', url]]
  else if (onPath('xdg-open')) [cmd, args] = ['xdg-open', [url]]
  else return null
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
    return cmd
  } catch {
    return null
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, port: { type: 'string' } },
    allowPositionals: false
  })
  const dbPath = resolveDbPath(values.db)
  let bridge: Bridge | null = null
  // uploads go to disk as they arrive; room for four files at the import's cap arriving or waiting
  const uploads = createUploadSpool({ maxBytes: 4 * MAX_FILE_BYTES, ttlMs: UPLOAD_TTL_MS })
  const core = await startCore({
    backgroundRetry: true,
    dbPath,
    mainDir: import.meta.dirname,
    transport: 'bridge',
    uploads,
    emit: (event: EventChannel, ...payload: unknown[]) => bridge?.emit(event, payload[0])
  })
  // the first big import of the session should not be the one that compiles the parser; the warm-up waits
  // until the window has had the machine to itself for its start
  setTimeout(() => core.ws.warmUpImporter(), WARM_UP_DELAY_MS).unref()
  bridge = await startBridge({
    handlers: core.handlers,
    rendererDir: join(import.meta.dirname, '../renderer'),
    port: values.port ? Number(values.port) : 0,
    log: logToStderr,
    uploads
  })
  console.log(`Auditor Workbench ${core.version} (browser mode: no Electron binary on this machine)`)
  console.log(`Workspace: ${dbPath}`)
  const url = bridge.openUrl()
  console.log(`Open: ${url}`)
  const opened = openBrowser(url)
  if (opened) console.log(`Opened with ${opened}.`)
  else if (process.env['BROWSER'] !== 'none')
    console.log('No default browser found; open the URL above yourself.')
  console.log(
    `The link works once, within ${DEFAULT_LIMITS.codeTtlMs / 1000} s. Press Enter here for a new one (another tab or browser).`
  )
  // a new one-time link per line typed; only whoever holds this terminal can ask for one
  createInterface({ input: process.stdin }).on('line', () => {
    if (bridge) console.log(`Open: ${bridge.openUrl()}`)
  })
  const stop = (): void => {
    void bridge
      ?.close()
      .then(() => core.close())
      .finally(() => {
        uploads.close()
        process.exit(0)
      })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
