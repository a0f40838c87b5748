/**
 * The browser transport: the same Api as the Electron preload, carried over the loopback bridge.
 *
 * The page was opened with a one-time code (`/?code=…`); loading it gave this browser a session cookie
 * (HttpOnly, SameSite=Strict). `openBridgeSession()` strips the spent code from the address bar and the
 * history entry, then trades the cookie for the API token (POST /session). The token stays in this
 * module's memory only: not in the URL, not in storage a later visitor of the profile could read. A reload
 * trades the cookie again.
 */
import { createApi, type Api, type EventChannel } from '../../shared/ipc/contract'
import type { Result } from '../../shared/result'

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

  return createApi(
    async (channel, args) => {
      const res = await fetch(`${base}/api/invoke/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-AW-Token': await session },
        body: JSON.stringify(args)
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
