/**
 * The register panel in the app (issue 17 §6), against a real register: the built CLI's `register init`
 * and `register serve` on a throwaway PostgreSQL cluster. Offline, a push is queued and says so; with the
 * register's URL, the queue goes out by itself; check-out shows the holder; the body's lists; axe-core on
 * the panel at 1280×720.
 */
import { test, expect } from '@playwright/test'
import { expectAccessible } from './accessible'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startApp, ROOT, type RunningApp } from './bridge-app'
import { createKeyInPanel } from './identity-panel'
import { PG_MISSING, PG_SKIP, startCluster, type TestCluster } from '../helpers/pg'
import { TEST_CLOCK_ENV } from '../helpers/clock'

const CLI = join(ROOT, 'out/main/cli.js')
let cluster: TestCluster
let dbUrl: string
let serve: ChildProcess
let registerUrl: string
let adminKey: string
let app: RunningApp

test.skip(PG_SKIP, PG_MISSING)
test.use({ viewport: { width: 1280, height: 720 } })

const cli = (...args: string[]): string =>
  execFileSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...TEST_CLOCK_ENV }
  })

test.beforeAll(async () => {
  cluster = await startCluster()
  dbUrl = await cluster.createDatabase()
  const dir = mkdtempSync(join(tmpdir(), 'aw-e2e-register-'))
  adminKey = join(dir, 'admin')
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'admin', '-f', adminKey])
  cli('register', 'init', '--pg', dbUrl, '--admin-pubkey', `${adminKey}.pub`)
  serve = spawn(process.execPath, [CLI, 'register', 'serve', '--pg', dbUrl, '--listen', '127.0.0.1:0'], {
    env: { ...process.env, ...TEST_CLOCK_ENV },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  registerUrl = await new Promise<string>((resolve, reject) => {
    let out = ''
    serve.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    serve.once('exit', (code) => reject(new Error(`register serve exited (${code}): ${out}`)))
  })
})
test.afterAll(async () => {
  serve?.kill('SIGTERM')
  cluster?.stop()
})
test.beforeEach(async () => {
  app = await startApp()
})
test.afterEach(async () => app.stop())

const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })

test('offline push queued, sent once the register is reachable; check-out; the body’s lists', async ({
  page
}) => {
  await page.goto(await app.openUrl())
  const keyPath = await (await createKeyInPanel(page, 'Ann Auditor')).path()
  // the administrator adds Ann's public key to the register's roster
  const pub = join(mkdtempSync(join(tmpdir(), 'aw-e2e-pub-')), 'ann.pub')
  chmodSync(keyPath, 0o600) // ssh-keygen reads only a private key others cannot
  execFileSync('sh', ['-c', `ssh-keygen -y -f "${keyPath}" > "${pub}"`])
  cli(
    'register',
    'roster',
    'add',
    '--name',
    'Ann Auditor',
    '--pubkey',
    pub,
    '--url',
    registerUrl,
    '--key',
    adminKey
  )

  await page.getByRole('button', { name: 'Open demo case' }).click()
  await page.getByTestId('review').waitFor()
  await page.getByRole('button', { name: 'Register', exact: true }).click()
  const panel = page.getByRole('region', { name: 'Register' })
  await panel.getByLabel('Register URL').fill(`http://127.0.0.1:${await closedPort()}`)
  await panel.getByRole('button', { name: 'Save' }).click()
  await expect(panel.getByTestId('register-state')).toContainText('offline')
  await panel.getByRole('button', { name: 'Push' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'Offline: the push of demo-cloud is queued' })
  ).toBeVisible()
  await expect(panel.getByTestId('register-state')).toContainText('1 push queued (demo-cloud)')
  await expectAccessible(page, 'register panel, offline')

  await panel.getByLabel('Register URL').fill(registerUrl)
  await panel.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('Sent 1 queued push: demo-cloud created.')).toBeVisible()
  await expect(panel.getByTestId('register-state')).toContainText('The register holds this case up to entry')
  await panel.getByRole('button', { name: 'Check out' }).click()
  await expect(panel.getByTestId('register-state')).toContainText('checked out by Ann Auditor')
  await panel.getByText(/The body's register: 1 case\(s\), 0 certificate\(s\)/).click()
  await expect(panel.getByRole('cell', { name: 'Ann Auditor' })).toBeVisible()
  await expectAccessible(page, 'register panel, online')
})
