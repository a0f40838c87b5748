import { join, resolve } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'

export const ROOT = resolve(import.meta.dirname, '../..')
export const RESOURCES = join(ROOT, 'resources')
export const FIXTURES = join(ROOT, 'tests/fixtures')
/** ../shared beside the checkout, as in CI */
export const SHARED_FIXTURES = resolve(ROOT, '../shared/fixtures')

export function tempDir(prefix = 'aw-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}
