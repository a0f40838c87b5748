/**
 * A rejected input: the file, the place in it and the reason, in plain words.
 * Parsers throw it; every face (UI, bridge, CLI) shows the three parts.
 */
export class InputError extends Error {
  override readonly name = 'InputError'
  constructor(
    readonly file: string,
    readonly place: string,
    readonly reason: string
  ) {
    super(`${file}: ${place}: ${reason}`)
  }
}

/** Formats a path such as ['run', 'invocations', 'x', 'results', 3] as `run.invocations.x.results[3]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(document root)'
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else {
      const key = String(part)
      out += /^[A-Za-z_][\w-]*$/.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`
    }
  }
  return out
}
