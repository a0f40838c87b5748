/**
 * The loopback bridge: the second transport of the one contract. It serves the built renderer and the
 * same handler table over HTTP on 127.0.0.1, for machines without an Electron binary and for browser e2e.
 *
 * Defences, each tested (tests/integration/bridge.test.ts):
 * - binds to 127.0.0.1 only;
 * - no secret in a URL that outlives its first use. The printed URL carries a one-time code (?code=…),
 *   good once and for CODE_TTL_MS. Loading the page with it sets a SameSite=Strict, HttpOnly session
 *   cookie (for the page and its files), and the page's script trades that cookie for the API token
 *   (POST /session, same origin only), keeps the token in memory and strips the code from the address
 *   bar. Every API call must send the token in the X-AW-Token header (the cookie alone is never enough
 *   for the API). Another code: `openUrl()` (bridge-main prints one when Enter is pressed);
 * - Host must be 127.0.0.1:PORT or localhost:PORT (DNS rebinding), and a present Origin must be this
 *   server's own origin (cross-site requests); `Sec-Fetch-Site: cross-site` is refused too;
 * - API bodies must be application/json and at most MAX_REQUEST_BYTES (one import file at its cap, in
 *   base64): a larger declared length is refused with 413 before reading, a longer chunked body as soon
 *   as it passes the cap. Bodies held at once share a budget (two at the cap); one that does not fit
 *   waits unread. A body that stalls (bodyIdleMs) or takes too long as a whole (requestMs) gets 408;
 * - uploads (POST /api/upload, one file's raw bytes, at most maxUploadBytes) are written to disk as they
 *   arrive (upload-spool.ts), under the same length, idle and time limits; an import names them by id and
 *   reads each once. The page sends an import's large files so, and no large body is held in memory;
 * - static files are served only when their real path (symlinks resolved) lies inside the renderer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { contentTypeOf, findRendererFile } from './renderer-files'
import type { AddressInfo } from 'node:net'
import { dispatch, type InvokeHandlers, type Logger } from './ipc/dispatch'
import type { EventChannel } from '../shared/ipc/contract'
import { MAX_FILE_BYTES, MAX_REQUEST_BYTES } from '../shared/ipc/upload'
import type { UploadSpool } from './upload-spool'

export const TOKEN_HEADER = 'x-aw-token'
export const SESSION_COOKIE = 'aw_session'

export interface BridgeLimits {
  /** the largest API request body */
  readonly maxBodyBytes: number
  /** the largest upload (POST /api/upload: one file's raw bytes) */
  readonly maxUploadBytes: number
  /** API body bytes held at once over all requests; a body that does not fit waits, unread */
  readonly bodyBudgetBytes: number
  /** a body that sends nothing for this long is answered 408 */
  readonly bodyIdleMs: number
  /** a request whose body has not arrived whole this long after it came in is answered 408 */
  readonly requestMs: number
  /** how long a printed one-time code stays good */
  readonly codeTtlMs: number
}

export const DEFAULT_LIMITS: BridgeLimits = {
  maxBodyBytes: MAX_REQUEST_BYTES,
  maxUploadBytes: MAX_FILE_BYTES,
  bodyBudgetBytes: 2 * MAX_REQUEST_BYTES,
  bodyIdleMs: 15_000,
  requestMs: 120_000,
  codeTtlMs: 60_000
}

/** How long the rest of a refused body is discarded before the connection is cut. */
const MAX_LINGER_MS = 5_000

/** Bodies this small are always read at once: a call without a file never waits behind an upload. */
const SMALL_BODY_BYTES = 64 * 1024

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export interface BridgeOptions {
  readonly handlers: InvokeHandlers
  readonly rendererDir: string
  readonly port?: number
  readonly token?: string
  readonly limits?: Partial<BridgeLimits>
  /** a monotonic clock in ms, for the codes' expiry (tests move it by hand) */
  readonly now?: () => number
  readonly log: Logger
  /** where POST /api/upload spools files (an import names them by id); without it, that endpoint is 404 */
  readonly uploads?: UploadSpool
  /** test seam: called after each chunk of an upload is on disk, with the bytes written so far */
  readonly onSpooled?: (upload: string, bytes: number) => void
}

