/**
 * The browser transport: the same Api as the Electron preload, carried over the loopback bridge.
 *
 * The page was opened with a one-time code (`/?code=…`); loading it gave this browser a session cookie
 * (HttpOnly, SameSite=Strict). `openBridgeSession()` strips the spent code from the address bar and the
 * history entry, then trades the cookie for the API token (POST /session). The token stays in this
 * module's memory only: not in the URL, not in storage a later visitor of the profile could read. A reload
 * trades the cookie again.
 */
import { createApi, type Api, type EventChannel, type ImportFile } from '../../shared/ipc/contract'
import type { Result } from '../../shared/result'

/** Files larger than this (in base64) go to the bridge as uploads of their own, not inside the call. */
const INLINE_BASE64 = 64 * 1024

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Thrown when the bridge gives no token: the page was not opened with a fresh link. */
export class NoSessionError extends Error {}

export function openBridgeSession(base = ''): Promise<string> {
  const here = new URL(window.location.href)
  if (here.searchParams.has('code')) {
    here.searchParams.delete('code')
    window.history.replaceState(window.history.state, '', here.pathname + here.search + here.hash)
  }
  return fetch(`${base}/session`, { method: 'POST', credentials: 'same-origin' }).then(async (res) => {
    if (!res.ok) throw new NoSessionError(`the bridge answered ${res.status}`)
    return ((await res.json()) as { token: string }).token
  })
}

export function createBridgeApi(session: Promise<string>, base = ''): Api {
  session.catch(() => undefined) // a failed session is reported by the first call that needs it
  const listeners = new Map<EventChannel, Set<(...args: unknown[]) => void>>()
  let streaming = false

  async function stream(): Promise<void> {
    streaming = true
    try {
      const res = await fetch(`${base}/api/events`, { headers: { 'X-AW-Token': await session } })
      if (!res.body) return
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
      let buffer = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += value
        let cut: number
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut)
          buffer = buffer.slice(cut + 2)
          const event = /^event: (.+)$/m.exec(frame)?.[1] as EventChannel | undefined
          const data = /^data: (.*)$/m.exec(frame)?.[1]
          if (event && data !== undefined) listeners.get(event)?.forEach((l) => l(JSON.parse(data)))
        }
      }
    } catch {
      /* the stream ends when the page or the server goes away */
    } finally {
      streaming = false
    }
  }

  /**
   * An import's large files are sent first, each as its raw bytes (POST /api/upload), which the bridge
   * writes to disk as they arrive; the call then names them by the id it gave. So no large request body is
   * held, parsed and decoded in the app's main process.
   */
  async function uploaded(
    files: readonly ImportFile[],
    token: string
  ): Promise<ImportFile[] | Result<unknown>> {
    const out: ImportFile[] = []
    for (const f of files) {
      if (!('base64' in f) || f.base64.length <= INLINE_BASE64) {
        out.push(f)
        continue
      }
      const res = await fetch(`${base}/api/upload`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream', 'X-AW-Token': token },
        body: bytesOf(f.base64)
      })
      const r = (await res.json()) as Result<{ upload: string }>
      if (!r.ok) return r
      out.push({ name: f.name, upload: r.value.upload })
    }
    return out
  }

  return createApi(
    async (channel, args) => {
      const token = await session
      let sent: unknown[] = args
      if (channel === 'import:files') {
        const files = await uploaded(args[1] as readonly ImportFile[], token)
        if (!Array.isArray(files)) return files
        sent = [args[0], files, ...args.slice(2)]
      }
      const res = await fetch(`${base}/api/invoke/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-AW-Token': token },
        body: JSON.stringify(sent)
      })
      return (await res.json()) as Result<unknown>
    },
    (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set())
      listeners.get(channel)!.add(listener)
      if (!streaming) void stream()
      return () => void listeners.get(channel)?.delete(listener)
    }
  )
}
