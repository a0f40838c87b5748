/**
 * Regenerates the README's screenshots of the review desk at 1280×720 (not part of `npm test`):
 *   npm run build && npx tsx scripts/screenshots.ts [outDir]
 * It starts the built bridge on a fresh workspace with the tests' fixed clock, opens the demo case and the
 * integrator fixture, and writes docs/screenshot*.png (or into outDir).
 */
import { chromium } from '@playwright/test'
import { join } from 'node:path'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { startApp, ROOT } from '../tests/e2e/bridge-app'
import { createKeyInPanel } from '../tests/e2e/identity-panel'
import { CHROMIUM_ARGS } from '../playwright.config'

const out = process.argv[2] ?? join(ROOT, 'docs')
mkdirSync(out, { recursive: true })
const app = await startApp()
const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS
})
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
  await page.goto(await app.openUrl())
  // first use: the identity panel offers a key; an auditor key is made and opened
  await createKeyInPanel(page, 'Ann Auditor')
  await page.getByRole('button', { name: 'Open demo case' }).click()
  await page.getByTestId('review').waitFor()
  await page
    .getByRole('option', { name: /scs-0123-v1/ })
    .first()
    .click()
  await page.screenshot({ path: join(out, 'screenshot-review.png') })
  await page.getByRole('tab', { name: 'Evidence' }).click()
  await page.getByRole('table', { name: 'Testcase results' }).waitFor()
  await page.screenshot({ path: join(out, 'screenshot.png') })

  // the integrator fixture: import its four files, then the desk and the verdict
  await page.getByRole('button', { name: '+ New' }).click()
  const form = page.getByRole('form', { name: 'New case' })
  await form.getByLabel('Case id').fill('nordlicht')
  await form.getByLabel('Scheme').selectOption('scs-integrator-iaas')
  await form.getByRole('button', { name: 'Create case' }).click()
  const dir = join(ROOT, 'tests/fixtures/cases/integrator')
  // the four fixture files and, by mistake, an image: the import bar counts both kinds
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082',
    'hex'
  )
  await page.getByTestId('file-input').setInputFiles([
    ...readdirSync(dir).map((f) => ({
      name: f,
      mimeType: 'application/yaml',
      buffer: readFileSync(join(dir, f))
    })),
    { name: 'architecture.png', mimeType: 'image/png', buffer: png }
  ])
  await page
    .getByTestId('import-summary')
    .getByText(/files? (stored|refused)/)
    .waitFor()
  await page.screenshot({ path: join(out, 'screenshot-import.png') })
  await page.getByRole('searchbox', { name: 'Search the review' }).fill('public-iaas-operated')
  await page.getByRole('option', { name: /scoring\.public-iaas-operated nord-public/ }).click()
  await page.getByRole('searchbox', { name: 'Search the review' }).fill('')
  await page.screenshot({ path: join(out, 'screenshot-review-integrator.png') })
  await page.getByRole('tab', { name: 'Verdict' }).click()
  await page.getByTestId('verdict-outcome').waitFor()
  await page.screenshot({ path: join(out, 'screenshot-verdict.png') })
  console.log(`screenshots written to ${out}`)
} finally {
  await browser.close()
  await app.stop()
}
