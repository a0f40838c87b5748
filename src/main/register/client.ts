/**
 * The register's client, for the CLI (and the bench): each request signed with the auditor's key
 * (auth.ts), over node's fetch. Answers come back as { status, json } or bytes; the caller decides.
 */
import type { OpenedKey } from '../identity/openssh-key'
import type { Clock } from '../clock'
import { signRequest } from './auth'

export interface RegisterAnswer {
  readonly status: number
  readonly body: Buffer
  readonly json: Record<string, unknown> | null
}

export interface RegisterClient {
  request(method: string, path: string, body?: Uint8Array, contentType?: string): Promise<RegisterAnswer>
}

export function registerClient(
  baseUrl: string,
  key: Pick<OpenedKey, 'privateKey' | 'blob'>,
  clock: Clock
): RegisterClient {
  const base = baseUrl.replace(/\/+$/, '')
  return {
    async request(method, path, body = new Uint8Array(0), contentType = 'application/octet-stream') {
      const headers = signRequest(key, method, path, body, clock())
      const r = await fetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...(body.length ? { 'content-type': contentType } : {}) },
        ...(method === 'GET' || method === 'HEAD' ? {} : { body: new Uint8Array(body) })
      })
      const bytes = Buffer.from(await r.arrayBuffer())
      let json: Record<string, unknown> | null = null
      if ((r.headers.get('content-type') ?? '').startsWith('application/json')) {
        try {
          json = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>
        } catch {
          json = null
        }
      }
      return { status: r.status, body: bytes, json }
    }
  }
}

export const jsonRequest = (
  c: RegisterClient,
  method: string,
  path: string,
  value: unknown
): Promise<RegisterAnswer> =>
  c.request(method, path, Buffer.from(JSON.stringify(value), 'utf8'), 'application/json')
