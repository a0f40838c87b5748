/**
 * The desktop app's main process, run here without its binary: src/main/index.ts is imported as Electron
 * would run it, against a stand-in `electron` module (tests/helpers/electron-double.ts), with a real core and
 * a real workspace file. The tests then do what a renderer, a link or a hostile page would do and check what
 * the wiring answers: the window's web preferences, the CSP of the page it serves, navigation, new windows,
 * permissions, openExternal, and the IPC sender check.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { existsSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as electron from '../helpers/electron-double'
import { ROOT, tempDir } from '../helpers/paths'
import { defaultUserDataDir } from '../../src/main/paths'
import { findRendererFile, rendererFile } from '../../src/main/renderer-files'

vi.mock('electron', () => import('../helpers/electron-double'))

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }

const dir = tempDir('aw-electron-main-')
let win: electron.FakeBrowserWindow
let windowModule: typeof import('../../src/main/window')

/** what Electron hands an ipcMain.handle listener when a renderer calls ipcRenderer.invoke */
function invokeFrom(sender: electron.FakeWebContents, frame: electron.FakeFrame | null): Promise<Envelope> {
  return electron.ipcMain.invoke('app:info', { sender, senderFrame: frame }) as Promise<Envelope>
}
const topFrame = (url: string): electron.FakeFrame => ({ url, parent: null })
/** another window made by src/main/window.ts, as index.ts makes them (it is the double's, at run time) */
const openWindow = (): electron.FakeBrowserWindow =>
  windowModule.createMainWindow(join(ROOT, 'src/main')) as unknown as electron.FakeBrowserWindow

/** the directives of the Content-Security-Policy meta tag of an HTML page */
function cspOf(html: string): Map<string, string[]> {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)
  expect(meta, 'the page has a CSP meta tag').not.toBeNull()
  return new Map(
    meta![1]!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values])
  )
}

function expectStrictCsp(html: string): void {
  const csp = cspOf(html)
  const effective = (name: string): string[] | undefined => csp.get(name) ?? csp.get('default-src')
  expect(csp.get('default-src')).toEqual(["'none'"])
  expect(effective('script-src')).toEqual(["'self'"])
  expect(effective('object-src')).toEqual(["'none'"])
  expect(effective('connect-src')).toEqual(["'self'"])
  expect(effective('base-uri')).toEqual(["'none'"])
  expect(effective('form-action')).toEqual(["'none'"])
  for (const [name, values] of csp) {
    for (const loose of [
      "'unsafe-inline'",
      "'unsafe-eval'",
      "'unsafe-hashes'",
      '*',
      'http:',
      'https:',
      'file:'
    ])
      expect(values, `${name} allows ${loose}`).not.toContain(loose)
  }
}

beforeAll(async () => {
  vi.stubEnv('XDG_CONFIG_HOME', join(dir, 'config'))
  vi.stubEnv('APPDATA', join(dir, 'config'))
  vi.stubEnv('AUDITOR_WORKBENCH_DB', join(dir, 'workspace.sqlite'))
  vi.stubEnv('ELECTRON_RENDERER_URL', undefined)
  await import('../../src/main/index')
  expect(electron.BrowserWindow.getAllWindows()).toHaveLength(0) // nothing before ready
  await electron.app.becomeReady() // index.ts's whenReady callback was registered first, so it has run
  windowModule = await import('../../src/main/window')
  ;[win] = electron.BrowserWindow.getAllWindows() as [electron.FakeBrowserWindow]
})

afterAll(() => {
  electron.app.emit('will-quit')
  vi.unstubAllEnvs()
})

