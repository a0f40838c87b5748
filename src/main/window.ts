/** Electron window security in one place. Only index.ts and this file (and ipc/register.ts) import electron. */
import { BrowserWindow, session, shell } from 'electron'
import { join } from 'node:path'
import { SECURE_WEB_PREFERENCES } from './window-prefs'

const isHttpsUrl = (url: string): boolean => URL.canParse(url) && new URL(url).protocol === 'https:'
const trustedWebContents = new Set<number>()

/** IPC senders are checked: only our own windows, showing our own page, may call handlers. */
export const isTrustedSender = (event: {
  sender: { id: number }
  senderFrame?: { url: string } | null
}): boolean => {
  if (!trustedWebContents.has(event.sender.id)) return false
  const url = event.senderFrame?.url ?? ''
  return (
    url.startsWith('file://') ||
    (!!process.env['ELECTRON_RENDERER_URL'] && url.startsWith(process.env['ELECTRON_RENDERER_URL']))
  )
}

/** Deny every permission request (camera, notifications, geolocation, …): the app needs none. */
export function lockDownSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
}

export function createMainWindow(mainDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    show: false,
    title: 'Auditor Workbench',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: join(mainDir, '../preload/index.cjs') }
  })
  const id = win.webContents.id
  trustedWebContents.add(id)
  win.on('closed', () => trustedWebContents.delete(id))
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isHttpsUrl(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.once('ready-to-show', () => win.show())
  const devUrl = process.env['ELECTRON_RENDERER_URL']
  void (devUrl ? win.loadURL(devUrl) : win.loadFile(join(mainDir, '../renderer/index.html')))
  return win
}
