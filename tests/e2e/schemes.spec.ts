import { test, expect } from '@playwright/test'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { startApp, ROOT, type RunningApp } from './bridge-app'

let app: RunningApp
test.beforeAll(async () => {
  app = await startApp()
})
test.afterAll(async () => app.stop())

/** the built-in IaaS scope with scs-0101-entropy-avail moved to preview (issue 13, I1) */
const redefined = readFileSync(join(ROOT, 'resources/schemes/scs-compatible-iaas.yaml'), 'utf8').replace(
  '    targets:\n      main:\n      - scs-0101-entropy-avail\n      - scs-0101-fips-test\n',
  '    targets:\n      main:\n      - scs-0101-fips-test\n      preview:\n      - scs-0101-entropy-avail\n'
)

test('the Schemes screen lists schemes with their hash and shows what a scope file would change', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto(await app.openUrl())
  await page.getByRole('button', { name: 'Schemes' }).click()
  const table = page.getByRole('table', { name: 'Schemes in this workspace' })
  await expect(table.getByRole('row')).toHaveCount(6) // header + 5 built-in schemes
  await expect(table.getByRole('row', { name: /scs-compatible-iaas/ })).toContainText('v5.1')

  await page.getByTestId('scheme-input').setInputFiles({
    name: 'scs-compatible-iaas.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(redefined)
  })
  const preview = page.getByTestId('scheme-preview')
  await expect(preview).toContainText('would be updated')
  await expect(preview.getByRole('list', { name: 'Changes' })).toContainText(
    'v5.1: scs-0101-entropy-avail moves from main to preview in module scs-0101-v1'
  )
  const force = page.getByRole('button', { name: 'Force the import with this reason' })
  await expect(force).toBeDisabled()
  if (process.env['SCREENSHOT_DIR'])
    await page.screenshot({ path: join(process.env['SCREENSHOT_DIR'], 'schemes.png'), fullPage: false })
  await page.getByLabel(/Reason for changing a stable version/).fill('upstream errata')
  await force.click()
  await expect(preview).toContainText('updated, forced: upstream errata')
})
