/**
 * A register for tests: a fresh database in the throwaway cluster (pg.ts), migrated, served by one or more
 * register instances on 127.0.0.1, an administrator key, and auditors added through the signed roster
 * route. Keys are made at test time.
 */
import { createPrivateKeyFile, type OpenedKey } from '../../src/main/identity/openssh-key'
import { migrateRegister, openPool, type Pool } from '../../src/main/register/pg'
import { addAdmin } from '../../src/main/register/store'
import { startRegisterServer, type RegisterServerOptions } from '../../src/main/register/server'
import { jsonRequest, registerClient, type RegisterClient } from '../../src/main/register/client'
import type { TestCluster } from '../helpers/pg'
import { testClock } from '../helpers/clock'
import type { Clock } from '../../src/main/clock'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Workspace } from '../../src/main/workspace'
import type { Actor } from '../../src/main/identity/identities'
import { sampleReport } from '../helpers/workspace'
import { testKeyActor } from '../helpers/identity'
import { FIXTURES } from '../helpers/paths'

export interface TestRegister {
  readonly dbUrl: string
  readonly pool: Pool
  readonly urls: readonly string[]
  readonly admin: OpenedKey
  /** a client of instance `i` signing with `key` */
  client(key: OpenedKey, i?: number): RegisterClient
  /** an auditor key (new unless given), added to the roster by the administrator */
  auditor(name: string, key?: OpenedKey): Promise<OpenedKey>
  close(): Promise<void>
}

export async function startTestRegister(
  cluster: TestCluster,
  opts: { instances?: number; clock?: Clock } & Partial<Omit<RegisterServerOptions, 'pool' | 'clock'>> = {}
): Promise<TestRegister> {
  const clock = opts.clock ?? testClock
  const dbUrl = await cluster.createDatabase()
  const pool = openPool(dbUrl)
  await migrateRegister(pool)
  const admin = createPrivateKeyFile('admin', null).key
  await addAdmin(pool, admin.publicKey, clock())
  const servers: Awaited<ReturnType<typeof startRegisterServer>>[] = []
  const pools: Pool[] = []
  for (let i = 0; i < (opts.instances ?? 1); i++) {
    // each instance its own pool, as separate processes would have
    const p = openPool(dbUrl)
    pools.push(p)
    servers.push(await startRegisterServer({ trust: null, ...opts, pool: p, clock }, '127.0.0.1', 0))
  }
  const urls = servers.map((s) => s.url)
  const client = (key: OpenedKey, i = 0): RegisterClient => registerClient(urls[i]!, key, clock)
  return {
    dbUrl,
    pool,
    urls,
    admin,
    client,
    async auditor(name, key = createPrivateKeyFile(name, null).key) {
      const r = await jsonRequest(client(admin), 'POST', '/roster', { name, publicKey: key.publicKey })
      if (r.status !== 201) throw new Error(`roster add ${name}: ${r.status} ${r.body.toString()}`)
      return key
    },
    async close() {
      for (const s of servers) await s.close()
      for (const p of pools) await p.end()
      await pool.end()
    }
  }
}

/** A workspace whose auditors hold the same keys in its roster and in the register's. */
export async function sharedAuditor(
  ws: Workspace,
  reg: TestRegister,
  name: string
): Promise<{ key: OpenedKey; actor: Actor }> {
  const made = testKeyActor(ws, name)
  await reg.auditor(name, made.key)
  return made
}

/** A case with the sample report and a self-assessment imported. */
export async function caseWithEvidence(ws: Workspace, id: string): Promise<void> {
  ws.createCase({ id, schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' })
  await ws.importOne(id, { name: 'scs-report-demo-cloud.yaml', bytes: sampleReport() })
  await ws.importOne(id, {
    name: 'sa.yaml',
    bytes: readFileSync(join(FIXTURES, 'self-assessment/iaas-demo-cloud.yaml'))
  })
}
