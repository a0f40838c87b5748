/**
 * Uploads of browser mode, spooled to disk as they arrive (issue 10 §5: stream uploads instead of buffering
 * them). The bridge writes an upload's bytes chunk by chunk into a file of a private folder (0700; files
 * 0600) and answers with a random id; an `import:files` call then names the file by that id, and the import
 * reads it once, when it runs. So the main process never holds an upload while it arrives (however many
 * arrive at once), and holds each file once, as bytes, while it is imported: not as a request body, plus its
 * JSON text, plus its base64 string, plus the decoded bytes.
 *
 * An upload is taken once: `take` reads and deletes it. One not taken within `ttlMs` is deleted, and the
 * spooled bytes not yet taken are capped (`maxBytes`), so that a client cannot fill the disk.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DomainError } from './errors'
import { UPLOAD_ID } from '../shared/ipc/upload'

export interface UploadSpool {
  /**
   * Starts an upload of at most `cap` bytes; null when the spool has no room for it. The caller writes its
   * chunks, then `finish`es it (its id becomes good for one `take`) or `abort`s it (the file is deleted).
   */
  begin(cap: number): SpooledUpload | null
  /** the bytes of a finished upload, once; the file is deleted */
  take(id: string): Buffer
  /** bytes spooled and not yet taken, and uploads in progress (for tests and diagnostics) */
  state(): { readonly bytes: number; readonly uploads: number }
  /** deletes the folder and everything in it */
  close(): void
}

export interface SpooledUpload {
  readonly id: string
  /** written so far */
  readonly size: number
  write(chunk: Uint8Array): void
  finish(): { readonly id: string; readonly size: number }
  abort(): void
}

export function createUploadSpool(opts: {
  readonly maxBytes: number
  readonly ttlMs: number
  /** a monotonic clock in ms (tests move it by hand) */
  readonly now?: () => number
}): UploadSpool {
  const now = opts.now ?? (() => performance.now())
  const dir = mkdtempSync(join(tmpdir(), 'aw-uploads-'))
  /** room taken by uploads in progress (their cap) and finished ones (their size) */
  let reserved = 0
  let inProgress = 0
  const finished = new Map<string, { path: string; size: number; expires: number }>()

  const remove = (path: string): void => {
    try {
      unlinkSync(path)
    } catch {
      /* gone already */
    }
  }
  const sweep = (): void => {
    const t = now()
    for (const [id, f] of finished)
      if (f.expires <= t) {
        finished.delete(id)
        reserved -= f.size
        remove(f.path)
      }
  }

  return {
    begin(cap) {
      sweep()
      if (reserved + cap > opts.maxBytes) return null
      reserved += cap
      inProgress += 1
      const id = randomBytes(16).toString('hex')
      const path = join(dir, id)
      const fd = openSync(path, 'wx', 0o600)
      let size = 0
      let open = true
      const end = (): void => {
        if (!open) return
        open = false
        closeSync(fd)
        inProgress -= 1
        reserved -= cap
      }
      return {
        id,
        get size() {
          return size
        },
        write(chunk) {
          if (size + chunk.length > cap) throw new RangeError('over the upload cap')
          for (let off = 0; off < chunk.length;) off += writeSync(fd, chunk, off, chunk.length - off)
          size += chunk.length
        },
        finish() {
          end()
          reserved += size
          finished.set(id, { path, size, expires: now() + opts.ttlMs })
          return { id, size }
        },
        abort() {
          end()
          remove(path)
        }
      }
    },
    take(id) {
      sweep()
      const f = UPLOAD_ID.test(id) ? finished.get(id) : undefined
      if (!f)
        throw new DomainError(
          'USAGE',
          'No such upload: it was used already, has expired, or was never finished. Send the file again.'
        )
      finished.delete(id)
      reserved -= f.size
      try {
        return readFileSync(f.path)
      } finally {
        remove(f.path)
      }
    },
    state: () => ({ bytes: reserved, uploads: inProgress }),
    close() {
      finished.clear()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
