#!/usr/bin/env node
// The package bin: runs the built CLI (out/main/cli.js) on Node >= 22. better-sqlite3 13 needs it (it
// crashes on Node 20), so an older Node re-runs this command with the project's pinned Node 24 when it is
// installed (node_modules/node), or says what to do.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'out/main/cli.js')
const major = Number(process.versions.node.split('.')[0])

function run(nodeBin, args) {
  const r = spawnSync(nodeBin, args, { stdio: 'inherit' })
  process.exit(r.status ?? 1)
}

if (!existsSync(cli)) {
  const ensure = join(root, 'scripts/ensure-built.mjs')
  if (!existsSync(ensure)) {
    console.error('auditor-workbench: the app is not built (out/main/cli.js is missing). Run npm run build.')
    process.exit(2)
  }
  const pinned = join(root, 'node_modules/.bin/node')
  const r = spawnSync(major >= 22 ? process.execPath : pinned, [ensure], { stdio: 'inherit', cwd: root })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
if (major >= 22) {
  // main() ends the process only once stdout has taken all of the output (a pipe takes it asynchronously)
  // a file URL, not the path: import() reads a path as a URL ('#' starts a fragment, '%41' is 'A')
  await import(pathToFileURL(cli).href).then((m) => m.main(process.argv.slice(2)))
} else {
  const pinned = join(root, 'node_modules/.bin/node')
  if (!existsSync(pinned)) {
    console.error(
      `auditor-workbench needs Node >= 22 (this is ${process.version}). Install Node 24, or run npm ci in the project.`
    )
    process.exit(2)
  }
  run(pinned, [cli, ...process.argv.slice(2)])
}
