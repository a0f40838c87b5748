#!/usr/bin/env node
// npm test: build, typecheck, lint, vitest (unit + integration + property), Playwright e2e (browser via the
// bridge; Electron where its binary exists). Ends with one line `N passed, N failed` for CI.
// Build, typecheck and lint are steps, not tests: they count nothing when they pass, and a failing step is
// counted as one failure (so that the run fails and says why). Each step and suite prints how long it took.
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

const root = join(dirname(new URL(import.meta.url).pathname), '..')
const env = {
  ...process.env,
  FC_RUNS: process.env.FC_RUNS ?? '2000',
  CRASH_ROUNDS: process.env.CRASH_ROUNDS ?? '200'
}
let passed = 0
let failed = 0
let skipped = 0
const notes = []
const timings = []
const startedAll = Date.now()

function step(name, cmd, args, extraEnv = {}) {
  console.log(`\n=== ${name}: ${[cmd, ...args].join(' ')}`)
  const started = Date.now()
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } })
  const seconds = Math.round((Date.now() - started) / 1000)
  timings.push(`${name}: ${seconds} s`)
  console.log(`=== ${name}: ${r.status === 0 ? 'done' : 'FAILED'} in ${seconds} s`)
  return r.status === 0
}

/** A step (build, typecheck, lint) is no test: it counts only when it fails. */
function requireStep(name, ok) {
  if (!ok) {
    failed += 1
    notes.push(`FAILED step: ${name}`)
  }
}

const npx = (bin) => join(root, 'node_modules/.bin', bin)

const built = step('build', 'npm', ['run', '--silent', 'build'])
requireStep('build', built)
requireStep('typecheck', step('typecheck', 'npm', ['run', '--silent', 'typecheck']))
requireStep('lint', step('lint', 'npm', ['run', '--silent', 'lint']))

const vitestJson = join(root, '.vitest-results.json')
rmSync(vitestJson, { force: true })
step('vitest', npx('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`])
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'))
  passed += v.numPassedTests
  failed += v.numFailedTests
  skipped += v.numPendingTests + v.numTodoTests
  if (v.numFailedTestSuites > 0 && v.numFailedTests === 0) {
    failed += v.numFailedTestSuites
    notes.push(`FAILED: ${v.numFailedTestSuites} vitest file(s) could not run`)
  }
} else requireStep('vitest (no report written)', false)

if (built) {
  const pwJson = join(root, '.playwright-results.json')
  rmSync(pwJson, { force: true })
  step('playwright', npx('playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson
  })
  if (existsSync(pwJson)) {
    const p = JSON.parse(readFileSync(pwJson, 'utf8'))
    passed += p.stats.expected + p.stats.flaky
    failed += p.stats.unexpected
    skipped += p.stats.skipped
    const reasons = new Set()
    const walk = (suite) => {
      for (const s of suite.suites ?? []) walk(s)
      for (const spec of suite.specs ?? [])
        for (const t of spec.tests ?? [])
          for (const a of t.annotations ?? [])
            if (a.type === 'skip' && a.description) reasons.add(a.description)
    }
    p.suites.forEach(walk)
    for (const r of reasons) notes.push(`skipped (e2e): ${r}`)
    if (p.errors?.length) {
      failed += p.errors.length
      notes.push(`FAILED: ${p.errors.length} Playwright error(s) outside tests`)
    }
  } else requireStep('playwright (no report written)', false)
} else notes.push('e2e not run: the build failed')

console.log('')
console.log(`Times: ${timings.join(', ')}; all: ${Math.round((Date.now() - startedAll) / 60_000)} min`)
for (const n of notes) console.log(n)
if (skipped) console.log(`${skipped} skipped`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
