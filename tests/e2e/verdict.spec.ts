import { test, expect } from '@playwright/test'
import { join } from 'node:path'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { execFileSync, spawnSync } from 'node:child_process'
import { startApp, ROOT, type RunningApp } from './bridge-app'
import { createTestPki } from '../helpers/test-pki'
import { TEST_CLOCK_ENV } from '../helpers/clock'

const DIR = join(ROOT, 'tests/fixtures/cases/integrator')
let app: RunningApp
test.beforeAll(async () => {
  app = await startApp()
})
test.afterAll(async () => app.stop())

test('an SCS-0007 integrator case: tier, points and a why for every reference', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.goto(await app.openUrl())
  const form = page.getByRole('form', { name: 'New case' })
  await form.getByLabel('Case id').fill('nordlicht')
  await form.getByLabel('Scheme').selectOption('scs-integrator-iaas')
  await expect(form.getByLabel('Version')).toHaveValue('v2')
  await form.getByRole('button', { name: 'Create case' }).click()
  const files = readdirSync(DIR).map((f) => join(DIR, f))
  await page.getByTestId('file-input').setInputFiles(files)
  await expect(page.getByTestId('receipt')).toHaveCount(files.length)

  await page.getByRole('tab', { name: 'Verdict' }).click()
  const verdict = page.getByLabel('Verdict')
  // on the tests' fixed day (2026-11-24) only nord-public counts: stadtwerk-cloud's own share is not yet
  // accepted, and klinik-cloud's report is older than its lifetime
  await expect(page.getByTestId('verdict-outcome')).toHaveText('Bronze')
  await expect(page.getByTestId('verdict-points')).toHaveText('2')
  await expect(verdict.getByRole('region', { name: 'Subjects' })).toContainText('stadtwerk-cloud')
  const joint = verdict.getByTestId('verdict-row').filter({ hasText: 'stadtwerk-cloud' })
  await joint.locator('summary').click()
  await expect(joint).toContainText('own share stated, not yet accepted by the auditor')
  await expect(verdict.getByRole('note', { name: 'What blocks a certificate' })).toContainText('klinik-cloud')
  await page.screenshot({ path: join(ROOT, 'test-results/screenshot-verdict.png'), fullPage: false })
  expect(errors).toEqual([])
})

test('a renewal: the next round shows what changed per criterion', async ({ page }) => {
  await page.goto(await app.openUrl())
  await page.getByRole('button', { name: '+ New' }).click()
  const form = page.getByRole('form', { name: 'New case' })
  await form.getByLabel('Case id').fill('nordlicht-2027')
  await form.getByLabel('Scheme').selectOption('scs-integrator-iaas')
  await form.getByLabel('Next round of').selectOption('nordlicht')
  await form.getByRole('button', { name: 'Create case' }).click()
  const dir = mkdtempSync(join(tmpdir(), 'aw-round-'))
  const rewritten = readFileSync(join(DIR, 'self-assessment.yaml'), 'utf8').replace(
    'Operated by us as a public cloud with two regions since June 2025.',
    'Operated by us as a public cloud with three regions since June 2025.'
  )
  writeFileSync(join(dir, 'self-assessment.yaml'), rewritten)
  const files = [
    join(dir, 'self-assessment.yaml'),
    ...readdirSync(DIR)
      .filter((f) => f.startsWith('report'))
      .map((f) => join(DIR, f))
  ]
  await page.getByTestId('file-input').setInputFiles(files)
  await expect(page.getByTestId('receipt')).toHaveCount(files.length)
  await page.getByRole('tab', { name: 'Changes since round 1' }).click()
  const change = page.getByTestId('round-change').filter({ hasText: 'scoring.public-iaas-operated' })
  await expect(change).toContainText('claim-rewritten')
  await expect(change).toContainText('three regions')
})

