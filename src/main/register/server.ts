/**
 * `register serve`: the assessment body's register over HTTP (node:http), on PostgreSQL. The process keeps
 * no state: every request reads and writes the database, so any number of instances can serve one
 * database behind a load balancer. Every route but /health needs a request signed by a roster key (the
 * roster route: by an administrator key); see auth.ts. TLS belongs in front of it (README: The register).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { DomainError } from '../errors'
import { InputError } from '../../shared/format/input-error'
import { readBundle, type BundleInputFile, type CaseBundle } from '../bundle/case-bundle'
import { checkSignature as checkReportSignature, type TrustedSigner } from '../import/sshsig'
import { parseFile } from '../import/parse'
import { SAFE_ID } from '../../shared/register/protocol'
import { manualChecksProblem } from '../../shared/register/status'
import type { Verdict } from '../../shared/domain/verdict-types'
import type { Clock } from '../clock'
import type { TrustList } from '../pdf/trust'
import { AuthError, checkBody, checkSignature, type SignedBy } from './auth'
import { sha256Hex } from '../node-crypto'
import type { Pool } from './pg'
import * as store from './store'

/** the largest request body: a bundle may be 256 MiB (case-bundle.ts), plus room */
export const DEFAULT_MAX_BODY = 260 * 1024 * 1024

export interface RegisterServerOptions {
  readonly pool: Pool
  readonly clock: Clock
  /** the assessment bodies whose signed verdicts may be registered */
  readonly trust: TrustList | null
  /** the body's trust list of report signers (allowed_signers); null: signed reports cannot be checked */
  readonly allowedSigners?: readonly TrustedSigner[] | null
  readonly maxBody?: number
  /** the built verify worker; null: verify in-process */
  readonly verifyWorkerFile?: string | null
  readonly log?: (message: string) => void
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {}
  ) {
    super(message)
  }
}

const STATUS: Record<string, number> = {
  USAGE: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INPUT_REJECTED: 422,
  FORBIDDEN: 403,
  DB_FROM_FUTURE: 500,
  INTERNAL: 500
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(`${JSON.stringify(body, null, 2)}\n`, 'utf8')
  res.writeHead(status, { 'content-type': type, 'content-length': bytes.length, 'cache-control': 'no-store' })
  res.end(bytes)
}

/** The body, refused with 413 once it passes `max` bytes (by its Content-Length, or while it streams in). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0')
    const tooLarge = (): HttpError =>
      new HttpError(413, 'TOO_LARGE', `the request body is larger than ${max} bytes`)
    if (declared > max) {
      reject(tooLarge())
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > max) {
        req.removeAllListeners('data')
        req.resume()
        reject(tooLarge())
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function jsonBody(body: Buffer): Record<string, unknown> {
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object')
    return v as Record<string, unknown>
  } catch (error) {
    throw new HttpError(400, 'USAGE', `the body is not a JSON object (${(error as Error).message})`)
  }
}

const safeId = (raw: string, what: string): string => {
  const id = decodeURIComponent(raw)
  if (!SAFE_ID.test(id))
    throw new HttpError(400, 'USAGE', `${what} "${id}" is not a register id (letters, digits, . _ -)`)
  return id
}

/**
 * The codified-check results of a bundle's input files (other kinds and unreadable files add none). A signed
 * report (a detached `.sig` beside it, or the monitor's signed upload) is checked as the workspace checks it
 * when it is imported (README: Signed reports and the trust list): against `trusted`, the body's trust list
 * (allowed_signers), for each report's subject, at the time of the case's import entry for the file. Anything
 * but `valid` refuses the whole push, naming the file; with no trust list (null) a signed report cannot be
 * checked and is refused too. Unsigned reports are taken as the workspace takes them.
 */
