/**
 * `register publish --out DIR` and `register due`: the public site and the surveillance list, from the
 * register's database. The site is written into a fresh folder beside DIR and swapped in whole, so a web
 * server never serves half of it.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { SAFE_ID } from '../../shared/register/protocol'
import { crlJson, crlPage, indexPage, statusPage, type CrlEntry } from '../../shared/register/site'
import {
  addMonths,
  certificateStatus,
  manualChecks,
  HISTORY_MONTHS,
  type CertificateStatus,
  type DueItem
} from '../../shared/register/status'
import type { Pool } from './pg'
import * as store from './store'

/** Every certificate's status on `now`: state, surveillance and the results history (a few queries for all). */
export async function certificateStatuses(pool: Pool, now: Date): Promise<CertificateStatus[]> {
  const from = new Date(`${addMonths(now.toISOString(), -HISTORY_MONTHS)}T00:00:00Z`)
  const certificates = await store.listCertificates(pool)
  const facts = await store.verdictFacts(pool)
  const subjects = [...new Set(certificates.flatMap((c) => c.subjects))]
  const bySubject = new Map<string, store.ResultRow[]>()
  for (const r of await store.resultsOf(pool, subjects, from, now)) {
    const list = bySubject.get(r.subject) ?? []
    list.push(r)
    bySubject.set(r.subject, list)
  }
  const byCase = new Map<string, { criterion: string; subject: string; decision: string; at: string }[]>()
  for (const d of await store.decisionsOf(pool, [...new Set(certificates.map((c) => c.caseId))])) {
    const list = byCase.get(d.caseId) ?? []
    list.push(d)
    byCase.set(d.caseId, list)
  }
  return certificates.map((c) => {
    const f = facts.get(c.verdictId) ?? { files: [], decisions: [], manualChecks: undefined }
    const results = c.subjects
      .flatMap((s) => bySubject.get(s) ?? [])
      .sort((a, b) => b.checkedAt.localeCompare(a.checkedAt))
    const decided = [...f.decisions, ...(byCase.get(c.caseId) ?? [])]
    return certificateStatus(c, results, new Set(f.files), manualChecks(decided, f.manualChecks), now)
  })
}

export async function dueList(pool: Pool, now: Date): Promise<DueItem[]> {
  return (await certificateStatuses(pool, now)).flatMap((s) => s.surveillance)
}

export interface Published {
  readonly dir: string
  readonly certificates: number
  readonly revoked: number
}

export async function publishSite(pool: Pool, out: string, now: Date): Promise<Published> {
  const statuses = await certificateStatuses(pool, now)
  const generatedAt = now.toISOString()
  const tmp = join(dirname(out), `.${basename(out)}.publishing-${process.pid}`)
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(join(tmp, 'certificates'), { recursive: true })
  for (const s of statuses) {
    const id = s.certificate.verdictId
    if (!SAFE_ID.test(id)) continue // registration refuses such ids; never a path out of the site
    const dir = join(tmp, 'certificates', id)
    mkdirSync(dir)
    writeFileSync(join(dir, 'status.json'), `${JSON.stringify(s, null, 2)}\n`)
    writeFileSync(join(dir, 'index.html'), statusPage(s))
  }
  const crl: CrlEntry[] = statuses
    .filter((s) => s.certificate.revocation)
    .map((s) => ({
      verdictId: s.certificate.verdictId,
      verdictSha256: s.certificate.verdictSha256,
      scope: s.certificate.scope,
      version: s.certificate.version,
      subjects: s.certificate.subjects,
      revokedAt: s.certificate.revocation!.at,
      reason: s.certificate.revocation!.reason
    }))
  writeFileSync(join(tmp, 'index.html'), indexPage(statuses, generatedAt))
  writeFileSync(join(tmp, 'crl.json'), crlJson(crl, generatedAt))
  writeFileSync(join(tmp, 'crl.html'), crlPage(crl, generatedAt))
  const old = `${tmp}-old`
  if (existsSync(out)) renameSync(out, old)
  renameSync(tmp, out)
  rmSync(old, { recursive: true, force: true })
  return { dir: out, certificates: statuses.length, revoked: crl.length }
}
