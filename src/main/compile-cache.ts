/**
 * Where the CLI keeps V8's compile cache (cli-entry.ts): the user's own cache folder, as the OS names it.
 * Kept apart from paths.ts so that the CLI's entry loads nothing else before the cache is on.
 */
const APP = 'auditor-workbench'

export function compileCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform
): string {
  const { join } = process.getBuiltinModule('node:path')
  const { homedir } = process.getBuiltinModule('node:os')
  if (env['NODE_COMPILE_CACHE']) return env['NODE_COMPILE_CACHE']
  if (platform === 'win32')
    return join(env['LOCALAPPDATA'] || join(homedir(), 'AppData', 'Local'), APP, 'compile-cache')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', APP, 'compile-cache')
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), APP, 'compile-cache')
}