export interface Bridge {
  readonly port: number
  /** the API token: never printed, handed only to a page that opened a one-time code */
  readonly token: string
  /** a fresh one-time URL (the previous code stops working) */
  openUrl(): string
  /** API body bytes held now, and bodies waiting for room (for tests and diagnostics) */
  bodies(): { readonly held: number; readonly waiting: number }
  emit(channel: EventChannel, payload: unknown): void
  close(): Promise<void>
}

const secret = (): string => randomBytes(32).toString('base64url')

function sameToken(a: string | null | undefined, b: string): boolean {
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

/**
 * A refusal. The connection closes after it: a refused request's body is not read, so the connection
 * cannot carry another request.
 */
function refuse(res: ServerResponse, status: number, message: string, asText = false): void {
  securityHeaders(res)
  res.writeHead(status, {
    'Content-Type': asText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    Connection: 'close'
  })
  res.end(
    asText
      ? `Auditor Workbench: ${message}\n`
      : JSON.stringify({ ok: false, error: { code: 'FORBIDDEN', message } })
  )
}

/**
 * A refusal while the client may still be sending its body (413, or 408 for a body that took too long).
 * The status goes out at once; the rest of the body is discarded as it comes, and the answer ends when
 * the client stops sending, or after `lingerMs`, when the connection is cut. (Closing a socket the
 * client still writes to resets it, and the client would lose the answer.)
 */
function refuseBody(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: string,
  lingerMs: number
): void {
  const body = JSON.stringify({ ok: false, error: { code: 'FORBIDDEN', message } })
  securityHeaders(res)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close'
  })
  res.flushHeaders()
  const socket = req.socket
  const linger = setTimeout(() => socket.destroy(), lingerMs).unref()
  const finish = (): void => {
    clearTimeout(linger)
    if (!res.writableEnded) res.end(body)
  }
  if (req.complete) return finish()
  req.once('end', finish)
  req.resume()
}

class BodyError extends Error {
  constructor(
    readonly status: 400 | 408 | 413 | 503,
    message: string,
    /** the client sends nothing at the moment */
    readonly stalled = false
  ) {
    super(message)
  }
}

const NOT_JSON = Symbol('not JSON')

/** Parses a received body and lets go of its bytes. */
function parseJson(received: { body: Buffer | null }): unknown {
  const bytes = received.body!
  received.body = null
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch {
    return NOT_JSON
  }
}

/** The room API bodies share: FIFO, so a big body waits its turn instead of starving. */
function createBodyBudget(limit: number) {
  let held = 0
  const waiting: { need: number; admit: () => void }[] = []
  const drain = (): void => {
    while (waiting.length > 0 && held + waiting[0]!.need <= limit) {
      const next = waiting.shift()!
      held += next.need
      next.admit()
    }
  }
  return {
    /** resolves with the release function once `need` bytes fit; `cancel` leaves the queue */
    take(need: number): { ready: Promise<() => void>; cancel: () => void } {
      let released = false
      const release = (): void => {
        if (released) return
        released = true
        held -= need
        drain()
      }
      if (need <= SMALL_BODY_BYTES)
        return { ready: Promise.resolve(() => undefined), cancel: () => undefined }
      let entry: { need: number; admit: () => void } | undefined
      const ready = new Promise<() => void>((resolve) => {
        entry = { need, admit: () => resolve(release) }
        waiting.push(entry)
        drain()
      })
      return {
        ready,
        cancel: () => {
          const i = waiting.indexOf(entry!)
          if (i >= 0) waiting.splice(i, 1)
          else release()
        }
      }
    },
    state: () => ({ held, waiting: waiting.length })
  }
}

/** Where a body's bytes go as they arrive: memory (an API call's JSON) or the upload spool (a file). */
interface BodySink<T> {
  write(chunk: Buffer): void
  end(): T
  abort(): void
}

/**
 * Reads one body within the limits: the declared length is checked before a byte is read; the body waits
 * for its `room`; it must keep arriving (bodyIdleMs) and arrive whole in time (requestMs, counted from
 * `since`). Each chunk goes to the sink as it comes. Resolves with the sink's value and the function that
 * gives the room back.
 */