export async function resultsOfBundle(
  files: readonly {
    fileName: string
    bytes: Uint8Array
    sha256: string
    signature?: BundleInputFile['signature']
  }[],
  signatures: { trusted: readonly TrustedSigner[] | null; importedAt: (sha256: string) => Date } | null = null
): Promise<store.ResultRow[]> {
  const out: store.ResultRow[] = []
  for (const f of files) {
    let parsed
    try {
      parsed = await parseFile(f.fileName, f.bytes)
    } catch {
      continue
    }
    if (parsed.kind !== 'scs-report') continue
    const signed = parsed.embeddedSignature
      ? {
          name: f.fileName,
          armored: parsed.embeddedSignature.armored,
          message: f.bytes.subarray(parsed.embeddedSignature.reportStart)
        }
      : f.signature
        ? { name: f.signature.name, armored: new TextDecoder().decode(f.signature.bytes), message: f.bytes }
        : null
    if (signed && signatures) {
      const where = `files/${f.sha256} (${f.fileName}, signature ${signed.name})`
      if (!signatures.trusted)
        throw new HttpError(
          422,
          'INPUT_REJECTED',
          `${where}: the report is signed, and this register was started without --allowed-signers: it cannot check report signatures against the body's trust list`,
          { file: f.fileName, place: where, reason: 'no trust list' }
        )
      for (const subject of new Set(parsed.reports.map((r) => r.subject))) {
        const c = checkReportSignature(
          signed.armored,
          signed.message,
          signatures.trusted,
          signatures.importedAt(f.sha256),
          subject
        )
        if (c.state !== 'valid')
          throw new HttpError(
            422,
            'INPUT_REJECTED',
            `${where}: the report's signature for subject "${subject}" is ${c.state} against the body's trust list: ${c.detail}`,
            { file: f.fileName, place: where, reason: `signature ${c.state}` }
          )
      }
    }
    for (const r of parsed.reports) {
      const at = /[zZ]|[+-]\d{2}:?\d{2}$/.test(r.checkedAt) ? r.checkedAt : `${r.checkedAt}Z`
      if (Number.isNaN(Date.parse(at))) continue
      for (const x of r.results)
        out.push({
          fileSha256: f.sha256,
          subject: r.subject,
          scopeUuid: r.spec.uuid,
          scopeName: r.spec.name,
          testcase: x.testcase,
          value: x.value,
          checkedAt: at
        })
    }
  }
  return out
}

/** When the case imported each input file (its `import` entry), as the workspace checked the signature then. */
export function importTimes(bundle: CaseBundle): (sha256: string) => Date {
  const times = new Map<string, string>()
  for (const e of bundle.entries)
    if (e.action === 'import') {
      const p = JSON.parse(e.payload) as { sha256?: unknown }
      if (typeof p.sha256 === 'string' && !times.has(p.sha256)) times.set(p.sha256, e.at)
    }
  return (sha256) => new Date(times.get(sha256) ?? bundle.manifest.exportedAt)
}