test('sign and export the verdict from the UI, then verify it (and a tampered copy) on the Verify screen', async ({
  page
}) => {
  // the four-eyes review and two decisions, recorded by the CLI on the same workspace file
  const cli = (...args: string[]) =>
    execFileSync(process.execPath, [join(ROOT, 'out/main/cli.js'), ...args, '--db', app.dbPath], {
      encoding: 'utf8',
      env: { ...process.env, ...TEST_CLOCK_ENV }
    })
  // two auditors, two keys made by `identity create` and registered in the workspace's roster
  const keys = mkdtempSync(join(tmpdir(), 'aw-keys-'))
  const ann = join(keys, 'ann.key')
  const bob = join(keys, 'bob.key')
  cli('identity', 'create', '--name', 'Ann Auditor', '--out', ann)
  cli('identity', 'create', '--name', 'Bob Reviewer', '--out', bob)
  cli(
    'decide',
    '--case',
    'nordlicht',
    '--criterion',
    'scoring.third-party-production',
    '--subject',
    'stadtwerk-cloud',
    '--decision',
    'accept',
    '--comment',
    'own share confirmed',
    '--key',
    ann
  )
  cli(
    'decide',
    '--case',
    'nordlicht',
    '--criterion',
    'scoring.third-party-managed',
    '--subject',
    'klinik-cloud',
    '--decision',
    'reject',
    '--comment',
    'report older than its lifetime',
    '--key',
    ann
  )
  cli('review', 'submit', '--case', 'nordlicht', '--key', ann)
  cli('review', 'accept', '--case', 'nordlicht', '--key', bob)
  const pki = createTestPki()

  await page.goto(await app.openUrl())
  // the body's own trust list first: signing refuses a certificate whose chain it cannot build
  await page.getByRole('button', { name: 'Verify a verdict PDF' }).click()
  const trustList = page.getByRole('region', { name: 'Trust list of assessment bodies' })
  await expect(trustList).toContainText('The list is empty')
  await trustList.getByTestId('trust-file').setInputFiles(pki.caPem)
  await trustList.getByRole('button', { name: 'Add to the trust list' }).click()
  await expect(trustList.getByTestId('trust-entry')).toHaveCount(1)
  await expect(trustList.getByTestId('trust-entry')).toContainText('CN=Test Root CA')
  await expect(trustList.getByTestId('trust-entry')).toContainText(/([0-9A-F]{2}:){31}[0-9A-F]{2}/)
  await page.getByRole('button', { name: /^nordlicht scs-/ }).click()
  await page.getByRole('tab', { name: 'Verdict' }).click()
  const form = page.getByRole('form', { name: 'Export the verdict' })
  await expect(form.getByLabel(/Pre-audit/)).not.toBeChecked()
  await form.getByLabel('Language').selectOption('de')
  await form.getByTestId('p12-input').setInputFiles(pki.p12)
  await form.getByLabel('Passphrase').fill(pki.passphrase)
  const download = page.waitForEvent('download')
  await form.getByRole('button', { name: 'Sign and export' }).click()
  const file = join(mkdtempSync(join(tmpdir(), 'aw-dl-')), 'verdict.pdf')
  await (await download).saveAs(file)
  await expect(page.getByTestId('notice')).toContainText('Signed verdict AW-nordlicht-')
  await expect(page.getByTestId('notice')).toHaveAttribute('role', 'status')
  await expect(form.getByLabel('Passphrase')).toHaveValue('')
  const sig = spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout
  expect(sig).toContain('Signature is Valid.')
  expect(sig).toContain('Total document signed')
  expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('Zertifikat')

  await page.getByRole('button', { name: 'Verify a verdict PDF' }).click()
  await page.getByTestId('verify-input').setInputFiles(file)
  const result = page.getByRole('region', { name: 'Verification result' })
  await expect(page.getByTestId('verify-outcome')).toHaveText('VALID')
  await expect(page.getByTestId('verify-reason')).toContainText(
    'chains to C=DE, O=Test Assessment Body, CN=Test Root CA'
  )
  await expect(result).toContainText('A. Auditor (test)')
  await expect(result).toContainText('Signer fingerprint')
  await expect(result).toContainText("is in this workspace's chain of case nordlicht")
  // one date format: to the minute, in UTC, no raw ISO milliseconds
  await expect(result.getByRole('row', { name: /Signed at/ }).getByRole('cell')).toHaveText(
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC(?!:)/
  )
  await page.screenshot({ path: join(ROOT, 'test-results/screenshot-verify.png'), fullPage: true })
  // without the body in the trust list: sound, but UNTRUSTED, with the way to trust it (removing re-verifies)
  await trustList.getByRole('button', { name: /^Remove / }).click()
  await expect(page.getByTestId('verify-outcome')).toHaveText('UNTRUSTED')
  await expect(result).toContainText('add the certificate to the trust list below')
  await page.screenshot({ path: join(ROOT, 'test-results/screenshot-verify-untrusted.png'), fullPage: true })

  const tampered = file.replace('.pdf', '-tampered.pdf')
  writeFileSync(tampered, Buffer.concat([readFileSync(file), Buffer.from('\n%%EOF\n')]))
  await page.getByTestId('verify-input').setInputFiles(tampered)
  await expect(page.getByTestId('verify-outcome')).toHaveText('INVALID')
  await expect(result).toContainText('appended after signing')
})
