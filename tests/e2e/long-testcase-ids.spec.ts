/**
 * A guideline's tests are tempest paths whose distinguishing part is their end. At 1280×720, the screens that
 * name a test must keep that end in view: the Evidence tab's results table (its cell too narrow for a long last
 * segment) and the review's findings (a test name is one word without spaces). Set up through the CLI: an
 * OpenStack Powered Compute case with the shared RefStack sample and a self-assessment that claims a failing
 * capability met.
 */
import { expect, test, type Locator } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startApp, ROOT, type RunningApp } from './bridge-app'
import { expectAccessible } from './accessible'

const CPID = 'b3f6c1d8e0a94f0b9a1c2d3e4f506172'
const SELF = `formatVersion: 1
kind: self-assessment
scheme: openstack-powered-compute
schemeVersion: '2020.06'
submittedAt: 2026-11-19
applicant:
  name: Demo Cloud GmbH
  contact: { name: Dana Demo, email: cert@demo-cloud.example }
subjects:
  - { id: ${CPID}, name: Demo Cloud, kind: iaas }
answers:
  - { criterion: compute-availability-zones-list, claim: met, statement: listed }
`

let app: RunningApp
test.beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aw-long-ids-'))
  const db = join(dir, 'workspace.sqlite')
  writeFileSync(join(dir, 'self.yaml'), SELF)
  const cli = (...a: string[]): void => {
    // the RefStack run (which carries no date) imported four days before the app's clock (2026-11-24)
    execFileSync(process.execPath, [join(ROOT, 'out/main/cli.js'), ...a, '--db', db], {
      stdio: 'pipe',
      env: { ...process.env, AUDITOR_WORKBENCH_CLOCK: '2026-11-20T09:00:00.000Z' }
    })
  }
  cli('case', 'create', '--id', 'opc', '--scheme', 'openstack-powered-compute', '--scheme-version', '2020.06')
  cli(
    'import',
    '--case',
    'opc',
    join(ROOT, '../shared/fixtures/format-samples/refstack-results-demo-cloud.json'),
    join(dir, 'self.yaml')
  )
  app = await startApp(db)
})
test.afterAll(async () => app.stop())

/**
 * Whether the last character of `text` inside `el` is drawn where it can be seen: inside every ancestor that
 * clips (an ellipsis hides the characters past the box they overflow, which keep their place in the layout).
 */
async function endInView(el: Locator, text: string): Promise<boolean> {
  return el.evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    const nodes: { node: Text; from: number }[] = []
    let all = ''
    while (walker.nextNode()) {
      const node = walker.currentNode as Text
      nodes.push({ node, from: all.length })
      all += node.data
    }
    const at = all.indexOf(wanted)
    if (at < 0) throw new Error(`"${wanted}" is not in "${all}"`)
    const last = at + wanted.length - 1
    const hit = nodes.filter((n) => n.from <= last).at(-1)!
    const range = document.createRange()
    range.setStart(hit.node, last - hit.from)
    range.setEnd(hit.node, last - hit.from + 1)
    const r = range.getBoundingClientRect()
    for (let a = hit.node.parentElement; a; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === 'visible') continue
      const box = a.getBoundingClientRect()
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5) return false
    }
    return r.right <= window.innerWidth
  }, text)
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto(await app.openUrl())
  await page.getByRole('button', { name: 'Close the identity panel' }).click()
  await page.getByText('opc', { exact: true }).first().click()
})

test('the results table keeps the end of a test whose last segment is wider than its cell', async ({
  page
}) => {
  await page.getByRole('tab', { name: 'Evidence' }).click()
  await page.getByRole('searchbox', { name: 'Search results' }).fill('availability')
  const name =
    'tempest.api.volume.test_volumes_list.VolumesListTestJSON.test_volumes_list_details_by_availability_zone'
  const row = page.getByRole('row', { name: new RegExp(name.replaceAll('.', '\\.')) })
  await expect(row).toHaveCount(1)
  expect(await endInView(row.locator('.mid-ellipsis'), 'by_availability_zone')).toBe(true)
  await expectAccessible(page, 'the Evidence tab of an OpenStack Powered Compute case')
})

test("a finding's message shows the whole name of the test that fails", async ({ page }) => {
  await page.getByRole('tab', { name: /Review/ }).click()
  await page
    .getByRole('option', { name: /compute-availability-zones-list/ })
    .first()
    .click()
  const finding = page.getByRole('region', { name: 'Findings' }).locator('.finding .msg').first()
  await expect(finding).toContainText('test_get_availability_zone_list_with_non_admin_user')
  expect(await endInView(finding, 'test_get_availability_zone_list_with_non_admin_user')).toBe(true)
  expect(await endInView(finding, `"${CPID}"`)).toBe(true)
  await expectAccessible(page, 'the review of an OpenStack Powered Compute case')
})
