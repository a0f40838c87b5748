import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../../src/main/cli'
import { openWorkspace } from '../../src/main/workspace'
import { testClock } from './clock'
import { FIXTURES, RESOURCES, tempDir } from './paths'
import { sampleReport } from './workspace'

/** The CLI in this process, as a user would call it: its exit code and what it printed on each stream. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(argv, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') })
  return { code, out, err }
}

/** The argv of `case create` for case `id` on scs-compatible-iaas v5.1 (the scheme of the demo report). */
export const caseCreateArgv = (id = 'a', ...flags: string[]): string[] => [
  'case',
  'create',
  '--id',
  id,
  '--scheme',
  'scs-compatible-iaas',
  '--scheme-version',
  'v5.1',
  ...flags
]

/**
 * A workspace file for the CLI's review tests (its path; the workspace is closed): case c on
 * scs-compatible-iaas v5.1 with the demo report, under the name the self-assessment's `attachment:` link
 * gives it (else evidence-unresolved is a finding), and the demo self-assessment.
 */
export async function demoCaseDb(): Promise<string> {
  const db = join(tempDir(), 'w.sqlite')
  const ws = openWorkspace({ dbPath: db, resourcesDir: RESOURCES, actor: 't', clock: testClock })
  ws.createCase({ id: 'c', schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  await ws.importOne('c', { name: 'scs-report-demo-cloud.yaml', bytes: sampleReport() })
  await ws.importOne('c', {
    name: 'sa.yaml',
    bytes: readFileSync(join(FIXTURES, 'self-assessment/iaas-demo-cloud.yaml'))
  })
  ws.close()
  return db
}

/** The argv of `decide` on demo-cloud's scs-0100-v3.1 in case c of `db` (demoCaseDb), signed with `key`. */
export const decideArgv = (db: string, key: string, decision: string, ...flags: string[]): string[] => [
  'decide',
  '--db',
  db,
  '--case',
  'c',
  '--criterion',
  'scs-0100-v3.1',
  '--subject',
  'demo-cloud',
  '--decision',
  decision,
  '--key',
  key,
  ...flags
]