function receive<T>(
  req: IncomingMessage,
  limits: BridgeLimits,
  max: number,
  since: number,
  take: (cap: number) => { ready: Promise<() => void>; cancel: () => void },
  sink: (cap: number, declared: boolean) => BodySink<T>
): Promise<{ value: T; release: () => void }> {
  const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length'])
  if (declared !== null && declared > max)
    return Promise.reject(new BodyError(413, `The body is ${declared} bytes; the limit is ${max}`))
  const cap = declared ?? max
  const room = take(cap)
  return new Promise((resolve, reject) => {
    let into: BodySink<T> | null = null
    let size = 0
    let settled = false
    let release: () => void = () => undefined
    let idle: NodeJS.Timeout | undefined
    const total = setTimeout(
      () => fail(new BodyError(408, `The body did not arrive whole within ${limits.requestMs} ms`)),
      Math.max(0, limits.requestMs - (performance.now() - since))
    )
    const arm = (): void => {
      clearTimeout(idle)
      idle = setTimeout(
        () => fail(new BodyError(408, `No part of the body arrived for ${limits.bodyIdleMs} ms`, true)),
        limits.bodyIdleMs
      )
    }
    const stop = (): void => {
      settled = true
      clearTimeout(total)
      clearTimeout(idle)
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('close', onClose)
    }
    const fail = (error: BodyError): void => {
      if (settled) return
      stop()
      into?.abort()
      room.cancel()
      reject(error)
    }
    const onData = (chunk: Buffer): void => {
      if (size + chunk.length > cap)
        return fail(new BodyError(413, `The body is over the limit of ${max} bytes`))
      into!.write(chunk)
      size += chunk.length
      arm()
    }
    const onEnd = (): void => {
      stop()
      resolve({ value: into!.end(), release })
    }
    const onClose = (): void => fail(new BodyError(400, 'The client went away'))
    req.on('close', onClose)
    void room.ready.then((r) => {
      if (settled) return r()
      release = r
      try {
        into = sink(cap, declared !== null)
      } catch (error) {
        return fail(error instanceof BodyError ? error : new BodyError(503, 'The body could not be stored'))
      }
      req.on('data', onData)
      req.on('end', onEnd)
      arm()
    })
  })
}

/** An API call's body, in memory (one allocation when its length is declared). */
function memorySink(cap: number, declared: boolean): BodySink<Buffer> {
  const into = declared ? Buffer.allocUnsafe(cap) : null
  const chunks: Buffer[] = []
  let size = 0
  return {
    write(chunk) {
      if (into) chunk.copy(into, size)
      else chunks.push(chunk)
      size += chunk.length
    },
    end: () => (into ? into.subarray(0, size) : Buffer.concat(chunks, size)),
    abort: () => undefined
  }
}

