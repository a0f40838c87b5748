import { test, expect, type Page } from '@playwright/test'
import { join } from 'node:path'
import { readFileSync, mkdirSync } from 'node:fs'
import Database from 'better-sqlite3'
import { startApp, ROOT, type RunningApp } from './bridge-app'
import { MAX_FILE_BYTES } from '../../src/shared/ipc/upload'

const SAMPLE = join(ROOT, 'tests/fixtures/reports/scs-report-demo-cloud.yaml')
let app: RunningApp
const consoleErrors: string[] = []

function watchConsole(page: Page): void {
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()))
  page.on('pageerror', (e) => consoleErrors.push(String(e)))
}

/** Opens the demo case of a fresh workspace on its Evidence tab: the demo report's 54 results. */
async function openDemoEvidence(page: Page): Promise<void> {
  watchConsole(page)
  await page.goto(await app.openUrl())
  await page.getByRole('button', { name: 'Open demo case' }).click()
  await page.getByRole('tab', { name: 'Evidence' }).click()
  await expect(page.getByText('Showing 54 of 54 results')).toBeVisible()
}

test.beforeEach(async () => {
  app = await startApp()
  consoleErrors.length = 0
})
test.afterEach(async () => {
  // what the page logged while the app ran: once the bridge stops, a request the page still makes (the
  // next poll, say) is refused, and that is the harness's doing, not the app's
  const whileRunning = [...consoleErrors]
  await app.stop()
  expect(whileRunning, 'no console errors').toEqual([])
})

test('a fresh workspace offers the demo case, which shows a realistic case at once', async ({ page }) => {
  watchConsole(page)
  await page.goto(await app.openUrl())
  await expect(page.getByRole('heading', { name: 'Welcome to Auditor Workbench' })).toBeVisible()
  await page.getByRole('button', { name: 'Open demo case' }).click()
  await expect(page.getByTestId('case-title')).toContainText('Demo Cloud GmbH', { timeout: 30_000 })
  // the review opens first, on the head of its queue; the storage APIs check did not finish, which
  // contradicts its claim
  await expect(page.getByTestId('queue-current')).toContainText(/Finding 1 of \d+/)
  await page.getByRole('option', { name: /scs-0123-v1/ }).click()
  await expect(page.getByTestId('review')).toContainText('claim-contradicted')
  await page.getByRole('tab', { name: 'Evidence' }).click()
  await expect(page.getByRole('table', { name: 'Testcase results' }).getByRole('row').first()).toBeVisible()
  await expect(page.getByText('Showing 54 of 54 results')).toBeVisible()
  // the scope's versions, with the applied-for one evaluated for the report's subject
  const versions = page.getByRole('region', { name: 'Scope versions' })
  await expect(versions.getByRole('row', { name: /v5\.1/ })).toContainText('effective')
  await expect(versions.getByRole('row', { name: /v5\.1/ })).toContainText('ABORT')
  await page.getByRole('button', { name: /^ABORT/ }).click()
  await expect(page.getByText('Showing 1 of 54 results')).toBeVisible()
  await expect(page.getByRole('cell', { name: 'scs-0123-storage-apis' })).toBeVisible()
  await page.getByRole('button', { name: /^All/ }).click()
  mkdirSync(join(ROOT, 'test-results'), { recursive: true })
  await page.screenshot({ path: join(ROOT, 'test-results/screenshot-demo.png'), fullPage: false })
})

test('create a case, import the sample report by file picker, reload, and find it still there', async ({
  page
}) => {
  watchConsole(page)
  await page.goto(await app.openUrl())
  const form = page.getByRole('form', { name: 'New case' })
  await form.getByLabel('Case id').fill('acme-2026')
  await form.getByLabel('Title').fill('ACME Cloud: SCS-compatible IaaS')
  await form.getByLabel('Scheme').selectOption('scs-compatible-iaas')
  await form.getByLabel('Version').selectOption('v5.1')
  await form.getByRole('button', { name: 'Create case' }).click()
  await expect(page.getByTestId('case-title')).toHaveText('ACME Cloud: SCS-compatible IaaS')

  await page.getByTestId('file-input').setInputFiles(SAMPLE)
  const receipt = page.getByTestId('receipt')
  await expect(receipt).toContainText('scs-report-demo-cloud.yaml')
  await expect(receipt).toContainText('54 accepted · 0 unknown · 0 missing · 0 duplicate')
  await expect(receipt).toContainText('demo-cloud')
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute(
    'aria-valuenow',
    '100'
  )
  await page.getByRole('tab', { name: 'Evidence' }).click()
  await expect(page.getByText('Showing 54 of 54 results')).toBeVisible()

  await page.reload()
  await page.getByRole('button', { name: /acme-2026/ }).click()
  await page.getByRole('tab', { name: 'Evidence' }).click()
  await expect(page.getByText('Showing 54 of 54 results')).toBeVisible()
  await expect(page.getByRole('region', { name: 'Imported files' })).toContainText(
    'scs-report-demo-cloud.yaml'
  )

  // and it is really in the SQLite file
  const db = new Database(app.dbPath, { readonly: true })
  try {
    const n = db
      .prepare(
        "SELECT count(*) AS n FROM testcase_results t JOIN reports r ON r.id = t.report_id WHERE r.case_id = 'acme-2026'"
      )
      .get()
    expect(n).toEqual({ n: 54 })
    const f = db.prepare('SELECT file_name, kind, size FROM imported_files').get()
    expect(f).toEqual({
      file_name: 'scs-report-demo-cloud.yaml',
      kind: 'scs-report',
      size: readFileSync(SAMPLE).length
    })
  } finally {
    db.close()
  }
})