export function createRegisterHandler(
  o: RegisterServerOptions
): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBody = o.maxBody ?? DEFAULT_MAX_BODY
  const log = o.log ?? (() => undefined)

  /** The signature and the key, before the body is read; the body's digest and the nonce after. */
  async function authenticate(
    req: IncomingMessage,
    path: string,
    admin: boolean
  ): Promise<{ signed: SignedBy; who: string; body: Buffer }> {
    const signed = checkSignature(req.method ?? 'GET', path, req.headers, o.clock())
    const role = await store.roleOf(o.pool, signed.fingerprint)
    if (!role) throw new AuthError(403, `the key ${signed.fingerprint} is not on the register's roster`)
    if (admin && role.kind !== 'admin')
      throw new AuthError(
        403,
        `only an administrator key may change the roster; ${signed.fingerprint} is not one`
      )
    if (!admin && role.kind !== 'auditor')
      throw new AuthError(
        403,
        `the key ${signed.fingerprint} is an administrator key: it adds auditors to the roster and does nothing else`
      )
    const body = await readBody(req, maxBody)
    checkBody(signed, body)
    if (!(await store.takeNonce(o.pool, signed, o.clock())))
      throw new AuthError(401, `the nonce ${signed.nonce} was used before: a replayed request`)
    return { signed, who: role.kind === 'auditor' ? role.name : 'administrator', body }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    const url = new URL(path, 'http://register.invalid')
    const parts = url.pathname.split('/').filter((p) => p !== '')
    if (method === 'GET' && url.pathname === '/health') {
      await o.pool.query('SELECT 1')
      return send(res, 200, { ok: true })
    }
    const { signed, who, body } = await authenticate(req, path, parts[0] === 'roster' && method === 'POST')
    const now = (): Date => o.clock()

    // /roster
    if (parts[0] === 'roster' && parts.length === 1) {
      if (method === 'POST') {
        const b = jsonBody(body)
        return send(
          res,
          201,
          await store.addToRoster(
            o.pool,
            { name: String(b['name'] ?? ''), publicKey: String(b['publicKey'] ?? '') },
            signed,
            now()
          )
        )
      }
      if (method === 'GET') {
        return send(res, 200, { roster: await store.listRoster(o.pool) })
      }
    }
    // /cases, /cases/ID, /cases/ID/bundle, /cases/ID/checkout|checkin
    if (parts[0] === 'cases') {
      if (parts.length === 1 && method === 'GET') {
        return send(res, 200, { cases: await store.listCases(o.pool) })
      }
      const caseId = safeId(parts[1] ?? '', 'the case')
      if (parts.length === 2 && method === 'GET') {
        return send(res, 200, await store.getCase(o.pool, caseId))
      }
      if (parts[2] === 'bundle' && parts.length === 3) {
        if (method === 'GET') {
          const b = await store.latestBundle(o.pool, caseId)
          res.setHeader('x-aw-bundle-sha256', b.sha256)
          return send(res, 200, b.bytes, 'application/vnd.auditor-workbench.case+zip')
        }
        if (method === 'PUT') {
          const bundle = await readBundle(`${caseId}.awcase`, body)
          if (bundle.manifest.case.id !== caseId)
            throw new HttpError(
              400,
              'USAGE',
              `the bundle holds case ${bundle.manifest.case.id}, not ${caseId}`
            )
          const results = await resultsOfBundle(bundle.files, {
            trusted: o.allowedSigners ?? null,
            importedAt: importTimes(bundle)
          })
          const r = await store.pushBundle(o.pool, bundle, body, sha256Hex(body), results, signed, who, now())
          if ('registerHead' in r)
            throw new HttpError(
              409,
              r.outcome === 'diverged' ? 'DIVERGED' : 'BEHIND',
              r.outcome === 'diverged'
                ? `Case ${caseId} has diverged from the register's copy: they share ${r.commonHead ? `the log up to entry ${r.commonHead.seq}` : 'no entry'}; the register's head is entry ${r.registerHead.seq}. Pull the register's copy and reconcile.`
                : `The register's copy of case ${caseId} is ahead (head entry ${r.registerHead.seq}); pull it first.`,
              { registerHead: r.registerHead, commonHead: r.commonHead }
            )
          log(`push ${caseId} by ${who}: ${r.outcome} (entry ${r.head.seq})`)
          return send(res, r.outcome === 'created' ? 201 : 200, r)
        }
      }
      if ((parts[2] === 'checkout' || parts[2] === 'checkin') && parts.length === 3 && method === 'POST') {
        return send(res, 200, await store.setHolder(o.pool, caseId, parts[2], signed, who, now()))
      }
    }
    // /certificates, /certificates/ID, /certificates/ID/pdf, /certificates/ID/revoke
    if (parts[0] === 'certificates') {
      if (parts.length === 1 && method === 'GET') {
        return send(res, 200, { certificates: await store.listCertificates(o.pool) })
      }
      if (parts.length === 1 && method === 'POST') {
        return send(res, 201, await certify(body, signed, who))
      }
      const id = safeId(parts[1] ?? '', 'the verdict')
      if (parts.length === 2 && method === 'GET') {
        return send(res, 200, await store.getCertificate(o.pool, id))
      }
      if (parts[2] === 'pdf' && parts.length === 3 && method === 'GET') {
        return send(res, 200, await store.certificatePdf(o.pool, id), 'application/pdf')
      }
      if (parts[2] === 'revoke' && parts.length === 3 && method === 'POST') {
        const b = jsonBody(body)
        const c = await store.revoke(o.pool, id, String(b['reason'] ?? ''), signed, who, now())
        log(`revoke ${id} by ${who}`)
        return send(res, 200, c)
      }
    }
    throw new HttpError(404, 'NOT_FOUND', `no route ${method} ${url.pathname}`)
  }

  /** A signed verdict PDF becomes a certificate: verified VALID against the body's trust list, its case registered, its acceptance in the case's log. */
  async function certify(pdf: Buffer, signed: SignedBy, who: string): Promise<store.Certificate> {
    if (!o.trust)
      throw new HttpError(
        503,
        'NO_TRUST_LIST',
        'this register was started without --trust: it cannot check signed verdicts'
      )
    const { verifyVerdictPdf } = await import('../pdf/export')
    const check = await verifyVerdictPdf(pdf, 'certificate.pdf', null, {
      trust: o.trust,
      now: o.clock(),
      workerFile: o.verifyWorkerFile ?? null
    })
    if (check.outcome !== 'VALID')
      throw new HttpError(422, 'INPUT_REJECTED', `the verdict PDF is ${check.outcome}: ${check.reason}`)
    const { extractAttachments } = await import('../pdf/attachments')
    const json = extractAttachments(pdf).get('verdict.json')
    if (!json || !check.verdict.id || !check.verdict.sha256 || !check.verdict.matches || !check.fingerprint)
      throw new HttpError(422, 'INPUT_REJECTED', 'the PDF carries no verdict that matches it')
    const verdict = JSON.parse(json.toString('utf8')) as Verdict
    if (!SAFE_ID.test(check.verdict.id))
      throw new HttpError(422, 'INPUT_REJECTED', `the verdict id ${check.verdict.id} is not a register id`)
    if (!verdict.acceptance)
      throw new HttpError(422, 'INPUT_REJECTED', 'the verdict quotes no signed acceptance')
    const manual = manualChecksProblem((verdict as { manualChecks?: unknown }).manualChecks)
    if (manual) throw new HttpError(422, 'INPUT_REJECTED', `the verdict ${check.verdict.id}: ${manual}`)
    if (!(await store.caseHasSignature(o.pool, verdict.caseId, verdict.acceptance.signature)))
      throw new HttpError(
        409,
        'CONFLICT',
        `the register's copy of case ${verdict.caseId} does not hold the acceptance (entry ${verdict.acceptance.entry} by ${verdict.acceptance.by}) the verdict rests on; push the case first`
      )
    const c = await store.registerCertificate(
      o.pool,
      {
        verdict,
        verdictId: check.verdict.id,
        verdictSha256: check.verdict.sha256,
        signerFingerprint: check.fingerprint,
        pdf,
        pdfSha256: sha256Hex(pdf)
      },
      signed,
      who,
      o.clock()
    )
    log(`certificate ${c.verdictId} registered by ${who}`)
    return c
  }

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy()
      if (error instanceof HttpError)
        return send(res, error.status, { error: error.code, message: error.message, ...error.extra })
      if (error instanceof AuthError)
        return send(res, error.status, {
          error: error.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN',
          message: error.message
        })
      if (error instanceof InputError)
        return send(res, 422, {
          error: 'INPUT_REJECTED',
          message: error.message,
          file: error.file,
          place: error.place,
          reason: error.reason
        })
      if (error instanceof DomainError)
        return send(res, STATUS[error.code] ?? 500, { error: error.code, message: error.message })
      log(`${req.method} ${req.url} failed: ${(error as Error).stack ?? String(error)}`)
      send(res, 500, { error: 'INTERNAL', message: 'Something went wrong. Details are in the register log.' })
    })
  }
}

export async function startRegisterServer(
  o: RegisterServerOptions,
  host: string,
  port: number
): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const server = createServer(createRegisterHandler(o))
  server.requestTimeout = 300_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const addr = server.address() as { port: number; address: string }
  const shown = addr.address.includes(':') ? `[${addr.address}]` : addr.address
  return {
    server,
    url: `http://${shown}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
