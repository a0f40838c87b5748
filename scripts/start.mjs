#!/usr/bin/env node
// npm start: build if needed, then run Electron where its binary exists, otherwise the loopback bridge
// in the default browser. Extra arguments (for example --db FILE) are passed on.
//
// `npm ci` does not download Electron's binary (package.json's allowScripts denies electron's install script,
// so that `npm ci` works where the download is blocked). The first `npm start` fetches it with electron's own
// install.js; where that fails (no route to the download host), the app starts in browser mode instead.
// AUDITOR_WORKBENCH_BROWSER_MODE=1 skips Electron altogether.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'

const root = join(dirname(new URL(import.meta.url).pathname), '..')
const args = process.argv.slice(2)

function newest(dir) {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

export function needsBuild() {
  const outputs = [
    'out/main/index.js',
    'out/main/bridge.js',
    'out/main/cli.js',
    'out/main/import-worker.js',
    'out/preload/index.cjs',
    'out/renderer/index.html'
  ].map((f) => join(root, f))
  if (!outputs.every(existsSync)) return true
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs))
  const sources = Math.max(
    newest(join(root, 'src')),
    statSync(join(root, 'electron.vite.config.ts')).mtimeMs,
    statSync(join(root, 'package.json')).mtimeMs
  )
  return sources > built
}

/** The Electron binary's path, or the reason there is none. */
export function electronBinary() {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const pathFile = join(dir, 'path.txt')
    if (!existsSync(pathFile))
      return {
        reason: 'the electron package has no binary (its download is blocked or was skipped)',
        fetchable: true
      }
    const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(bin) ? { bin } : { reason: `the Electron binary ${bin} is missing` }
  } catch {
    return { reason: 'the electron package is not installed' }
  }
}

/**
 * Fetches Electron's binary with the electron package's own install.js (what its postinstall would have done).
 * Returns the binary, or the reason there is none. Its output is shown, so a user sees a download in progress.
 */
export function fetchElectronBinary() {
  let installJs
  try {
    installJs = join(dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'install.js')
  } catch {
    return { reason: 'the electron package is not installed' }
  }
  console.log('Fetching the Electron binary (first start only)…')
  const env = { ...process.env }
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
  const r = spawnSync(process.execPath, [installJs], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'pipe'],
    timeout: 15 * 60_000
  })
  if (r.status !== 0) {
    const lines = String(r.stderr ?? '').split('\n')
    const why = lines.find((l) => /Error|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN/.test(l))?.trim()
    return { reason: `its download failed${why ? ` (${why})` : r.error ? ` (${r.error.message})` : ''}` }
  }
  return electronBinary()
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  if (needsBuild()) {
    console.log('Building the app (electron-vite build)…')
    const r = spawnSync(
      process.execPath,
      [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
      { cwd: root, stdio: 'inherit' }
    )
    if (r.status !== 0) process.exit(r.status ?? 1)
    // the CLI is built on a graph of its own (scripts/build-cli.mjs)
    const cli = spawnSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], {
      cwd: root,
      stdio: 'inherit'
    })
    if (cli.status !== 0) process.exit(cli.status ?? 1)
  }
  let electron = process.env.AUDITOR_WORKBENCH_BROWSER_MODE
    ? { reason: 'AUDITOR_WORKBENCH_BROWSER_MODE is set' }
    : electronBinary()
  if (electron.fetchable) electron = fetchElectronBinary()
  const child = electron.bin
    ? spawn(electron.bin, ['.', ...args], { cwd: root, stdio: 'inherit' })
    : (console.log(`Electron cannot start here: ${electron.reason}. Starting in browser mode instead.`),
      spawn(process.execPath, [join(root, 'out/main/bridge.js'), ...args], { cwd: root, stdio: 'inherit' }))
  const forward = (sig) => child.kill(sig)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  child.on('exit', (code) => process.exit(code ?? 0))
}