describe('the desktop main process (index.ts) against a stand-in electron', () => {
  it('enables the sandbox for all renderers and keeps its data where the CLI and browser mode look', async () => {
    expect(electron.app.sandboxEnabled).toBe(true)
    expect(electron.app.getPath('userData')).toBe(defaultUserDataDir())
    expect(electron.BrowserWindow.getAllWindows()).toHaveLength(1)
    const info = await invokeFrom(win.webContents, win.webContents.mainFrame)
    expect(info).toMatchObject({
      ok: true,
      value: { dbPath: join(dir, 'workspace.sqlite'), transport: 'electron' }
    })
  })

  it('creates its window with the secure web preferences', () => {
    expect(win.options.webPreferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: true, // not packaged
      preload: join(ROOT, 'src/preload/index.cjs')
    })
    electron.app.isPackaged = true
    try {
      const packaged = openWindow()
      expect(packaged.options.webPreferences).toMatchObject({ devTools: false, sandbox: true })
      packaged.close()
    } finally {
      electron.app.isPackaged = false
    }
  })

  it('loads its page from app://auditor-workbench/, never from file://', async () => {
    expect(win.webContents.getURL()).toBe('app://auditor-workbench/index.html')
    expect(electron.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true } }
    ])
    const page = await electron.protocol.fetch('app://auditor-workbench/index.html')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await page.text()).toContain('<div id="root"></div>')
  })

  it('serves nothing outside the built renderer through its scheme', async () => {
    for (const url of [
      'app://auditor-workbench/../../package.json',
      'app://auditor-workbench/%2e%2e/%2e%2e/package.json',
      'app://auditor-workbench/..%2f..%2fpackage.json',
      'app://auditor-workbench/%2fetc%2fpasswd',
      'app://auditor-workbench/index.html%00.png',
      'app://other-host/index.html',
      'app://auditor-workbench/no-such-file.js'
    ])
      expect((await electron.protocol.fetch(url)).status, url).toBe(404)
  })

  it('a symlink inside the renderer folder leads nowhere outside it', () => {
    const renderer = join(dir, 'renderer')
    mkdirSync(renderer)
    writeFileSync(join(renderer, 'index.html'), '<!doctype html>')
    writeFileSync(join(dir, 'secret.txt'), 'secret')
    symlinkSync(join(dir, 'secret.txt'), join(renderer, 'leak.txt'))
    expect(rendererFile(renderer, '/index.html')).toBe(join(renderer, 'index.html'))
    expect(rendererFile(renderer, '/')).toBe(join(renderer, 'index.html'))
    expect(rendererFile(renderer, '/leak.txt')).toBeNull()
    // the one check the bridge uses too, with the reason it answers by (403, 400, 404)
    expect(findRendererFile(renderer, '/leak.txt')).toEqual({ refused: 'outside' })
    expect(findRendererFile(renderer, '/..%2Fsecret.txt')).toEqual({ refused: 'outside' })
    expect(findRendererFile(renderer, '/..%2Fno-such-file')).toEqual({ refused: 'outside' })
    expect(findRendererFile(renderer, '/%E0%A4%A')).toEqual({ refused: 'bad-path' })
    expect(findRendererFile(renderer, '/a%00.html')).toEqual({ refused: 'bad-path' })
    expect(findRendererFile(renderer, '/no-such-file.js')).toEqual({ refused: 'not-found' })
  })

  it('serves its page with a strict CSP (script-src self, object-src none, no unsafe-inline or eval)', async () => {
    expectStrictCsp(await (await electron.protocol.fetch('app://auditor-workbench/index.html')).text())
    // the page the packaged app serves: the built one (npm test builds before it runs the tests)
    const built = join(ROOT, 'out/renderer/index.html')
    expect(existsSync(built), 'out/renderer/index.html is missing: run npm run build').toBe(true)
    expectStrictCsp(readFileSync(built, 'utf8'))
  })

  it('prevents every navigation, in its window and in any other webContents', () => {
    expect(win.webContents.tryNavigate('https://attacker.example/')).toBe(false)
    expect(win.webContents.tryNavigate('file:///etc/passwd')).toBe(false)
    expect(win.webContents.tryNavigate('app://auditor-workbench/index.html')).toBe(false)
    const other = new electron.BrowserWindow({}) // not made by createMainWindow: the app-wide guard applies
    expect(other.webContents.tryNavigate('https://attacker.example/')).toBe(false)
    expect(other.webContents.tryOpenWindow('https://attacker.example/')).toBe('deny')
    other.close()
  })

  it('opens no new window, and hands only https links to the browser', () => {
    electron.shell.opened.length = 0
    const links = [
      'https://docs.scs.community/standards/scs-0100-v3',
      'http://insecure.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://fileserver/share',
      'data:text/html,<script>alert(1)</script>',
      'ms-msdt:/id PCWDiagnostic',
      'not a url'
    ]
    for (const url of links) expect(win.webContents.tryOpenWindow(url), url).toBe('deny')
    expect(electron.shell.opened).toEqual(['https://docs.scs.community/standards/scs-0100-v3'])
    expect(windowModule.openExternalHttps('javascript:alert(1)')).toBe(false)
    expect(electron.shell.opened).toHaveLength(1)
  })

  it('denies every permission request and permission check', () => {
    const { permissionRequestHandler, permissionCheckHandler } = electron.session.defaultSession
    expect(permissionRequestHandler).toBeTypeOf('function')
    expect(permissionCheckHandler).toBeTypeOf('function')
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'clipboard-sanitized-write',
      'fullscreen',
      'openExternal',
      'pointerLock',
      'hid',
      'serial',
      'usb',
      'fileSystem'
    ]) {
      const granted = vi.fn()
      permissionRequestHandler!(win.webContents, permission, granted)
      expect(granted, permission).toHaveBeenCalledExactlyOnceWith(false)
      expect(permissionCheckHandler!(win.webContents, permission), permission).toBe(false)
    }
  })

  it('answers IPC from the top frame of its own window showing the entry page', async () => {
    expect(await invokeFrom(win.webContents, win.webContents.mainFrame)).toMatchObject({ ok: true })
    // query and fragment do not change the page
    expect(
      await invokeFrom(win.webContents, topFrame('app://auditor-workbench/index.html#/case/x'))
    ).toMatchObject({ ok: true })
  })

  it('refuses IPC from any file:// page, even one shown in its own window', async () => {
    for (const url of [
      'file:///etc/passwd',
      'file:///tmp/evil.html',
      pathToFileURL(join(ROOT, 'src/renderer/index.html')).href,
      pathToFileURL(join(ROOT, 'out/renderer/index.html')).href,
      'file://attacker-host/share/index.html'
    ]) {
      const answer = await invokeFrom(win.webContents, topFrame(url))
      expect(answer, url).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Untrusted IPC sender' }
      })
    }
  })

  it('refuses IPC from another webContents, a subframe, another page or a look-alike origin', async () => {
    const forbidden = { ok: false, error: { code: 'FORBIDDEN', message: 'Untrusted IPC sender' } }
    const stray = electron.webContents.createStray()
    expect(await invokeFrom(stray, topFrame('app://auditor-workbench/index.html'))).toEqual(forbidden)
    const subframe = { url: 'app://auditor-workbench/index.html', parent: win.webContents.mainFrame }
    expect(await invokeFrom(win.webContents, subframe)).toEqual(forbidden)
    expect(await invokeFrom(win.webContents, null)).toEqual(forbidden)
    for (const url of [
      'app://auditor-workbench/other.html',
      'app://auditor-workbench.attacker.example/index.html',
      'app://user@auditor-workbench/index.html',
      'https://auditor-workbench/index.html',
      'http://localhost:5173/',
      'about:blank',
      'data:text/html,hi'
    ])
      expect(await invokeFrom(win.webContents, topFrame(url)), url).toEqual(forbidden)
    // a closed window's webContents is no longer trusted
    const closing = openWindow()
    const { webContents: wc } = closing
    expect(await invokeFrom(wc, wc.mainFrame)).toMatchObject({ ok: true })
    closing.close()
    expect(await invokeFrom(wc, wc.mainFrame)).toEqual(forbidden)
  })

  it('in development trusts the dev server origin only; the packaged app ignores ELECTRON_RENDERER_URL', async () => {
    const forbidden = { ok: false, error: { code: 'FORBIDDEN', message: 'Untrusted IPC sender' } }
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173')
    try {
      const dev = openWindow()
      expect(dev.webContents.getURL()).toBe('http://localhost:5173')
      expect(await invokeFrom(dev.webContents, topFrame('http://localhost:5173/'))).toMatchObject({
        ok: true
      })
      for (const url of [
        'http://localhost:5173.attacker.example/',
        'http://localhost:51730/',
        'http://localhost:5173@attacker.example/',
        'https://localhost:5173/',
        'file:///etc/passwd'
      ])
        expect(await invokeFrom(dev.webContents, topFrame(url)), url).toEqual(forbidden)
      dev.close()

      electron.app.isPackaged = true
      const packaged = openWindow()
      expect(packaged.webContents.getURL()).toBe('app://auditor-workbench/index.html')
      expect(await invokeFrom(packaged.webContents, topFrame('http://localhost:5173/'))).toEqual(forbidden)
      packaged.close()
    } finally {
      electron.app.isPackaged = false
      vi.stubEnv('ELECTRON_RENDERER_URL', undefined)
    }
  })

  it('quits when its last window closes (except on macOS)', () => {
    electron.app.emit('window-all-closed')
    expect(electron.app.quitCalled).toBe(process.platform !== 'darwin')
  })
})

