/** Starts the built app's bridge entry (what `npm start` runs here) on a fresh workspace file. */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { TEST_CLOCK_ENV } from '../helpers/clock'

export const ROOT = join(import.meta.dirname, '../..')

export interface RunningApp {
  url: string
  origin: string
  token: string
  dbPath: string
  stop(): Promise<void>
}

export async function startApp(
  dbPath = join(mkdtempSync(join(tmpdir(), 'aw-e2e-')), 'workspace.sqlite')
): Promise<RunningApp> {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'out/main/bridge.js'), '--db', dbPath], {
    // the fixed test clock: the fixtures' evidence is fresh on that day, whatever day the suite runs
    env: { ...process.env, ...TEST_CLOCK_ENV, BROWSER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const url = await new Promise<string>((resolve, reject) => {
    let buf = ''
    const timer = setTimeout(() => reject(new Error(`bridge did not start: ${buf}`)), 20_000)
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString()
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(buf)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    child.stderr!.on('data', (d: Buffer) => (buf += d.toString()))
    child.on('exit', (code) => reject(new Error(`bridge exited with ${code}: ${buf}`)))
  })
  const u = new URL(url)
  return {
    url,
    origin: u.origin,
    token: u.searchParams.get('token')!,
    dbPath,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}
