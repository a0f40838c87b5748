// node --import this-file: appends every module URL the process resolves to the file AW_IMPORT_LOG names
// (tests/integration/cli-startup.test.ts: what a CLI command loads).
import { registerHooks } from 'node:module'
import { appendFileSync } from 'node:fs'

const log = process.env.AW_IMPORT_LOG
if (log)
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context)
      appendFileSync(log, `${resolved.url}\n`)
      return resolved
    }
  })
