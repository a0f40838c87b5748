/**
 * The desktop side of the register: its URL (register.json beside the workspace), pushes that are queued
 * while the register cannot be reached and sent later, check-out and check-in, a pull that opens the
 * register's bundle in the workspace (as `bundle import` does), and the body's lists. Requests are signed
 * with the session's auditor key. No electron import.
 *
 * Queued pushes are retried in the background (`retry`), not only while the Register panel is open: when the
 * app starts, when the auditor's key is opened, when a request finds the register reachable, and otherwise
 * on a timer from the injected Scheduler that backs off (RETRY_DELAYS_MS) while it cannot be reached and stops
 * when the queue is empty. No loop polls.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { DomainError } from '../errors'
import { isoNow, type Clock, type Scheduler } from '../clock'
import type { OpenedKey } from '../identity/openssh-key'
import type { BundleImportResult } from '../../shared/ipc/contract'
import type { RegisterOverview, RegisterPushResult, RegisterSettings } from '../../shared/register/desk'
import { registerClient, type RegisterAnswer } from './client'

export const REGISTER_SETTINGS_FILE = 'register.json'

export interface RegisterDeskDeps {
  readonly dbPath: string
  readonly clock: Clock
  readonly key: () => OpenedKey
  readonly exportBundle: (caseId: string, key: OpenedKey) => Buffer
  /** opens a bundle in the workspace (bundle import): created, fast-forward, or refused with its conflict */
  readonly importBundle: (name: string, bytes: Buffer) => Promise<BundleImportResult>
  /** the timer of the background retry; absent (the CLI, most tests): queued pushes wait for a flush */
  readonly schedule?: Scheduler | null
  /** queued pushes the background retry sent */
  readonly onSent?: (results: readonly RegisterPushResult[]) => void
  readonly log?: (message: string) => void
}

/** the waits between background attempts while the register cannot be reached; the last one repeats */
export const RETRY_DELAYS_MS = [15_000, 30_000, 60_000, 120_000, 300_000] as const

/** the register's copy of a case, named as a bundle file in messages */
const registerCopy = (caseId: string): string => `${caseId}.awcase (the register's copy)`

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
      let answer: RegisterAnswer
      try {
        answer = await c.request(method, path, body)
      } catch (error) {
        throw new Unreachable(`the register at ${url} cannot be reached (${(error as Error).message})`)
      }
      reachable()
      return answer
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
      const diverged = j['error'] === 'DIVERGED'
      return {
        caseId,
        outcome: diverged ? 'diverged' : 'behind',
        message: String(j['message']),
        commonHead: common ? { seq: common.seq, key: common.key } : null,
        // the conflict per criterion, as opening the register's copy shows it (refused: nothing stored)
        conflict: diverged ? await registerConflict(request, caseId) : null
      }
    }
    throw refused(r)
  }

  /** The register's copy against this workspace's: diverged, so opening it stores nothing and shows why. */
  async function registerConflict(
    request: ReturnType<typeof client>,
    caseId: string
  ): Promise<BundleImportResult | null> {
    const theirs = await request('GET', `/cases/${encodeURIComponent(caseId)}/bundle`)
    if (theirs.status !== 200) return null
    const x = await d.importBundle(registerCopy(caseId), theirs.body)
    return x.outcome === 'diverged' ? { ...x, source: 'register' } : null
  }

  const dequeue = (caseId: string): void => {
    const s = read()
    write({ ...s, queued: s.queued.filter((q) => q.caseId !== caseId) })
  }

  async function flush(): Promise<readonly RegisterPushResult[]> {
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
  }

  // the background retry: one timer at most, one attempt at a time
  let attempts = 0
  let cancel: (() => void) | null = null
  let running: Promise<readonly RegisterPushResult[]> | null = null
  const pending = (): boolean => !!read().url && read().queued.length > 0
  function later(): void {
    if (!d.schedule || cancel || !pending()) return
    const ms = RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length - 1)]!
    attempts += 1
    cancel = d.schedule(ms, () => {
      cancel = null
      void retryNow()
    })
  }
  /** Sends the queue now (where there is one); then waits for the next attempt if anything is left. */
  function retryNow(): Promise<readonly RegisterPushResult[]> {
    if (running) return running
    if (!pending()) return Promise.resolve([])
    cancel?.()
    cancel = null
    running = (async () => {
      try {
        const sent = await flush()
        if (!pending()) attempts = 0
        if (sent.length) d.onSent?.(sent)
        return sent
      } catch (error) {
        // no key open yet, or the register refused: the queue stays, and is tried again later
        d.log?.(`a queued register push waits: ${(error as Error).message}`)
        return []
      } finally {
        running = null
        later()
      }
    })()
    return running
  }
  /** the register answered: it is reachable, so the queue goes out now */
  const reachable = (): void => {
    if (d.schedule && pending() && !running) void retryNow()
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
        later()
        return {
          caseId,
          outcome: 'queued',
          message: `${error.message}; the push is queued and sent when it is reachable.`
        }
      }
    },
    /** Sends the queued pushes, oldest first; stops at the first that still cannot reach the register. */
    async flush(): Promise<readonly RegisterPushResult[]> {
      if (running) await running
      return flush()
    },
    /** The background retry: `start` when the app starts or a key is opened; `now` sends the queue at once. */
    retry: {
      start: (): void => void retryNow(),
      now: retryNow,
      stop: (): void => {
        cancel?.()
        cancel = null
      }
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
    /**
     * The register's newest bundle of the case, opened in the workspace as `bundle import` opens a bundle:
     * the case created, fast-forwarded, unchanged, or refused (behind; diverged, with the conflict per
     * criterion and the register's common head) with nothing stored.
     */
    async pull(caseId: string): Promise<BundleImportResult> {
      let r: RegisterAnswer
      try {
        r = await client()('GET', `/cases/${encodeURIComponent(caseId)}/bundle`)
      } catch (error) {
        if (error instanceof Unreachable)
          throw new DomainError('CONFLICT', `${error.message}; try again when online.`)
        throw error
      }
      if (r.status !== 200) throw refused(r)
      return { ...(await d.importBundle(registerCopy(caseId), r.body)), source: 'register' }
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
