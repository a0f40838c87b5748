import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { existsSync } from 'node:fs'

export const APP_NAME = 'auditor-workbench'
export const DB_FILE_NAME = 'workspace.sqlite'

/**
 * The app's user-data folder, the same place Electron's app.getPath('userData') gives for this app name,
 * so the desktop app, the bridge and the CLI open the same workspace by default.
 */
export function defaultUserDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform
): string {
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME)
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), APP_NAME)
}

/** --db FILE wins, then AUDITOR_WORKBENCH_DB, then the user-data folder. */
export function resolveDbPath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  userDataDir = defaultUserDataDir(env)
): string {
  if (flag) return resolve(flag)
  if (env['AUDITOR_WORKBENCH_DB']) return resolve(env['AUDITOR_WORKBENCH_DB'])
  return join(userDataDir, DB_FILE_NAME)
}

/** resources/ at the repository (or app) root: two levels above both src/main and out/main. */
export function resourcesDir(fromDir: string): string {
  const candidates = [
    resolve(fromDir, '../../resources'),
    resolve(fromDir, '../resources'),
    resolve(process.cwd(), 'resources')
  ]
  return candidates.find((c) => existsSync(join(c, 'schemes'))) ?? candidates[0]!
}
