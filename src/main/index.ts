/**
 * Electron wiring only: lifecycle, window, IPC. Everything else is the shared core (src/main/core.ts),
 * which the loopback bridge and the CLI use too.
 */
import { app, BrowserWindow, safeStorage } from 'electron'
import { join } from 'node:path'
import {
  createMainWindow,
  isTrustedSender,
  lockDownSession,
  registerAppScheme,
  serveRenderer
} from './window'
import { registerInvokeHandlers } from './ipc/register'
import { logToStderr, startCore, type Core, WARM_UP_DELAY_MS } from './core'
import { defaultUserDataDir, resolveDbPath } from './paths'

process.on('uncaughtException', (error) => logToStderr('uncaught exception', error))

const dbFlag = (() => {
  const i = process.argv.indexOf('--db')
  return i >= 0 ? process.argv[i + 1] : undefined
})()

let core: Core | null = null

app.enableSandbox()
// the packaged app is named "Auditor Workbench"; its data stays where the CLI and browser mode look for it
app.setPath('userData', defaultUserDataDir())
registerAppScheme()
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (e) => e.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

void app.whenReady().then(async () => {
  lockDownSession()
  serveRenderer(join(import.meta.dirname, '../renderer'))
  core = await startCore({
    backgroundRetry: true,
    dbPath: resolveDbPath(dbFlag, process.env, app.getPath('userData')),
    mainDir: import.meta.dirname,
    transport: 'electron',
    // passphrases of signing keys may be kept in the OS keychain, if the user opts in
    secretCipher: safeStorage,
    emit: (event, ...payload) => {
      for (const win of BrowserWindow.getAllWindows()) win.webContents.send(event, ...payload)
    }
  })
  // the first big import of the session should not be the one that compiles the parser; the warm-up waits
  // until the window has had the machine to itself for its start
  setTimeout(() => core?.ws.warmUpImporter(), WARM_UP_DELAY_MS).unref()
  registerInvokeHandlers(core.handlers, { isTrustedSender, log: logToStderr })
  createMainWindow(import.meta.dirname)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(import.meta.dirname)
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
app.on('will-quit', () => {
  void core?.close()
})
