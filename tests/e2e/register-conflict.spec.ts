/**
 * The register in the app (issue 17 §6) against a real register on a throwaway PostgreSQL: Bob's Pull opens
 * the register's copy of the case in his workspace; when both sides acted since their common head, Pull and
 * Push show the conflict view with the register's common head, and nothing is merged. Ann's workspace is
 * played in Node, Bob's in the built app.
 */
import { test, expect } from '@playwright/test'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { openApp, startApp, ROOT, type RunningApp } from './bridge-app'
import { twoAuditors } from './two-auditors'
import { decideProductionShare, fixtureCase } from '../helpers/fixture-cases'
import { PG_SKIP, startCluster, type TestCluster } from '../helpers/pg'
import { startTestRegister, type TestRegister } from '../integration/register-helpers'
import type { Workspace } from '../../src/main/workspace'
import { exportCaseBundle } from '../../src/main/bundle/export'
import { importCaseBundle } from '../../src/main/bundle/import'

const { ann, bobKey, bob, tmp, workspace } = twoAuditors('aw-register-')

let cluster: TestCluster
let reg: TestRegister
let app: RunningApp
let a: Workspace
test.skip(PG_SKIP, 'PostgreSQL is not installed here')
test.beforeAll(async () => {
  cluster = await startCluster()
  reg = await startTestRegister(cluster)
  await reg.auditor('Ann', ann)
  await reg.auditor('Bob', bob)
  a = await workspace('ann')
  await fixtureCase(a, 'n', 'integrator')
  const base = exportCaseBundle(a, 'n', ann).bytes
  expect((await reg.client(ann).request('PUT', '/cases/n/bundle', base)).status).toBe(201)
  // Bob had the case from the register before; since then each acted on it
  const b = await workspace('bob')
  await importCaseBundle(b, 'n.awcase', base)
  decideProductionShare(a, 'n', 'accept', 'own share confirmed', a.identities.actorFor(ann))
  expect(
    (await reg.client(ann).request('PUT', '/cases/n/bundle', exportCaseBundle(a, 'n', ann).bytes)).status
  ).toBe(200)
  decideProductionShare(b, 'n', 'reject', 'no contract seen', b.identities.actorFor(bob))
  b.close()
  writeFileSync(join(tmp, 'register.json'), JSON.stringify({ url: reg.urls[0], queued: [] }))
  app = await startApp(join(tmp, 'bob.sqlite'))
})
test.afterAll(async () => {
  a?.close()
  await app?.stop()
  await reg?.close()
  cluster?.stop()
})

test('a diverged Pull and Push show the conflict view with the register’s common head; nothing merged', async ({
  page
}) => {
  const errors = await openApp(page, app)
  const keyPath = join(tmp, 'bob.key')
  writeFileSync(keyPath, bobKey.text)
  const identity = page.getByRole('region', { name: 'Auditor identity' })
  await identity.getByLabel('Private key file').setInputFiles(keyPath)
  await identity.getByRole('button', { name: 'Open key' }).click()
  await expect(page.getByTestId('identity-chip')).toHaveText('Signing as Bob')
  if (await identity.count()) await identity.getByRole('button', { name: 'Close the identity panel' }).click()

  await page.getByRole('navigation', { name: 'Cases' }).getByText('n', { exact: true }).first().click()
  await page.getByRole('button', { name: 'Register' }).click()
  const panel = page.getByRole('region', { name: 'Register' })
  await expect(panel.getByTestId('register-state')).toContainText('online')
  const db = new Database(join(tmp, 'bob.sqlite'), { readonly: true })
  const count = (): unknown => db.prepare('SELECT count(*) AS n FROM audit_log').get()
  const entries = count()

  await panel.getByRole('button', { name: 'Pull' }).click()
  const conflict = page.getByTestId('conflict-view')
  await expect(conflict).toBeVisible()
  await expect(conflict).toContainText("The register's copy (pushed by Ann) diverged after entry")
  await expect(conflict).toContainText('common head with the register')
  const row = conflict.getByRole('row', { name: /scoring\.third-party-production/ })
  await expect(row).toContainText('no contract seen')
  await expect(row).toContainText('own share confirmed')
  await page.screenshot({ path: join(ROOT, 'test-results/screenshot-register-conflict.png'), fullPage: true })
  expect(count()).toEqual(entries)
  await conflict.getByRole('button', { name: 'Close' }).click()
  await expect(conflict).toHaveCount(0)

  await panel.getByRole('button', { name: 'Push' }).click()
  await expect(conflict).toBeVisible()
  await expect(conflict).toContainText("The register's copy (pushed by Ann) diverged after entry")
  await expect(
    page.getByText(/has diverged from the register's copy \(common head: entry \d+\)/)
  ).toBeVisible()
  expect(count()).toEqual(entries)
  db.close()
  expect(errors).toEqual([])
})
