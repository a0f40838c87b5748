/**
 * The desktop side of the register: its URL (register.json beside the workspace), pushes that are queued
 * while the register cannot be reached and sent later, check-out and check-in, a pull that verifies the
 * register's bundle, and the body's lists. Requests are signed with the session's auditor key. No electron
 * import.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { DomainError } from '../errors'
import { isoNow, type Clock } from '../clock'
import type { OpenedKey } from '../identity/openssh-key'
import type { BundleSummary } from '../../shared/ipc/contract'
import type { RegisterOverview, RegisterPushResult, RegisterSettings } from '../../shared/register/desk'
import { registerClient, type RegisterAnswer } from './client'

export const REGISTER_SETTINGS_FILE = 'register.json'

export interface RegisterDeskDeps {
  readonly dbPath: string
  readonly clock: Clock
  readonly key: () => OpenedKey
  readonly exportBundle: (caseId: string, key: OpenedKey) => Buffer
  readonly summarize: (name: string, bytes: Buffer) => Promise<BundleSummary>
}

/** fetch failed before any answer: the register is unreachable (offline, DNS, refused) */
class Unreachable extends Error {}

export function createRegisterDesk(d: RegisterDeskDeps) {
  const file = d.dbPath === ':memory:' ? null : join(dirname(d.dbPath), REGISTER_SETTINGS_FILE)
  const read = (): RegisterSettings => {
    if (!file || !existsSync(file)) return { url: null, queued: [] }
    try {
      const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<RegisterSettings>
      return {
        url: typeof v.url === 'string' ? v.url : null,
        queued: Array.isArray(v.queued) ? v.queued.filter((q) => typeof q?.caseId === 'string') : []
      }
    } catch {
      return { url: null, queued: [] }
    }
  }
  const write = (s: RegisterSettings): RegisterSettings => {
    if (!file) throw new DomainError('USAGE', 'An in-memory workspace keeps no register settings.')
    writeFileSync(`${file}.tmp`, `${JSON.stringify(s, null, 2)}\n`)
    renameSync(`${file}.tmp`, file)
    return s
  }
  const client = () => {
    const url = read().url
    if (!url)
      throw new DomainError('USAGE', 'No register is configured: set its URL in the Register settings.')
    const c = registerClient(url, d.key(), d.clock)
    return async (method: string, path: string, body?: Uint8Array): Promise<RegisterAnswer> => {
      try {
        return await c.request(method, path, body)
      } catch (error) {
        throw new Unreachable(`the register at ${url} cannot be reached (${(error as Error).message})`)
      }
    }
  }
  const refused = (r: RegisterAnswer): DomainError =>
    new DomainError(
      r.status === 403
        ? 'FORBIDDEN'
        : r.status === 404
          ? 'NOT_FOUND'
          : r.status === 409
            ? 'CONFLICT'
            : 'USAGE',
      `The register refused (HTTP ${r.status}): ${String(r.json?.['message'] ?? r.body.toString('utf8').slice(0, 300))}`
    )

  async function pushNow(caseId: string): Promise<RegisterPushResult> {
    const request = client()
    const bytes = d.exportBundle(caseId, d.key())
    const r = await request('PUT', `/cases/${encodeURIComponent(caseId)}/bundle`, bytes)
    const j = r.json ?? {}
    if (r.status === 200 || r.status === 201) {
      const head = j['head'] as { seq: number }
      return {
        caseId,
        outcome: j['outcome'] as RegisterPushResult['outcome'],
        message: `The register's head is entry ${head.seq}.`
      }
    }
    if (r.status === 409 && (j['error'] === 'DIVERGED' || j['error'] === 'BEHIND')) {
      const common = (j['commonHead'] as { seq: number; key: string } | null) ?? null
      return {
        caseId,
        outcome: j['error'] === 'DIVERGED' ? 'diverged' : 'behind',
        message: String(j['message']),
        commonHead: common ? { seq: common.seq, key: common.key } : null
      }
    }
    throw refused(r)
  }

  const dequeue = (caseId: string): void => {
    const s = read()
    write({ ...s, queued: s.queued.filter((q) => q.caseId !== caseId) })
  }

  return {
    settings: (): RegisterSettings => read(),
    configure(url: string | null): RegisterSettings {
      const s = read()
      if (url === null || url.trim() === '') return write({ ...s, url: null })
      const u = url.trim().replace(/\/+$/, '')
      if (!URL.canParse(u) || !/^https?:$/.test(new URL(u).protocol))
        throw new DomainError('USAGE', `"${url}" is not an http(s) URL of a register.`)
      return write({ ...s, url: u })
    },
    /** Pushes the case now; where the register cannot be reached, queues it (the newest state is sent later). */
    async push(caseId: string): Promise<RegisterPushResult> {
      try {
        const r = await pushNow(caseId)
        dequeue(caseId)
        return r
      } catch (error) {
        if (!(error instanceof Unreachable)) throw error
        const s = read()
        if (!s.queued.some((q) => q.caseId === caseId))
          write({ ...s, queued: [...s.queued, { caseId, queuedAt: isoNow(d.clock) }] })
        return {
          caseId,
          outcome: 'queued',
          message: `${error.message}; the push is queued and sent when it is reachable.`
        }
      }
    },
    /** Sends the queued pushes, oldest first; stops at the first that still cannot reach the register. */
    async flush(): Promise<readonly RegisterPushResult[]> {
      const out: RegisterPushResult[] = []
      for (const q of read().queued) {
        try {
          out.push(await pushNow(q.caseId))
          dequeue(q.caseId)
        } catch (error) {
          if (error instanceof Unreachable) break
          throw error
        }
      }
      return out
    },
    async hold(caseId: string, action: 'checkout' | 'checkin'): Promise<string | null> {
      let r: RegisterAnswer
      try {
        r = await client()('POST', `/cases/${encodeURIComponent(caseId)}/${action}`)
      } catch (error) {
        if (error instanceof Unreachable)
          throw new DomainError('CONFLICT', `${error.message}; try again when online.`)
        throw error
      }
      if (r.status !== 200) throw refused(r)
      return ((r.json?.['holder'] as { name: string } | null) ?? null)?.name ?? null
    },
    /** The register's newest bundle of the case, verified whole (importing it is `bundle import`'s). */
    async pull(caseId: string): Promise<BundleSummary> {
      let r: RegisterAnswer
      try {
        r = await client()('GET', `/cases/${encodeURIComponent(caseId)}/bundle`)
      } catch (error) {
        if (error instanceof Unreachable)
          throw new DomainError('CONFLICT', `${error.message}; try again when online.`)
        throw error
      }
      if (r.status !== 200) throw refused(r)
      return d.summarize(`${caseId}.awcase`, r.body)
    },
    async overview(): Promise<RegisterOverview> {
      const settings = read()
      if (!settings.url)
        return { online: false, message: 'No register is configured.', cases: [], certificates: [], settings }
      try {
        const request = client()
        const [cases, certs] = [await request('GET', '/cases'), await request('GET', '/certificates')]
        if (cases.status !== 200) throw refused(cases)
        if (certs.status !== 200) throw refused(certs)
        return {
          online: true,
          message: `Connected to ${settings.url}.`,
          settings,
          cases: (
            cases.json!['cases'] as {
              caseId: string
              title: string
              head: { seq: number; entries: number }
              updatedAt: string
              holder: { name: string } | null
            }[]
          ).map((c) => ({
            caseId: c.caseId,
            title: c.title,
            headSeq: c.head.seq,
            entries: c.head.entries,
            updatedAt: c.updatedAt,
            holder: c.holder?.name ?? null
          })),
          certificates: (
            certs.json!['certificates'] as {
              verdictId: string
              caseId: string
              outcomeName: string
              subjects: string[]
              validUntil: string
              revocation: unknown
            }[]
          ).map((c) => ({
            verdictId: c.verdictId,
            caseId: c.caseId,
            outcomeName: c.outcomeName,
            subjects: c.subjects,
            validUntil: c.validUntil,
            revoked: c.revocation !== null
          }))
        }
      } catch (error) {
        if (error instanceof Unreachable)
          return {
            online: false,
            message: `Offline: ${error.message}.`,
            cases: [],
            certificates: [],
            settings
          }
        throw error
      }
    }
  }
}
export type RegisterDesk = ReturnType<typeof createRegisterDesk>
