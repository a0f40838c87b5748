/**
 * The browser transport: the same Api as the Electron preload, carried over the loopback bridge.
 * The per-start token comes from <meta name="aw-token"> in the page the bridge served.
 */
import { createApi, type Api, type EventChannel } from '../../shared/ipc/contract'
import type { Result } from '../../shared/result'

export function createBridgeApi(token: string, base = ''): Api {
  const listeners = new Map<EventChannel, Set<(...args: unknown[]) => void>>()
  let streaming = false

  async function stream(): Promise<void> {
    streaming = true
    try {
      const res = await fetch(`${base}/api/events`, { headers: { 'X-AW-Token': token } })
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
        headers: { 'Content-Type': 'application/json', 'X-AW-Token': token },
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
