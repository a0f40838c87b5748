/** Where the built verify worker is; apart from verify-client.ts, so that finding it loads no PDF library. */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export function builtVerifyWorkerFile(mainDir: string): string | null {
  const file = fileURLToPath(new URL('./verify-worker.js', `file://${mainDir}/`))
  return existsSync(file) ? file : null
}
