#!/usr/bin/env node
// Runs the `_electron` Playwright suite (tests/e2e-electron, project "electron") against the app that
// `npm run dist` packaged. Playwright drives Electron through the Node inspector, which the shipped fuses
// turn off (EnableNodeCliInspectArguments), so the suite runs on a copy of the packaged app in which that one
// fuse is turned back on; every other fuse, the asar and the code are the shipped ones. The shipped app
// itself is checked by scripts/check-fuses.mjs. On Linux, run it under xvfb-run.
import { cpSync, mkdtempSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { basename, dirname, join, relative } from 'node:path'
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses'
import { packagedApp } from './electron-fuses.mjs'

const root = join(import.meta.dirname, '..')
const { app, executable } = packagedApp()
const copyRoot = mkdtempSync(join(tmpdir(), 'aw-packaged-'))
// the .app bundle on macOS, the whole *-unpacked folder elsewhere
const source = process.platform === 'darwin' ? app : dirname(app)
const copy = join(copyRoot, basename(source))
cpSync(source, copy, { recursive: true, verbatimSymlinks: true })
const copiedApp = process.platform === 'darwin' ? copy : join(copy, basename(app))
const copiedExecutable = join(copy, relative(source, executable))

await flipFuses(copiedApp, {
  version: FuseVersion.V1,
  [FuseV1Options.EnableNodeCliInspectArguments]: true,
  resetAdHocDarwinSignature: process.platform === 'darwin'
})
console.log(`Testing a copy of ${app} with EnableNodeCliInspectArguments on: ${copiedExecutable}`)

const r = spawnSync('npx', ['playwright', 'test', '--project', 'electron', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env: { ...process.env, AW_ELECTRON_EXECUTABLE: copiedExecutable }
})
process.exit(r.status ?? 1)