export function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const limits: BridgeLimits = { ...DEFAULT_LIMITS, ...opts.limits }
  const now = opts.now ?? (() => performance.now())
  const token = opts.token ?? secret()
  /** the cookie's value: lets a browser that opened a code load the page and fetch the token again */
  const session = secret()
  let code: { readonly value: string; readonly expires: number } | null = null
  const budget = createBodyBudget(Math.max(limits.bodyBudgetBytes, limits.maxBodyBytes))
  const streams = new Set<ServerResponse>()
  let port = 0

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])

  /** true once for the current code, within its time; a used or expired code is gone */
  function redeem(given: string | null): boolean {
    if (!code || !sameToken(given, code.value)) return false
    const good = now() <= code.expires
    code = null
    return good
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const found = findRendererFile(opts.rendererDir, pathname)
    if ('refused' in found) {
      if (found.refused === 'outside') return refuse(res, 403, 'Forbidden path')
      if (found.refused === 'bad-path') return refuse(res, 400, 'Bad path')
      securityHeaders(res)
      if (pathname === '/favicon.ico') res.writeHead(204).end()
      else res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
      return
    }
    const body = await readFile(found.file).catch(() => null)
    securityHeaders(res)
    if (!body)
      return void res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
    const type = contentTypeOf(found.file)
    res.writeHead(200, { 'Content-Type': type }).end(req.method === 'HEAD' ? undefined : body)
  }

  async function invoke(req: IncomingMessage, res: ServerResponse, channel: string, since: number) {
    let received: { body: Buffer | null; release: () => void }
    try {
      const r = await receive(req, limits, limits.maxBodyBytes, since, budget.take, memorySink)
      received = { body: r.value, release: r.release }
    } catch (error) {
      return bodyRefused(req, res, error as BodyError)
    }
    try {
      // parsed here, so that the raw bytes are garbage before the handler runs
      const args = parseJson(received)
      if (args === NOT_JSON) return refuse(res, 400, 'Body is not JSON')
      const result = await dispatch(opts.handlers, channel, args, opts.log)
      securityHeaders(res)
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(result))
    } finally {
      received.release()
    }
  }

  /** The answer to a body that could not be received (too large, too slow, no room, client gone). */
  function bodyRefused(req: IncomingMessage, res: ServerResponse, e: BodyError): void {
    if (e.status === 400) return void req.socket.destroy() // the client went away
    if (e.stalled) return refuse(res, e.status, e.message) // it sends nothing: answer and close
    refuseBody(req, res, e.status, e.message, Math.min(limits.bodyIdleMs, MAX_LINGER_MS))
  }

  /**
   * POST /api/upload: one file's raw bytes (application/octet-stream, at most the import's cap), written to
   * the spool as they arrive; nothing of it is held in memory. Answers {ok, value: {upload, size}}; an
   * import:files call then names the file {name, upload}.
   */
  async function upload(req: IncomingMessage, res: ServerResponse, spool: UploadSpool, since: number) {
    let done: { id: string; size: number }
    try {
      const r = await receive(
        req,
        limits,
        limits.maxUploadBytes,
        since,
        () => ({ ready: Promise.resolve(() => undefined), cancel: () => undefined }),
        (cap) => {
          const file = spool.begin(cap)
          if (!file)
            throw new BodyError(
              503,
              'Too many uploads are waiting to be imported; try again when they are done'
            )
          return {
            write: (chunk) => {
              file.write(chunk)
              opts.onSpooled?.(file.id, file.size)
            },
            end: () => file.finish(),
            abort: () => file.abort()
          }
        }
      )
      done = r.value
    } catch (error) {
      return bodyRefused(req, res, error as BodyError)
    }
    securityHeaders(res)
    res
      .writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' })
      .end(JSON.stringify({ ok: true, value: { upload: done.id, size: done.size } }))
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const since = performance.now()
    const host = req.headers.host ?? ''
    if (!allowedHosts().has(host)) return refuse(res, 403, 'Forbidden host')
    const origin = req.headers.origin
    if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(res, 403, 'Forbidden origin')
    if (req.headers['sec-fetch-site'] === 'cross-site')
      return refuse(res, 403, 'Forbidden cross-site request')
    const url = new URL(req.url ?? '/', `http://${host}`)
    const hasSession = sameToken(cookie(req, SESSION_COOKIE), session)

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
      if (url.pathname === '/api/upload' && opts.uploads) {
        if (req.method !== 'POST') return refuse(res, 405, 'Method not allowed')
        if (!(req.headers['content-type'] ?? '').startsWith('application/octet-stream'))
          return refuse(res, 415, 'Expected application/octet-stream')
        return upload(req, res, opts.uploads, since)
      }
      const m = /^\/api\/invoke\/([a-zA-Z]+:[a-zA-Z-]+)$/.exec(url.pathname)
      if (!m || req.method !== 'POST') return refuse(res, 404, 'No such endpoint')
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return refuse(res, 415, 'Expected application/json')
      return invoke(req, res, m[1]!, since)
    }

    // the page trades its session cookie for the API token; only a script of this origin can ask
    if (url.pathname === '/session') {
      if (req.method !== 'POST') return refuse(res, 405, 'Method not allowed')
      if (origin === undefined) return refuse(res, 403, 'Forbidden origin')
      if (!hasSession) return refuse(res, 401, 'No session: open the URL the app printed')
      securityHeaders(res)
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ token }))
      return
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed')
    if (!hasSession) {
      if (req.method !== 'GET' || url.pathname !== '/' || !redeem(url.searchParams.get('code')))
        return refuse(
          res,
          401,
          url.searchParams.has('code')
            ? 'This link was used already or has expired. Press Enter in the terminal that runs the workbench for a new one.'
            : 'Open the link the workbench printed in its terminal (press Enter there for a new one).',
          true
        )
      res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`)
    }
    await serveStatic(req, res, url.pathname)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      opts.log('bridge request failed', error)
      if (!res.headersSent) refuse(res, 500, 'Internal error')
      else res.end()
    })
  })
  // Node's own backstops: the headers must come quickly, and no request may take longer than an API body
  server.headersTimeout = Math.min(limits.requestMs, 30_000)
  server.requestTimeout = limits.requestMs
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port
      resolve({
        port,
        token,
        openUrl() {
          code = { value: secret(), expires: now() + limits.codeTtlMs }
          return `http://127.0.0.1:${port}/?code=${code.value}`
        },
        bodies: budget.state,
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
