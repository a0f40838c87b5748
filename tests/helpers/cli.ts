import { runCli } from '../../src/main/cli'

/** The CLI in this process, as a user would call it: its exit code and what it printed on each stream. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(argv, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') })
  return { code, out, err }
}
