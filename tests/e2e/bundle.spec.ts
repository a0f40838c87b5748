/**
 * Case bundles in the app (issue 15 §2–§4): Bob opens the bundle Ann handed over (Open a bundle), the case
 * header shows who holds it, from whom and when it came; a bundle that diverged is refused and its conflict
 * shown per criterion, with nothing merged. Ann's workspace is played in Node, Bob's in the built app.
 */
import { test, expect } from '@playwright/test'
import { join } from 'node:path'
import { readFileSync, writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { openApp, startApp, ROOT, type RunningApp } from './bridge-app'
import { twoAuditors } from './two-auditors'
import { decideProductionShare, fixtureCase } from '../helpers/fixture-cases'
import { testClock } from '../helpers/clock'
import { openWorkspace, type Workspace } from '../../src/main/workspace'
import { exportCaseBundle } from '../../src/main/bundle/export'
import { takeBackCase } from '../../src/main/bundle/import'

const RESOURCES = join(ROOT, 'resources')
const { ann, bobKey, bob, tmp, workspace } = twoAuditors('aw-bundle-')

let app: RunningApp
let a: Workspace
let first: string
test.beforeAll(async () => {
  a = await workspace('ann')
  await fixtureCase(a, 'n', 'integrator')
  decideProductionShare(a, 'n', 'reject', 'own share not shown', a.identities.actorFor(ann))
  a.review('n', 'submit', a.identities.actorFor(ann))
  first = join(tmp, 'n.awcase')
  writeFileSync(first, exportCaseBundle(a, 'n', ann, { handOver: true, comment: 'please review' }).bytes)
  ;(await workspace('bob')).close()
  app = await startApp(join(tmp, 'bob.sqlite'))
})
test.afterAll(async () => {
  a.close()
  await app.stop()
})

test('Bob opens Ann’s bundle, sees who holds the case; a diverged bundle shows its conflict and merges nothing', async ({
  page
}) => {
  const errors = await openApp(page, app)
  // no key opened in this session: the identity panel is closed to open the bundle (opening signs nothing)
  const identity = page.getByRole('region', { name: 'Auditor identity' })
  await identity.getByRole('button', { name: 'Close the identity panel' }).click()
  await expect(identity).toHaveCount(0)

  await page.getByTestId('open-bundle').setInputFiles(first)
  await expect(page.getByTestId('case-title')).toBeVisible()
  await expect(page.getByTestId('case-status')).toHaveText('submitted')
  const holder = page.getByTestId('holder-bar')
  await expect(holder.getByTestId('holder-state')).toHaveText('held here')
  await expect(holder).toContainText('newest head: entry')
  await expect(holder).toContainText('case.hand-over by Ann')
  await expect(holder).toContainText('last bundle from Ann')
  await expect(page.getByText(/Case n created from Ann's bundle/)).toBeVisible()
  await page.screenshot({ path: join(ROOT, 'test-results/screenshot-bundle-opened.png') })

  // Bob returns the case on his machine (a second connection to his file); Ann took it back and acted
  const b = openWorkspace({
    dbPath: join(tmp, 'bob.sqlite'),
    resourcesDir: RESOURCES,
    actor: 'bob',
    clock: testClock
  })
  b.review('n', 'return', b.identities.actorFor(bob), 'cite the managed share')
  b.close()
  takeBackCase(a, 'n', a.identities.actorFor(ann), 'the reviewer is away')
  a.review('n', 'return', a.identities.actorFor(ann), 'reopening myself')
  const diverged = join(tmp, 'n-ann-2.awcase')
  writeFileSync(diverged, exportCaseBundle(a, 'n', ann).bytes)

  const before = new Database(join(tmp, 'bob.sqlite'), { readonly: true })
  const count = (): unknown => before.prepare('SELECT count(*) AS n FROM audit_log').get()
  const entries = count()
  // this one is dropped on the case list, as a file from the desktop
  const dataTransfer = await page.evaluateHandle(
    ({ name, b64 }) => {
      const dt = new DataTransfer()
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name))
      return dt
    },
    { name: 'n-ann-2.awcase', b64: readFileSync(diverged).toString('base64') }
  )
  await page.getByRole('navigation', { name: 'Cases' }).dispatchEvent('drop', { dataTransfer })
  const conflict = page.getByTestId('conflict-view')
  await expect(conflict).toBeVisible()
  await expect(conflict).toContainText('diverged after entry')
  await expect(conflict).toContainText('nothing was merged')
  await expect(page.getByText(/Refused: case n diverged after case entry 8/)).toBeVisible()
  // the case as Bob's workspace holds it: returned by Bob, not merged with Ann's acts
  await expect(page.getByTestId('case-status')).toHaveText('open')
  const row = conflict.getByRole('row', { name: /\(case\)/ })
  await expect(row).toContainText('Bob')
  await expect(row).toContainText('review.return: cite the managed share')
  await expect(row).toContainText('case.take-back: the reviewer is away')
  expect(count()).toEqual(entries)
  before.close()
  await page.screenshot({ path: join(ROOT, 'test-results/screenshot-bundle-conflict.png') })
  await conflict.getByRole('button', { name: 'Close' }).click()
  await expect(conflict).toHaveCount(0)

  // Bob opens his key and hands the case back: read-only here until it comes back or he takes it back
  const keyPath = join(tmp, 'bob.key')
  writeFileSync(keyPath, bobKey.text)
  await page.getByTestId('identity-chip').click()
  await identity.getByLabel('Private key file').setInputFiles(keyPath)
  await identity.getByRole('button', { name: 'Open key' }).click()
  await expect(page.getByTestId('identity-chip')).toHaveText('Signing as Bob')
  if (await identity.count()) await identity.getByRole('button', { name: 'Close the identity panel' }).click()
  await holder.getByRole('button', { name: 'Hand over…' }).click()
  const form = holder.getByRole('form', { name: 'Hand over' })
  await form.getByLabel('Note for the reviewer').fill('returned, see comment')
  const download = page.waitForEvent('download')
  await form.getByRole('button', { name: 'Hand over' }).click()
  expect((await download).suggestedFilename()).toBe('n.awcase')
  await expect(holder.getByTestId('holder-state')).toHaveText('handed over')
  await expect(holder).toContainText('handed over by Bob')
  await page.screenshot({ path: join(ROOT, 'test-results/screenshot-bundle-handed-over.png') })
  // no review step is offered while the case is handed over (the workspace refuses it anyway)
  await expect(page.getByRole('button', { name: 'Submit for review' })).toHaveCount(0)
  await expect(page.getByRole('group', { name: 'Four-eyes review' })).toContainText('handed over')
  await holder.getByRole('button', { name: 'Take back…' }).click()
  const back = holder.getByRole('form', { name: 'Take back' })
  await back.getByLabel('Reason').fill('Ann is away')
  await back.getByRole('button', { name: 'Take back' }).click()
  await expect(holder.getByTestId('holder-state')).toHaveText('held here')
  await expect(holder).toContainText('case.take-back by Bob')
  await expect(page.getByRole('button', { name: 'Submit for review' })).toBeVisible()
  expect(errors).toEqual([])
})
