import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Workspace } from '../../src/main/workspace'
import { FIXTURES } from './paths'

/** Imports the files of tests/fixtures/cases/`dir` (those `only` keeps, in name order) into case `caseId`. */
export async function importCaseDir(
  ws: Workspace,
  caseId: string,
  dir: string,
  only?: (f: string) => boolean
): Promise<void> {
  const from = join(FIXTURES, 'cases', dir)
  for (const f of readdirSync(from)
    .filter((x) => !only || only(x))
    .sort())
    await ws.importOne(caseId, { name: f, bytes: readFileSync(join(from, f)) })
}