/** the files of the built bundle that an entry loads: itself and its relative static imports, transitively */
function bundleGraph(entry: string): Map<string, string> {
  const files = new Map<string, string>()
  const visit = (file: string): void => {
    if (files.has(file)) return
    const code = readFileSync(file, 'utf8')
    files.set(file, code)
    for (const m of code.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["'](\.{1,2}\/[^"']+)["']/g))
      visit(join(file, '..', m[1]!))
  }
  visit(entry)
  return files
}

/** what would start the Electron binary as Node, which the RunAsNode fuse forbids */
function runsElectronAsNode(code: string): string[] {
  const found: string[] = []
  if (code.includes('ELECTRON_RUN_AS_NODE')) found.push('ELECTRON_RUN_AS_NODE')
  if (/["'](?:node:)?child_process["']/.test(code)) found.push('child_process')
  if (code.includes('process.execPath')) found.push('process.execPath')
  if (/\bexecArgv\b/.test(code)) found.push('execArgv')
  return found
}

describe('the Electron main bundle (out/main)', () => {
  it('never starts a process, let alone the Electron binary as Node: imports run in a worker thread', () => {
    const entries = ['out/main/index.js', 'out/main/import-worker.js'].map((f) => join(ROOT, f))
    for (const entry of entries)
      expect(existsSync(entry), `${entry} is missing: run npm run build`).toBe(true)
    const graph = new Map([...bundleGraph(entries[0]!), ...bundleGraph(entries[1]!)])
    expect(graph.size).toBeGreaterThan(2) // the chunks were followed
    for (const [file, code] of graph) expect(runsElectronAsNode(code), file).toEqual([])
    // the importer is a worker thread of the main process (built-ins come from process.getBuiltinModule)
    expect(
      [...graph.values()].some((code) =>
        /(?:from\s*|getBuiltinModule\()["']node:worker_threads["']/.test(code)
      )
    ).toBe(true)
    // the check does find a process start where there is one: browser mode (not shipped in the app) opens
    // the user's browser
    expect(runsElectronAsNode(readFileSync(join(ROOT, 'out/main/bridge.js'), 'utf8'))).toContain(
      'child_process'
    )
  })
})
