/**
 * A throwaway PostgreSQL cluster for the register's tests: a temp folder, `initdb`, `pg_ctl start` on a free
 * port of 127.0.0.1 with its unix socket in the temp folder, and `stop()` that stops it (fast) and removes
 * the folder. PostgreSQL refuses to run as root, and CI runs as root: there the cluster runs as `nobody`
 * (through runuser) in a folder handed to that user. The binaries are Debian's (package `postgresql`,
 * /usr/lib/postgresql/15/bin; `.ci/run` installs it); PG_BIN overrides the folder. Where they are absent,
 * `PG_SKIP` is true and the register's tests skip with PG_MISSING as their reason, and only then (never in CI).
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

export const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin'
export const PG_AVAILABLE = ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(PG_BIN, b)))
export const PG_MISSING = `PostgreSQL binaries are not in ${PG_BIN} (install Debian's postgresql package, or set PG_BIN): the register tests are skipped`
/** skip only where the binaries are absent, and never in CI (CI=true): there a missing PostgreSQL fails the tests */
export const PG_SKIP = !PG_AVAILABLE && !process.env['CI']

const SUPERUSER = 'aw'

export interface TestCluster {
  readonly port: number
  /** a URL for the cluster's `postgres` database */
  readonly adminUrl: string
  /** a new empty database; its URL */
  createDatabase(name?: string): Promise<string>
  stop(): void
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

let counter = 0

export async function startCluster(): Promise<TestCluster> {
  if (!PG_AVAILABLE) throw new Error(PG_MISSING)
  const dir = mkdtempSync(join(tmpdir(), 'aw-pg-'))
  const data = join(dir, 'data')
  const asRoot = userInfo().uid === 0
  // as root: the cluster belongs to nobody, who must be able to enter the folder and write in it
  const run = (bin: string, args: string[]): string =>
    execFileSync(
      asRoot ? 'runuser' : join(PG_BIN, bin),
      asRoot ? ['-u', 'nobody', '--', join(PG_BIN, bin), ...args] : args,
      {
        stdio: 'pipe',
        cwd: dir,
        encoding: 'utf8'
      }
    )
  if (asRoot) {
    const { uid, gid } = JSON.parse(
      execFileSync('sh', ['-c', 'printf \'{"uid":%s,"gid":%s}\' "$(id -u nobody)" "$(id -g nobody)"'], {
        encoding: 'utf8'
      })
    ) as { uid: number; gid: number }
    chownSync(dir, uid, gid)
    chmodSync(dir, 0o700)
  }
  run('initdb', ['-D', data, '-A', 'trust', '-U', SUPERUSER, '-E', 'UTF8', '--no-locale', '--no-sync'])
  const port = await freePort()
  try {
    run('pg_ctl', [
      '-D',
      data,
      '-w',
      '-l',
      join(dir, 'log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      'start'
    ])
  } catch (error) {
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : ''
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`pg_ctl start failed: ${(error as Error).message}\n${log}`, { cause: error })
  }
  const adminUrl = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`
  let stopped = false
  const stop = (): void => {
    if (stopped) return
    stopped = true
    try {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  process.once('exit', stop)
  return {
    port,
    adminUrl,
    async createDatabase(name = `t${process.pid}_${++counter}`) {
      const c = new pg.Client({ connectionString: adminUrl })
      await c.connect()
      try {
        await c.query(`CREATE DATABASE ${name}`)
      } finally {
        await c.end()
      }
      return `postgres://${SUPERUSER}@127.0.0.1:${port}/${name}`
    },
    stop
  }
}
