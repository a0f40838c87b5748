/** Starts the built app's bridge entry (what `npm start` runs here) on a fresh workspace file. */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { request } from 'node:http'
import type { Page } from '@playwright/test'
import { TEST_CLOCK_ENV } from '../helpers/clock'

export const ROOT = join(import.meta.dirname, '../..')

export interface RunningApp {
  origin: string
  /** the API token, got as the page gets it: a one-time link opened, then its cookie traded */
  token: string
  dbPath: string
  /**
   * A fresh one-time link. The bridge prints one at start and another for each line on its stdin (Enter
   * in its terminal); a link opens the page once.
   */
  openUrl(): Promise<string>
  stop(): Promise<void>
}

const OPEN_LINE = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]+)/g

/** A raw request, so that the test can send the Cookie and Origin a page would. */
function http(
  url: string,
  method: string,
  headers: Record<string, string> = {}
): Promise<{ status: number; body: string; cookie: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          cookie: /aw_session=[^;]+/.exec(String(res.headers['set-cookie']))?.[0]
        })
      )
    })
    req.on('error', reject)
    req.end()
  })
}

export async function startApp(
  dbPath = join(mkdtempSync(join(tmpdir(), 'aw-e2e-')), 'workspace.sqlite')
): Promise<RunningApp> {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'out/main/bridge.js'), '--db', dbPath], {
    // the fixed test clock: the fixtures' evidence is fresh on that day, whatever day the suite runs
    env: { ...process.env, ...TEST_CLOCK_ENV, BROWSER: 'none' },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  const links: string[] = []
  let waiting: ((url: string) => void) | null = null
  let out = ''
  child.stdout!.on('data', (d: Buffer) => {
    const before = out.length
    out += d.toString()
    for (const m of out.slice(Math.max(0, before - 200)).matchAll(OPEN_LINE)) {
      if (links.includes(m[1]!)) continue
      links.push(m[1]!)
      waiting?.(m[1]!)
    }
  })
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  let taken = 0
  const nextLink = (ask: boolean): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bridge printed no link: ${out}`)), 20_000)
      const take = (): void => {
        clearTimeout(timer)
        waiting = null
        resolve(links[taken++]!)
      }
      if (links.length > taken) return take()
      waiting = take
      child.once('exit', (code) => reject(new Error(`bridge exited with ${code}: ${out}`)))
      if (ask) child.stdin!.write('\n')
    })

  const first = await nextLink(false)
  const origin = new URL(first).origin
  // the token, the way the page gets it: open a link (the cookie), trade the cookie (same origin)
  const page = await http(first, 'GET')
  if (page.status !== 200 || !page.cookie) throw new Error(`the link did not open the page: ${page.status}`)
  const session = await http(`${origin}/session`, 'POST', { Cookie: page.cookie, Origin: origin })
  const token = (JSON.parse(session.body) as { token: string }).token
  return {
    origin,
    token,
    dbPath,
    openUrl: () => nextLink(true),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}

/** Opens a fresh one-time link of `app` in `page`, at 1280×720; returns the page errors seen from then on. */
export async function openApp(page: Page, app: RunningApp): Promise<string[]> {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto(await app.openUrl())
  return errors
}
