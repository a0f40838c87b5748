/**
 * npm run bench, the register section (issue 17 §8): two register instances on one throwaway PostgreSQL
 * database, 8 concurrent clients each pushing its own real-size case (the integrator fixture's four files)
 * as a growing log, every push sent twice (once to each instance) and a case list pulled between pushes.
 * Reports pushes/s, p50/p99 latency, and checks that no push was lost or duplicated. Then the time to
 * publish the static site for 1,000 certificates. BENCH_ONLY=register runs only this.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { startCluster } from '../tests/helpers/pg'
import { sharedAuditor, startTestRegister } from '../tests/integration/register-helpers'
import { createTestWorkspace } from '../tests/helpers/workspace'
import { FIXTURES, tempDir } from '../tests/helpers/paths'
import { exportCaseBundle } from '../src/main/bundle/export'
import { publishSite } from '../src/main/register/publish'
import { rowCounts } from '../src/main/register/store'

const CLIENTS = 8
const PUSHES = Number(process.env['BENCH_REGISTER_PUSHES'] ?? 12)

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}

export async function benchRegister(): Promise<void> {
  console.log('\nRegister (PostgreSQL 15, two instances on one database, 8 concurrent clients):')
  const cluster = await startCluster()
  const reg = await startTestRegister(cluster, { instances: 2 })
  const workspaces: ReturnType<typeof createTestWorkspace>[] = []
  try {
    // each client: its own workspace and case, a sequence of bundles, each one entry longer than the last
    const dir = join(FIXTURES, 'cases/integrator')
    const files = readdirSync(dir).sort()
    const prep = performance.now()
    const clients = []
    for (let c = 0; c < CLIENTS; c++) {
      const ws = createTestWorkspace()
      workspaces.push(ws)
      const name = `Auditor ${c}`
      const { key, actor } = await sharedAuditor(ws, reg, name)
      const id = `bench-${c}`
      ws.createCase({ id, schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' })
      for (const f of files) await ws.importOne(id, { name: f, bytes: readFileSync(join(dir, f)) })
      const bundles: Buffer[] = []
      for (let i = 0; i < PUSHES; i++) {
        if (i > 0)
          ws.decide(
            {
              caseId: id,
              criterion: 'scoring.third-party-production',
              subject: 'stadtwerk-cloud',
              decision: 'accept',
              comment: `check ${i}`
            },
            actor
          )
        bundles.push(exportCaseBundle(ws, id, key).bytes)
      }
      clients.push({ id, key, bundles })
    }
    const size = clients[0]!.bundles.at(-1)!.length
    console.log(
      `  prepared ${CLIENTS} cases × ${PUSHES} bundles (${(size / 1024).toFixed(0)} KB each, 4 input files) in ${((performance.now() - prep) / 1000).toFixed(1)} s`
    )

    const before = await rowCounts(reg.pool)
    const pushLatency: number[] = []
    const listLatency: number[] = []
    const outcomes = new Map<string, number>()
    const started = performance.now()
    await Promise.all(
      clients.map(async (c, n) => {
        for (const [i, bytes] of c.bundles.entries()) {
          // the same push to both instances at once: one stores it, the other finds it unchanged
          await Promise.all(
            [0, 1].map(async (inst) => {
              const t = performance.now()
              const r = await reg.client(c.key, (n + inst) % 2).request('PUT', `/cases/${c.id}/bundle`, bytes)
              pushLatency.push(performance.now() - t)
              const o = r.status >= 300 ? `HTTP ${r.status}` : String(r.json?.['outcome'])
              outcomes.set(o, (outcomes.get(o) ?? 0) + 1)
              if (r.status >= 300)
                console.log(`  push ${c.id} #${i}: ${r.status} ${r.body.toString().slice(0, 200)}`)
            })
          )
          const t = performance.now()
          const l = await reg.client(c.key, (n + i) % 2).request('GET', '/cases')
          listLatency.push(performance.now() - t)
          if (l.status !== 200) console.log(`  list: ${l.status}`)
        }
      })
    )
    const seconds = (performance.now() - started) / 1000
    const after = await rowCounts(reg.pool)
    const stored = after['bundles']! - before['bundles']!
    const heads = await reg.pool.query<{ case_id: string; entries: number; n: string }>(
      `SELECT c.case_id, c.entries, (SELECT count(*) FROM bundles b WHERE b.case_id = c.case_id) AS n FROM cases c WHERE c.case_id LIKE 'bench-%'`
    )
    const intact = heads.rows.every((r, _i, all) => Number(r.n) === PUSHES && all.length === CLIENTS)
    console.log(
      `  ${pushLatency.length} push requests (${CLIENTS * PUSHES} distinct bundles, each sent to both instances) and ${listLatency.length} list pulls in ${seconds.toFixed(1)} s: ${(pushLatency.length / seconds).toFixed(1)} push requests/s, ${((CLIENTS * PUSHES) / seconds).toFixed(1)} stored pushes/s`
    )
    console.log(
      `  push latency p50 ${pct(pushLatency, 50).toFixed(0)} ms, p99 ${pct(pushLatency, 99).toFixed(0)} ms; list latency p50 ${pct(listLatency, 50).toFixed(0)} ms, p99 ${pct(listLatency, 99).toFixed(0)} ms`
    )
    console.log(
      `  outcomes: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}; bundles stored ${stored} of ${CLIENTS * PUSHES} expected; ` +
        `${intact ? 'every case holds exactly its ' + PUSHES + ' pushes: none lost, none duplicated' : 'MISMATCH: ' + JSON.stringify(heads.rows)}`
    )

    // 1,000 certificates over the pushed cases' subjects (rows made directly: the site is what is timed)
    const subjects = (
      await reg.pool.query<{ subject: string }>('SELECT DISTINCT subject FROM results')
    ).rows.map((r) => r.subject)
    await reg.pool.query(
      `INSERT INTO certificates (verdict_id, verdict_sha256, case_id, scope, scope_name, version, outcome, outcome_name, subjects,
         valid_from, valid_until, signer_fingerprint, verdict, pdf, pdf_sha256, registered_by, registered_at)
       SELECT 'AW-bench-' || i, md5(i::text), 'bench-' || (i % ${CLIENTS}), 'scs-integrator-iaas', 'SCS IaaS Integrator', 'v2', 'silver', 'Silver',
         jsonb_build_array($1::text), date '2026-11-24' - (i % 300), date '2027-11-24' - (i % 300), 'AB:CD',
         jsonb_build_object('files', '[]'::jsonb, 'criteria', '[]'::jsonb), '\\x00', md5(i::text), 'bench', now()
       FROM generate_series(1, 1000) AS i`,
      [subjects[0] ?? 'none']
    )
    await reg.pool.query(
      `INSERT INTO acts (at, fingerprint, actor, action, subject, message, signature, body_sha256) VALUES (now(), 'x', 'bench', 'certificate.revoke', 'x', '', '', '')`
    )
    await reg.pool.query(
      `INSERT INTO revocations (verdict_id, reason, revoked_by, revoked_at, act_id)
       SELECT 'AW-bench-' || i, 'bench', 'bench', now(), (SELECT max(id) FROM acts) FROM generate_series(1, 1000, 50) AS i`
    )
    const out = join(tempDir('aw-bench-site-'), 'site')
    const t = performance.now()
    const p = await publishSite(reg.pool, out, new Date('2026-12-01T00:00:00Z'))
    console.log(
      `  publish: ${p.certificates} certificates (${p.revoked} revoked, results history of ${subjects.length ? 'one subject' : 'none'}) in ${((performance.now() - t) / 1000).toFixed(2)} s`
    )
    rmSync(out, { recursive: true, force: true })
  } finally {
    workspaces.forEach((w) => w.close())
    await reg.close()
    cluster.stop()
  }
}
