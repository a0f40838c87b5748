/** Electron window security in one place. Only index.ts and this file (and ipc/register.ts) import electron. */
import { app, BrowserWindow, protocol, session, shell } from 'electron'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SECURE_WEB_PREFERENCES } from './window-prefs'
import { contentTypeOf, rendererFile } from './renderer-files'

/**
 * The renderer is served from the app's own scheme, never from file://. The packaged app runs with the
 * GrantFileProtocolExtraPrivileges fuse off (electron-builder.yml), which takes file:// pages their access
 * to app.asar; and no file:// page is ever trusted, so a local HTML file the window might be led to cannot
 * call a handler.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'auditor-workbench'
/** the one page of the app: the only page (with the dev server's in development) whose IPC is answered */
export const ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/** Before the app is ready: the scheme is standard (relative URLs, 'self') and secure (like https). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }])
}

/** Serves the built renderer (out/renderer) on app://auditor-workbench/, and nothing outside it. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const file = url.host === APP_HOST ? rendererFile(rendererDir, url.pathname) : null
    if (!file) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } })
    return new Response(new Uint8Array(await readFile(file)), {
      headers: { 'content-type': contentTypeOf(file), 'x-content-type-options': 'nosniff' }
    })
  })
}

const isHttpsUrl = (url: string): boolean => URL.canParse(url) && new URL(url).protocol === 'https:'

/** Opens a link in the user's browser: https only (no http, file:, javascript:, smb:, custom schemes). */
export function openExternalHttps(url: string): boolean {
  if (!isHttpsUrl(url)) return false
  void shell.openExternal(url)
  return true
}

/**
 * Whether a frame shows the entry page: for the app's scheme exactly app://auditor-workbench/index.html
 * (query and fragment aside); for the dev server any page of its origin (scheme, host and port).
 */
export function isEntryPage(frameUrl: string, entryUrl: string): boolean {
  if (!URL.canParse(frameUrl) || !URL.canParse(entryUrl)) return false
  const frame = new URL(frameUrl)
  const entry = new URL(entryUrl)
  if (frame.protocol !== entry.protocol || frame.host !== entry.host) return false
  if (frame.username || frame.password) return false
  return entry.protocol !== `${APP_SCHEME}:` || frame.pathname === entry.pathname
}

/** the entry page of each of our windows, by webContents id */
const entryOf = new Map<number, string>()

/**
 * IPC senders are checked: only the top frame of our own windows, showing the app's entry page, may call
 * handlers. Another webContents, a subframe, or any other page (file:// included) is refused.
 */
export const isTrustedSender = (event: {
  sender: { id: number }
  senderFrame?: { url: string; parent?: unknown } | null
}): boolean => {
  const entry = entryOf.get(event.sender.id)
  const frame = event.senderFrame
  if (!entry || !frame || frame.parent) return false
  return isEntryPage(frame.url, entry)
}

/** Deny every permission request (camera, notifications, geolocation, …): the app needs none. */
export function lockDownSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
}

/**
 * The page a new window loads: the dev server's (electron-vite dev sets ELECTRON_RENDERER_URL) while
 * developing, never in the packaged app, where the variable would let anyone who can set the environment
 * make the app load and trust a page of theirs.
 */
export function entryUrl(): string {
  const devUrl = process.env['ELECTRON_RENDERER_URL']
  return !app.isPackaged && devUrl ? devUrl : ENTRY_URL
}

export function createMainWindow(mainDir: string): BrowserWindow {
  const entry = entryUrl()
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    show: false,
    title: 'Auditor Workbench',
    webPreferences: {
      ...SECURE_WEB_PREFERENCES,
      devTools: !app.isPackaged,
      preload: join(mainDir, '../preload/index.cjs')
    }
  })
  const id = win.webContents.id
  entryOf.set(id, entry)
  win.on('closed', () => entryOf.delete(id))
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternalHttps(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.once('ready-to-show', () => win.show())
  void win.loadURL(entry)
  return win
}
