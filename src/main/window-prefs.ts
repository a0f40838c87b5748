import type { WebPreferences } from 'electron'

/** The secure defaults of every window (a type-only import: no electron at run time). */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false
} as const satisfies WebPreferences
