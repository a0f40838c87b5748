import { runCli } from '../../src/main/cli'

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
