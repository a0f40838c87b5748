/** Where the built verify worker is; apart from verify-client.ts, so that finding it loads no PDF library. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export function builtVerifyWorkerFile(mainDir: string): string | null {
  // a path, not a URL made of one (a folder named "C# audits" would name another file)
  const file = join(mainDir, 'verify-worker.js')
  return existsSync(file) ? file : null
}
