/**
 * The CLI's output, written to file descriptors 1 and 2 directly while they take the bytes at once.
 *
 * Creating process.stdout and process.stderr (for a pipe: a socket stream and the stream machinery) cost a
 * start about 5 ms, more than `case list` spends on anything else of its own. A line goes out with
 * writeSync; where a descriptor would block (a non-blocking pipe that is full), the rest of that line and
 * all later output go through the stream, which `flush` waits for. A reader that went away (EPIPE,
 * `| head`) gets no more output; that is not the command's failure. The streams are watched, not made:
 * `flush` waits for a stream only when something (this module, console.error elsewhere) created it.
 */
import { writeSync } from 'node:fs'

type Fd = 1 | 2
const streamOf = (fd: Fd): NodeJS.WriteStream => (fd === 1 ? process.stdout : process.stderr)

/** which of process.stdout/stderr exist by now: their getters, wrapped once to note the first use */
const created = new Set<Fd>()
function watchStreams(): void {
  for (const [fd, name] of [
    [1, 'stdout'],
    [2, 'stderr']
  ] as const) {
    const own = Object.getOwnPropertyDescriptor(process, name)
    if (!own?.get || !own.configurable) {
      created.add(fd) // cannot watch: treat it as made
      continue
    }
    const get = own.get
    Object.defineProperty(process, name, {
      ...own,
      get() {
        const stream = get.call(process) as NodeJS.WriteStream
        if (!created.has(fd)) {
          created.add(fd)
          stream.on('error', () => undefined) // EPIPE and the like: the reader has gone
        }
        return stream
      }
    })
  }
}

export interface CliOutput {
  readonly out: (s: string) => void
  readonly err: (s: string) => void
  /** resolves once every byte written so far is handed to the OS (or its reader has gone) */
  flush(): Promise<void>
}

export function cliOutput(): CliOutput {
  watchStreams()
  const viaStream = new Set<Fd>()
  const gone = new Set<Fd>()
  const line = (fd: Fd) => (s: string) => {
    if (gone.has(fd)) return
    const bytes = Buffer.from(`${s}\n`)
    if (viaStream.has(fd)) return void streamOf(fd).write(bytes)
    let off = 0
    try {
      while (off < bytes.length) off += writeSync(fd, bytes, off)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EPIPE') return void gone.add(fd)
      if (code !== 'EAGAIN') throw error
      viaStream.add(fd)
      streamOf(fd).write(bytes.subarray(off))
    }
  }
  return {
    out: line(1),
    err: line(2),
    flush: () => Promise.all([...created].map((fd) => flushed(streamOf(fd)))).then(() => undefined)
  }
}

/** Resolves once everything written to the stream so far is handed to the OS (or the reader has gone). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((done) => {
    if (stream.destroyed || !stream.writable) return done()
    stream.once('error', () => done())
    stream.write('', () => done())
  })
}

/**
 * A line as the terminal may take it: control characters other than newline and tab (C0, DEL, C1) and
 * bidirectional overrides become `\uXXXX`. The CLI prints text that files chose (a verdict's case id, a
 * certificate's name, a report's testcase): an escape sequence among it could move the cursor and rewrite
 * what was printed before. In --json output the same escape is JSON's own, so the data reads the same.
 */
export const terminalSafe = (s: string): string =>
  s.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what this escapes
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
  )
