#!/usr/bin/env node
// Reads the fuses of a packaged app with `electron-fuses read --app APP` (@electron/fuses) and fails if any
// differs from scripts/electron-fuses.mjs for this platform. Without an argument it checks the app that
// `npm run dist` left in dist/. Usage: node scripts/check-fuses.mjs [APP] [--platform linux|darwin|win32]
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { fuseDifferences, packagedApp } from './electron-fuses.mjs'

const { values, positionals } = parseArgs({
  options: { platform: { type: 'string', default: process.platform } },
  allowPositionals: true
})
const app = positionals[0] ?? packagedApp(values.platform).app
const cli = join(import.meta.dirname, '../node_modules/@electron/fuses/dist/bin.js')
const read = spawnSync(process.execPath, [cli, 'read', '--app', app], { encoding: 'utf8' })
process.stdout.write(read.stdout)
if (read.status !== 0) {
  process.stderr.write(read.stderr)
  console.error(`electron-fuses read failed for ${app}`)
  process.exit(1)
}
const differences = fuseDifferences(read.stdout, values.platform)
if (differences.length > 0) {
  console.error(`The fuses of ${app} are not the shipped ones:\n  ${differences.join('\n  ')}`)
  process.exit(1)
}
console.log(`All fuses of ${app} are as scripts/electron-fuses.mjs sets them for ${values.platform}.`)