test('drag and drop of several files at once: good ones stored, a bad one explained, nothing partial', async ({
  page
}) => {
  await openDemoEvidence(page)
  const kaasReport = [
    'spec: {uuid: 1fffebe6-fd4b-44d3-a36c-fc58b4bb0180, name: SCS-compatible KaaS, url: ""}',
    'checked_at: 2026-11-20 10:00:00',
    'reference_date: 2026-11-20',
    'subject: demo-k8s',
    'run:',
    '  uuid: 99999999-2c5c-6316-f266-f24a7a44668e',
    '  invocations:',
    '    i1: {id: i1, cmd: ./kaas/run, rc: 0, stdout: [], stderr: [], info: 0, warning: 0, error: 0, critical: 0,',
    '         results: {cncf-k8s-conformance: 1, version-policy-check: 1, kaas-networking-check: -1}}'
  ].join('\n')
  const files = [
    { name: 'kaas-report.yaml', text: kaasReport },
    {
      name: 'broken.yaml',
      text: 'spec:\n  uuid: 50393e6f-2ae1-4c5c-a62c-3b75f2abef3f\nchecked_at: yesterday\nsubject: x\nrun: {}\n'
    }
  ]
  const dataTransfer = await page.evaluateHandle((fs) => {
    const dt = new DataTransfer()
    for (const f of fs) dt.items.add(new File([f.text], f.name, { type: 'application/yaml' }))
    return dt
  }, files)
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer })
  await expect(page.getByRole('alert').filter({ hasText: 'broken.yaml' })).toContainText('checked_at')
  await expect(page.getByRole('alert').filter({ hasText: 'broken.yaml' })).toContainText(
    'expected a date and time'
  )
  await expect(page.getByTestId('receipt')).toContainText('kaas-report.yaml')
  await expect(page.getByTestId('receipt')).toContainText('the report is for scope scs-compatible-kaas')
  await expect(page.getByText('Showing 57 of 57 results')).toBeVisible()
})

test('a file over the import cap is refused in the page, unsent; the rest of the drop is imported', async ({
  page
}) => {
  await openDemoEvidence(page)
  const calls: number[] = []
  page.on(
    'request',
    (r) => r.url().includes('/api/invoke/import:files') && calls.push(r.postData()?.length ?? 0)
  )
  const dataTransfer = await page.evaluateHandle((cap) => {
    const dt = new DataTransfer()
    dt.items.add(new File([new Uint8Array(cap + 1)], 'huge.yaml'))
    dt.items.add(new File(['spec: {}\n'], 'small.yaml'))
    return dt
  }, MAX_FILE_BYTES)
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer })
  const huge = page.getByRole('alert').filter({ hasText: 'huge.yaml' })
  await expect(huge).toContainText(`the file is ${MAX_FILE_BYTES + 1} bytes; the limit is ${MAX_FILE_BYTES}`)
  await expect(page.getByRole('alert').filter({ hasText: 'small.yaml' })).toBeVisible()
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute(
    'aria-valuenow',
    '100'
  )
  expect(calls).toHaveLength(1)
  expect(calls[0]).toBeLessThan(1000) // only small.yaml went
})

test('the one-time link: the page opens once, the code leaves the address bar, a reload keeps the session', async ({
  page,
  browser
}) => {
  watchConsole(page)
  const url = await app.openUrl()
  await page.goto(url)
  await expect(page.getByRole('heading', { name: 'Welcome to Auditor Workbench' })).toBeVisible()
  // neither the code nor the token stays in the address bar (nor in the history entry it replaced)
  expect(page.url()).toBe(`${app.origin}/`)
  expect(await page.evaluate(() => window.location.href)).not.toMatch(/code=|token=/)
  expect(await page.content()).not.toContain(app.token)
  // a reload trades the cookie again (the token lived in memory only): the API answers (app:info)
  await page.reload()
  await expect(page.getByRole('banner')).toContainText(`Workspace: ${app.dbPath}`)
  await expect(page.getByRole('heading', { name: 'Welcome to Auditor Workbench' })).toBeVisible()
  expect(page.url()).toBe(`${app.origin}/`)
  // the same link in another browser (someone who read it from `ps`) opens nothing
  const other = await browser.newContext()
  try {
    const stranger = await other.newPage()
    expect((await stranger.goto(url))?.status()).toBe(401)
    // and neither does an old-style link with the token itself
    expect((await stranger.goto(`${app.origin}/?token=${app.token}`))?.status()).toBe(401)
  } finally {
    await other.close()
  }
})

test('a spent link tells the user how to get a new one', async ({ page }) => {
  const url = await app.openUrl()
  await page.goto(url)
  await expect(page.getByRole('heading', { name: 'Welcome to Auditor Workbench' })).toBeVisible()
  await page.context().clearCookies()
  const again = await page.goto(url)
  expect(again?.status()).toBe(401)
  await expect(page.getByText(/Press Enter in the terminal/)).toBeVisible()
})

test.describe('the bridge refuses unauthenticated requests', () => {
  test('no token, a wrong token, a foreign Origin', async ({ request }) => {
    expect((await request.get(`${app.origin}/`)).status()).toBe(401)
    expect((await request.get(`${app.origin}/?token=wrong`)).status()).toBe(401)
    const call = (headers: Record<string, string>) =>
      request.post(`${app.origin}/api/invoke/cases:list`, {
        headers: { 'Content-Type': 'application/json', ...headers },
        data: '[]'
      })
    expect((await call({})).status()).toBe(401)
    expect((await call({ 'X-AW-Token': 'wrong' })).status()).toBe(401)
    expect((await call({ 'X-AW-Token': app.token, Origin: 'https://evil.example' })).status()).toBe(403)
    expect((await call({ 'X-AW-Token': app.token })).status()).toBe(200)
  })
})
