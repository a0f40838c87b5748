// The Electron fuses of the shipped desktop app, in one place: the afterPack hook flips them
// (scripts/after-pack.mjs), the release workflow checks them on the packaged app (scripts/check-fuses.mjs),
// and tests/unit/scripts/electron-fuses.test.ts checks this object against the library's list of fuses.
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { FuseV1Options, FuseVersion } from '@electron/fuses'
import yaml from 'js-yaml'

const ROOT = join(import.meta.dirname, '..')

/**
 * Every fuse that this @electron/fuses knows is named: with strictlyRequireAllFuses the flip fails, instead
 * of inheriting Electron's default, when an Electron upgrade brings a fuse nobody decided on.
 */
export const ELECTRON_FUSES = Object.freeze({
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // ELECTRON_RUN_AS_NODE would turn the signed app into a Node interpreter for anyone who can start it
  [FuseV1Options.RunAsNode]: false,
  // cookies and the rest of the Chromium profile's secrets encrypted with the OS keychain
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS (--require, --import …) would inject code into the main process
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect and friends would open a debugger into the main process
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash signed into the executable (macOS and Windows; see fusesFor)
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // only resources/app.asar is loaded, never a resources/app folder dropped beside it
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // the app ships no browser-process V8 snapshot of its own: Electron's default
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // the renderer is served from app://auditor-workbench/ (src/main/window.ts): file:// pages need nothing
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  // Electron's default: WebAssembly bounds are checked by guard pages and a signal handler
  [FuseV1Options.WasmTrapHandlers]: true
})

/** Embedded asar integrity exists on macOS and Windows only; electron-builder embeds the hash there. */
export const ASAR_INTEGRITY_PLATFORMS = Object.freeze(['darwin', 'mas', 'win32'])

/** The configuration flipped into the app for one electron platform name (darwin, mas, win32, linux). */
export function fusesFor(platform) {
  return {
    ...ELECTRON_FUSES,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: ASAR_INTEGRITY_PLATFORMS.includes(platform),
    // flipping a fuse breaks the ad-hoc signature an unsigned arm64 macOS app needs to start at all
    resetAdHocDarwinSignature: platform === 'darwin' || platform === 'mas'
  }
}

/** fuse name → 'Enabled' | 'Disabled', as `electron-fuses read` prints them, for one platform */
export function expectedFuseStates(platform) {
  const config = fusesFor(platform)
  const states = {}
  for (const [key, value] of Object.entries(FuseV1Options)) {
    if (typeof value !== 'number') continue
    states[key] = config[value] ? 'Enabled' : 'Disabled'
  }
  return states
}

/** The output of `electron-fuses read --app APP`, as fuse name → state (colours stripped). */
export function parseFuseReadout(text) {
  const states = {}
  // eslint-disable-next-line no-control-regex
  for (const line of text.replace(/\u001b\[[0-9;]*m/g, '').split(/\r?\n/)) {
    const m = /^\s+(\w+) is (Enabled|Disabled|Inherited|Removed)\s*$/.exec(line)
    if (m) states[m[1]] = m[2]
  }
  return states
}

/** Every difference between a readout and what this platform must have; empty when all fuses are right. */
export function fuseDifferences(readout, platform) {
  const actual = parseFuseReadout(readout)
  const expected = expectedFuseStates(platform)
  const differences = []
  for (const [name, state] of Object.entries(expected))
    if (actual[name] !== state) differences.push(`${name} is ${actual[name] ?? 'missing'}, expected ${state}`)
  for (const name of Object.keys(actual))
    if (!(name in expected)) differences.push(`${name} is not known to this check (${actual[name]})`)
  return differences
}

/** productName and the Linux executable name, read from electron-builder.yml (the one place they are set) */
export function builderNames(root = ROOT) {
  const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'))
  return {
    productName: config.productName,
    executableName: config.linux?.executableName,
    output: config.directories?.output ?? 'dist'
  }
}

/**
 * The packaged (unpacked) app that electron-builder left in dist/ for this platform: the path to give
 * `electron-fuses read --app`, and the executable to start.
 */
export function packagedApp(platform = process.platform, root = ROOT) {
  const { productName, executableName, output } = builderNames(root)
  const dist = join(root, output)
  const dirs = existsSync(dist) ? readdirSync(dist) : []
  let app
  let executable
  if (platform === 'darwin') {
    const dir = dirs.find((d) => /^mac(-arm64|-universal)?$/.test(d))
    app = dir && join(dist, dir, `${productName}.app`)
    executable = app && join(app, 'Contents', 'MacOS', productName)
  } else if (platform === 'win32') {
    const dir = dirs.find((d) => /^win(-arm64|-ia32)?-unpacked$/.test(d))
    app = dir && join(dist, dir, `${productName}.exe`)
    executable = app
  } else {
    const dir = dirs.find((d) => /^linux(-arm64|-armv7l)?-unpacked$/.test(d))
    app = dir && join(dist, dir, executableName)
    executable = app
  }
  if (!app || !existsSync(app))
    throw new Error(
      `no packaged app for ${platform} in ${dist}: run npm run dist first (found: ${dirs.join(', ')})`
    )
  return { app, executable }
}
