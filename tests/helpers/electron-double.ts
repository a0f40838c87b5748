/**
 * A stand-in for the `electron` module, for tests that run the main process's wiring (src/main/index.ts,
 * window.ts, ipc/register.ts) in vitest where there is no Electron binary:
 *
 *   vi.mock('electron', () => import('../helpers/electron-double'))
 *
 * It keeps what the code under test hands to Electron (window options, handlers, loaded URLs) so that a test
 * can call those handlers the way Electron would. It implements only what the app uses.
 */
import { EventEmitter } from 'node:events'
import { pathToFileURL } from 'node:url'

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' }

export class FakeEvent {
  defaultPrevented = false
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

/** A frame as IPC events carry it (WebFrameMain): its URL and its parent (null for the top frame). */
export interface FakeFrame {
  url: string
  parent: FakeFrame | null
}

let nextWebContentsId = 1
const allWebContents: FakeWebContents[] = []

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++
  readonly mainFrame: FakeFrame = { url: '', parent: null }
  windowOpenHandler: WindowOpenHandler | null = null
  readonly sent: unknown[][] = []

  constructor() {
    super()
    allWebContents.push(this)
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler // as in Electron: the last one set wins
  }
  async loadURL(url: string): Promise<void> {
    this.mainFrame.url = url
  }
  async loadFile(file: string): Promise<void> {
    this.mainFrame.url = pathToFileURL(file).href
  }
  getURL(): string {
    return this.mainFrame.url
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args])
  }
  /** what Electron does before a navigation: emits will-navigate and tells whether a listener prevented it */
  tryNavigate(url: string): boolean {
    const event = new FakeEvent()
    this.emit('will-navigate', event, url)
    return !event.defaultPrevented
  }
  /** what Electron does for window.open or a target=_blank link */
  tryOpenWindow(url: string): 'allow' | 'deny' {
    return this.windowOpenHandler ? this.windowOpenHandler({ url }).action : 'allow'
  }
}

const windows: FakeBrowserWindow[] = []

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents()
  shown = false
  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super()
    windows.push(this)
    // Electron creates the window's webContents inside the constructor and announces it at once
    app.emit('web-contents-created', new FakeEvent(), this.webContents)
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return [...windows]
  }
  show(): void {
    this.shown = true
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url)
  }
  loadFile(file: string): Promise<void> {
    return this.webContents.loadFile(file)
  }
  close(): void {
    windows.splice(windows.indexOf(this), 1)
    this.emit('closed')
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false
  sandboxEnabled = false
  readonly paths = new Map<string, string>([['userData', '/nonexistent/electron-default-userData']])
  quitCalled = false
  /** true once the test has made the app ready (what Electron calls app.isReady()) */
  readyFired = false
  private markReady: () => void = () => undefined
  private readonly ready = new Promise<void>((resolve) => (this.markReady = resolve))
  /** what Electron does once it has initialised: the test decides when, after the module has loaded */
  becomeReady(): Promise<void> {
    this.readyFired = true
    this.markReady()
    return this.ready
  }
  enableSandbox(): void {
    this.sandboxEnabled = true
  }
  whenReady(): Promise<void> {
    return this.ready
  }
  getPath(name: string): string {
    const p = this.paths.get(name)
    if (!p) throw new Error(`app.getPath: no path for ${name}`)
    return p
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value)
  }
  quit(): void {
    this.quitCalled = true
  }
}
export const app = new FakeApp()

type PermissionRequestHandler = (
  wc: unknown,
  permission: string,
  callback: (granted: boolean) => void
) => void
type PermissionCheckHandler = (wc: unknown, permission: string) => boolean

export const session = {
  defaultSession: {
    permissionRequestHandler: null as PermissionRequestHandler | null,
    permissionCheckHandler: null as PermissionCheckHandler | null,
    setPermissionRequestHandler(handler: PermissionRequestHandler): void {
      this.permissionRequestHandler = handler
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler): void {
      this.permissionCheckHandler = handler
    }
  }
}

type InvokeListener = (event: unknown, ...args: unknown[]) => unknown

export const ipcMain = {
  handlers: new Map<string, InvokeListener>(),
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, listener)
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  },
  /** what Electron does when a renderer calls ipcRenderer.invoke(channel, ...args) */
  invoke(
    channel: string,
    event: { sender: FakeWebContents; senderFrame: FakeFrame | null },
    ...args: unknown[]
  ) {
    const listener = this.handlers.get(channel)
    if (!listener) throw new Error(`No handler registered for '${channel}'`)
    return Promise.resolve(listener(event, ...args))
  }
}

export const shell = {
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    this.opened.push(url)
  }
}

type ProtocolHandler = (request: Request) => Response | Promise<Response>

export const protocol = {
  privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
  handlers: new Map<string, ProtocolHandler>(),
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void {
    // as in Electron: only before the app is ready
    if (app.readyFired) throw new Error('protocol.registerSchemesAsPrivileged must be called before ready')
    this.privileged.push(...schemes)
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    this.handlers.set(scheme, handler)
  },
  /** what Chromium does to load a URL of a handled scheme */
  fetch(url: string): Promise<Response> {
    const handler = this.handlers.get(new URL(url).protocol.replace(/:$/, ''))
    if (!handler) throw new Error(`no handler for ${url}`)
    return Promise.resolve(handler(new Request(url)))
  }
}

export const safeStorage = {
  isEncryptionAvailable: (): boolean => false,
  encryptString: (): Buffer => {
    throw new Error('no keychain in tests')
  },
  decryptString: (): string => {
    throw new Error('no keychain in tests')
  }
}

export const webContents = {
  getAllWebContents: (): FakeWebContents[] => [...allWebContents],
  fromId: (id: number): FakeWebContents | undefined => allWebContents.find((wc) => wc.id === id),
  /** a webContents that is not one of the app's windows (a devtools or a stray one) */
  createStray: (): FakeWebContents => new FakeWebContents()
}

export default {
  app,
  BrowserWindow: FakeBrowserWindow,
  ipcMain,
  protocol,
  safeStorage,
  session,
  shell,
  webContents
}
export { FakeBrowserWindow as BrowserWindow }
