/**
 * The loopback bridge: the second transport of the one contract. It serves the built renderer and the
 * same handler table over HTTP on 127.0.0.1, for machines without an Electron binary and for browser e2e.
 *
 * Defences, each tested:
 * - binds to 127.0.0.1 only;
 * - a random token per start. The printed URL carries it (?token=…); the first page load sets it as a
 *   SameSite=Strict, HttpOnly cookie for static files and puts it in the page (<meta name="aw-token">),
 *   and every API call must send it in the X-AW-Token header (a cookie alone is never enough for the API);
 * - Host must be 127.0.0.1:PORT or localhost:PORT (DNS rebinding), and a present Origin must be this
 *   server's own origin (cross-site requests); `Sec-Fetch-Site: cross-site` is refused too;
 * - API bodies must be application/json, and are size-capped.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import { dispatch, type InvokeHandlers, type Logger } from './ipc/dispatch'
import type { EventChannel } from '../shared/ipc/contract'

export const TOKEN_HEADER = 'x-aw-token'
export const TOKEN_COOKIE = 'aw_token'
export const MAX_BODY_BYTES = 200 * 1024 * 1024

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

export interface BridgeOptions {
  readonly handlers: InvokeHandlers
  readonly rendererDir: string
  readonly port?: number
  readonly token?: string
  readonly log: Logger
}

export interface Bridge {
  readonly port: number
  readonly token: string
  readonly url: string
  emit(channel: EventChannel, payload: unknown): void
  close(): Promise<void>
}

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return undefined
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
  res.setHeader('Cache-Control', 'no-store')
}

function refuse(res: ServerResponse, status: number, message: string): void {
  securityHeaders(res)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify({ ok: false, error: { code: 'FORBIDDEN', message } }))
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new Error('body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

export function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? randomBytes(32).toString('base64url')
  const streams = new Set<ServerResponse>()
  let port = 0

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1))
    const file = normalize(join(opts.rendererDir, rel))
    if (!file.startsWith(normalize(opts.rendererDir) + sep)) return refuse(res, 403, 'Forbidden path')
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      if (pathname === '/favicon.ico') {
        securityHeaders(res)
        res.writeHead(204).end()
        return
      }
      securityHeaders(res)
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
      return
    }
    securityHeaders(res)
    const type = MIME[extname(file)] ?? 'application/octet-stream'
    if (rel === 'index.html') {
      const html = body
        .toString('utf8')
        .replace('<head>', `<head>\n    <meta name="aw-token" content="${token}" />`)
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`)
      res.writeHead(200, { 'Content-Type': type }).end(html)
      return
    }
    res.writeHead(200, { 'Content-Type': type }).end(req.method === 'HEAD' ? undefined : body)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? ''
    if (!allowedHosts().has(host)) return refuse(res, 403, 'Forbidden host')
    const origin = req.headers.origin
    if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(res, 403, 'Forbidden origin')
    if (req.headers['sec-fetch-site'] === 'cross-site')
      return refuse(res, 403, 'Forbidden cross-site request')
    const url = new URL(req.url ?? '/', `http://${host}`)

    if (url.pathname.startsWith('/api/')) {
      const header = req.headers[TOKEN_HEADER]
      if (!sameToken(typeof header === 'string' ? header : undefined, token))
        return refuse(res, 401, 'Missing or wrong token')
      if (url.pathname === '/api/events' && req.method === 'GET') {
        securityHeaders(res)
        res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' })
        res.write(': connected\n\n')
        streams.add(res)
        req.on('close', () => streams.delete(res))
        return
      }
      const m = /^\/api\/invoke\/([a-zA-Z]+:[a-zA-Z-]+)$/.exec(url.pathname)
      if (!m || req.method !== 'POST') return refuse(res, 404, 'No such endpoint')
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return refuse(res, 415, 'Expected application/json')
      let args: unknown
      try {
        args = JSON.parse((await readBody(req)).toString('utf8'))
      } catch {
        return refuse(res, 400, 'Body is not JSON, or too large')
      }
      const result = await dispatch(opts.handlers, m[1]!, args, opts.log)
      securityHeaders(res)
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(result))
      return
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed')
    const given = url.searchParams.get('token') ?? cookie(req, TOKEN_COOKIE)
    if (!sameToken(given ?? undefined, token))
      return refuse(res, 401, 'Missing or wrong token: open the URL the app printed')
    await serveStatic(req, res, url.pathname)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      opts.log('bridge request failed', error)
      if (!res.headersSent) refuse(res, 500, 'Internal error')
      else res.end()
    })
  })
  server.requestTimeout = 0
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port
      resolve({
        port,
        token,
        url: `http://127.0.0.1:${port}/?token=${token}`,
        emit(channel, payload) {
          const frame = `event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`
          for (const s of streams) s.write(frame)
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of streams) s.end()
            streams.clear()
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
}
