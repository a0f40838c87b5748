#!/usr/bin/env node
// Builds the app when out/ is missing or older than the sources. Silent when nothing is to do.
import { spawnSync } from 'node:child_process'
import { join, dirname } from 'node:path'
import { needsBuild } from './start.mjs'

const root = join(dirname(new URL(import.meta.url).pathname), '..')
if (needsBuild()) {
  process.stderr.write('Building the app (electron-vite build)…\n')
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 2, 2] })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
