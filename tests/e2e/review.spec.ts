import { test, expect } from '@playwright/test'
import { join } from 'node:path'
import { readdirSync } from 'node:fs'
import Database from 'better-sqlite3'
import { startApp, ROOT, type RunningApp } from './bridge-app'
import { createKeyInPanel } from './identity-panel'

const DIR = join(ROOT, 'tests/fixtures/cases/inconsistent')
let app: RunningApp
test.beforeAll(async () => {
  app = await startApp()
})
test.afterAll(async () => app.stop())

test('a case with contradictions: highlighted in three columns, and the queue walked by keyboard only', async ({
  page
}) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.goto(await app.openUrl())
  // first use: no key is open, so the identity panel offers to create one; Ann creates hers
  const identity = page.getByRole('region', { name: 'Auditor identity' })
  const createKey = async (name: string): Promise<void> => {
    const screenshot = () => page.screenshot({ path: join(ROOT, 'test-results/screenshot-identity.png') })
    const key = await createKeyInPanel(page, name, name === 'Ann Auditor' ? screenshot : undefined)
    expect(key.suggestedFilename()).toMatch(/\.key$/)
  }
  await createKey('Ann Auditor')
  await expect(identity).toHaveCount(0) // it closes once a key is open
  const form = page.getByRole('form', { name: 'New case' })
  await form.getByLabel('Case id').fill('contra')
  await form.getByRole('button', { name: 'Create case' }).click()
  const files = readdirSync(DIR)
    .filter((f) => f !== 'other-application.yaml')
    .map((f) => join(DIR, f))
  await page.getByTestId('file-input').setInputFiles(files)
  await expect(page.getByTestId('receipt')).toHaveCount(files.length)

  const review = page.getByTestId('review')
  await expect(review.getByRole('region', { name: 'Case overview' })).toContainText('finding(s)')
  // the blocker: scs-0101-v1 is claimed met but scs-0101-fips-test fails
  await review.getByRole('option', { name: /scs-0101-v1 contra-cloud/ }).click()
  const detail = page.getByTestId('criterion-detail')
  await expect(detail).toHaveClass(/sev-blocker/)
  await expect(detail.getByRole('region', { name: 'Claim' })).toContainText('met')
  await expect(
    detail.getByRole('region', { name: 'Check results' }).getByRole('row', { name: /scs-0101-fips-test/ })
  ).toContainText('FAIL')
  await expect(
    detail.getByRole('region', { name: 'Check results' }).getByRole('row', { name: /scs-0101-fips-test/ })
  ).toHaveClass(/flagged/)
  await expect(detail.getByRole('region', { name: 'Findings' })).toContainText('claim-contradicted')
  await page
    .getByTestId('queue-current')
    .or(page.getByRole('region', { name: 'Case overview' }))
    .first()
    .evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await page.screenshot({ path: join(ROOT, 'test-results/screenshot-review.png') })
  // log excerpt on demand
  await detail
    .getByRole('row', { name: /scs-0101-fips-test/ })
    .getByRole('button', { name: 'log' })
    .click()
  await expect(detail.getByLabel('Log of scs-0101-fips-test')).toContainText('scs-0101-fips-test: FAIL')

  // keyboard only from here: no more clicks
  await page.locator('body').focus()
  await page.keyboard.press('?')
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0)
  // the queue stands on the row clicked above; k walks back to the head of the queue
  const bar = page.getByTestId('queue-current')
  await expect(bar).toContainText('scs-0101-v1 · contra-cloud')
  for (let i = 0; i < 5; i++) await page.keyboard.press('k')
  await expect(bar).toContainText('Finding 1 of')
  await expect(bar).toHaveClass(/sev-blocker/)
  const seen = new Set<string>()
  for (let i = 0; i < 6; i++) {
    seen.add((await bar.textContent()) ?? '')
    await page.keyboard.press('j')
  }
  expect(seen.size).toBe(6)
  await expect(bar).toContainText('Finding 7 of')
  await page.keyboard.press('k')
  await expect(bar).toContainText('Finding 6 of')
  await page.keyboard.press('Enter')
  await expect(bar.locator('.msg')).not.toBeEmpty()
  // '/' jumps to search; filtering narrows the queue
  await page.keyboard.press('/')
  await page.keyboard.type('stale')
  await page.keyboard.press('Escape')
  await page.keyboard.press('j')
  await expect(bar).toContainText('evidence-stale')
  await expect(bar).toContainText('Finding 1 of 1')

  // decide by keyboard: clear the search, walk to the first open finding (the blocker), reject it
  await page.keyboard.press('/')
  await page.keyboard.press('Control+A')
  await page.keyboard.press('Backspace')
  await page.keyboard.press('Escape')
  for (let i = 0; i < 40; i++) await page.keyboard.press('k')
  await expect(bar).toContainText('Finding 1 of')
  // the head of the queue is a case-level blocker; r decides exactly what the queue shows
  await expect(bar).toContainText('version-mismatch · case-level · dr-cloud')
  const count = async (): Promise<number> =>
    Number(/Finding \d+ of (\d+)/.exec((await bar.textContent()) ?? '')?.[1])
  const openBefore = await count()
  await page.keyboard.press('r')
  const decision = page.getByRole('form', { name: 'Decision' })
  await expect(decision).toBeVisible()
  await expect(decision).toContainText('case-level · dr-cloud')
  await page.keyboard.type(
    'dr-cloud is checked against a deprecated version; it must be re-run for the version applied for.'
  )
  await expect(decision.getByTestId('decision-signer')).toHaveText('signed by Ann Auditor')
  await page.keyboard.press('Control+Enter')
  await expect(decision).toHaveCount(0)
  await expect(page.getByTestId('decision-line')).toContainText('rejected by Ann Auditor')
  // success is as visible as failure, and the decided row looks decided
  await expect(page.getByTestId('notice')).toHaveAttribute('role', 'status')
  await expect(page.getByTestId('notice')).toContainText('Rejected: case-level · dr-cloud by Ann Auditor')
  await expect(page.getByRole('option', { name: /case-level dr-cloud/ })).toContainText('rejected')
  await page.keyboard.press('j')
  expect(await count()).toBeLessThan(openBefore)

  // four eyes: Ann submits, Ann cannot accept, Bob (with his own key) accepts, and the case is locked
  const flow = page.getByLabel('Four-eyes review')
  await flow.getByRole('button', { name: 'Submit for review' }).click()
  await flow.locator('form').getByRole('button', { name: 'Submit for review' }).click()
  await expect(page.getByTestId('case-status')).toHaveText('submitted')
  await flow.getByRole('button', { name: 'Accept (second auditor)' }).click()
  await expect(flow.getByTestId('review-signer')).toHaveText('signed by Ann Auditor')
  await flow.locator('form').getByRole('button', { name: 'Accept (second auditor)' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'second auditor' })).toBeVisible()
  await page.getByRole('button', { name: 'Dismiss' }).click()
  // Bob takes the seat: Ann closes her key, Bob creates his
  await page.getByTestId('identity-chip').click()
  await identity.getByRole('button', { name: 'Close key' }).click()
  await createKey('Bob Reviewer')
  await identity.getByRole('button', { name: 'Close the identity panel' }).click()
  await expect(flow.getByTestId('review-signer')).toHaveText('signed by Bob Reviewer')
  await flow.locator('form').getByRole('button', { name: 'Accept (second auditor)' }).click()
  await expect(page.getByTestId('case-status')).toHaveText('accepted')
  await expect(flow).toContainText('locked: submitted by Ann Auditor, accepted by Bob Reviewer')
  // on a locked case a, r and w say why nothing can be decided, and open no form
  await page.locator('body').focus()
  await page.keyboard.press('a')
  await expect(page.getByRole('alert')).toContainText(
    'Nothing can be decided: case contra was accepted by Bob Reviewer'
  )
  await expect(page.getByRole('form', { name: 'Decision' })).toHaveCount(0)

  // attack A1 from outside the app: the decision table edited in the file. The case opens with the red
  // banner naming the row and the entry, and signing is blocked
  const raw = new Database(app.dbPath)
  raw.exec("UPDATE decisions SET decision = 'accept' WHERE decision = 'reject'")
  raw.close()
  await page.reload()
  await page.getByRole('button', { name: /^contra/ }).click()
  const banner = page.getByTestId('log-problems')
  await expect(banner).toContainText('differ from the audit log')
  await expect(banner).toContainText(
    /entry \d+, decisions#\d+: decision #\d+: decision is "accept" in the table, but entry \d+ says "reject"/
  )
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.screenshot({ path: join(ROOT, 'test-results/screenshot-log-problems.png') })
  expect(errors).toEqual([])
})
